import { parseArgs } from 'node:util';
import { REPORTS, SOURCES, type ReportKind, type SourceFilter } from '../query/index.js';

/** The words of `loom metrics …` the early answer takes: exactly what `metrics`'s flags would parse them to. */
export interface EarlyRequest {
  kind: ReportKind;
  source: SourceFilter;
  breakdown: boolean;
  json: boolean;
  csv: boolean;
  since?: string;
  until?: string;
  project?: string;
  model?: string;
}

const OPTIONS = {
  since: { type: 'string' },
  until: { type: 'string' },
  project: { type: 'string' },
  model: { type: 'string' },
  source: { type: 'string' },
  breakdown: { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
} as const;

/**
 * `metrics [report] [--flag value | --flag=value | --switch]…`, in any order, read by Node's
 * `parseArgs` (strict, so an unknown or short flag throws); undefined for anything oclif would
 * read otherwise or reject: another command word, a second argument, a repeated flag, `--`, an
 * empty value or one that looks like a flag, `--json` with `--csv`, an option outside its list.
 */
export function parseEarly(argv: readonly string[]): EarlyRequest | undefined {
  if (argv[0] !== 'metrics') return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  const { values, positionals, tokens } = parsed;
  const names = tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  const terminated = tokens.some((token) => token.kind === 'option-terminator');
  // `--since=` or `--since=-1d`: oclif's reading of those is the command's to give.
  const oddValue = tokens.some((token) => token.kind === 'option' && token.value !== undefined && (token.value === '' || token.value.startsWith('-')));
  if (terminated || oddValue || positionals.length > 1 || new Set(names).size !== names.length) return undefined;
  const kind = positionals[0] ?? 'daily';
  const source = values.source ?? 'all';
  if (!(REPORTS as readonly string[]).includes(kind) || !(SOURCES as readonly string[]).includes(source)) return undefined;
  const request: EarlyRequest = {
    kind: kind as ReportKind,
    source: source as SourceFilter,
    breakdown: values.breakdown === true,
    json: values.json === true,
    csv: values.csv === true,
    since: values.since,
    until: values.until,
    project: values.project,
    model: values.model,
  };
  return request.json && request.csv ? undefined : request;
}
