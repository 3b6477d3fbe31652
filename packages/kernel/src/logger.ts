export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** A logger whose lines carry `[scope]`, for plugins. */
  child(scope: string): Logger;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export type LogSink = (level: Exclude<LogLevel, 'silent'>, line: string) => void;

/** Writes to stderr so that stdout stays clean for `--json`. */
export const stderrSink: LogSink = (level, line) => {
  process.stderr.write(`${level === 'info' ? '' : `${level}: `}${line}\n`);
};

/** `level` may be a function: the CLI learns the configured level only after reading config. */
export function createLogger(level: LogLevel | (() => LogLevel) = 'warn', sink: LogSink = stderrSink, scope?: string): Logger {
  const current = typeof level === 'function' ? level : () => level;
  const write = (at: Exclude<LogLevel, 'silent'>, message: string) => {
    if (RANK[at] <= RANK[current()]) sink(at, scope ? `[${scope}] ${message}` : message);
  };
  return {
    error: (message) => write('error', message),
    warn: (message) => write('warn', message),
    info: (message) => write('info', message),
    debug: (message) => write('debug', message),
    child: (child) => createLogger(level, sink, scope ? `${scope}:${child}` : child),
  };
}
