/**
 * The one error type of Loom. A stable SCREAMING_SNAKE `code`, a `message` saying what
 * happened, and a `hint` saying what to do. Recognised by a brand rather than
 * `instanceof`, because a plugin installed by oclif carries its own copy of this module.
 */
const BRAND = 'loom.error';

export interface LoomErrorOptions {
  hint?: string | undefined;
  plugin?: string | undefined;
  cause?: unknown;
  /** Process exit code the CLI uses; 1 unless a code says otherwise. */
  exitCode?: number | undefined;
}

export interface LoomErrorJson {
  code: string;
  message: string;
  hint?: string | undefined;
  plugin?: string | undefined;
}

export class LoomError extends Error {
  readonly $brand = BRAND;
  readonly code: string;
  readonly hint: string | undefined;
  readonly plugin: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: LoomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoomError';
    this.code = code;
    this.hint = options.hint;
    this.plugin = options.plugin;
    this.exitCode = options.exitCode ?? 1;
  }

  toJSON(): LoomErrorJson {
    return { code: this.code, message: this.message, hint: this.hint, plugin: this.plugin };
  }
}

export function isLoomError(value: unknown): value is LoomError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $brand?: unknown }).$brand === BRAND &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** Wraps anything thrown into a LoomError, keeping the original as `cause`. */
export function toLoomError(value: unknown, code = 'INTERNAL', hint?: string): LoomError {
  if (isLoomError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new LoomError(code, message, { cause: value, hint });
}
