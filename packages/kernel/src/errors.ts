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

/**
 * Wraps anything thrown into a LoomError, keeping the original as `cause`. Without a code of
 * the caller's, Node's error about a file or folder is `FS_<code>` (see `fileSystemError`).
 */
export function toLoomError(value: unknown, code = 'INTERNAL', hint?: string): LoomError {
  if (isLoomError(value)) return value;
  const onDisk = code === 'INTERNAL' && hint === undefined ? fileSystemError(value) : undefined;
  if (onDisk) return onDisk;
  const message = value instanceof Error ? value.message : String(value);
  return new LoomError(code, message, { cause: value, hint });
}

/** Node's errors about a file or folder: what the user's disk or settings say, not a bug. */
const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EROFS', 'ENOSPC', 'EDQUOT', 'EEXIST', 'ENAMETOOLONG', 'ELOOP']);

/**
 * A Node file-system error that names its path (`ENOENT: …, mkdir '/proc/x'`) as `FS_<code>`,
 * with a hint at the path and at the variables that place Loom's own folders.
 */
export function fileSystemError(error: unknown): LoomError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (code === undefined || !FILE_ERRORS.has(code) || typeof path !== 'string' || typeof syscall !== 'string') return undefined;
  return new LoomError(`FS_${code}`, firstLine(error.message), {
    hint: `check ${path} and its permissions; Loom's own folders are set by LOOM_CONFIG_DIR, LOOM_DATA_DIR and LOOM_CACHE_DIR`,
    cause: error,
  });
}

export function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim().length > 0) ?? text).trim();
}
