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

const VALUED = new Set(['since', 'until', 'project', 'model', 'source']);
const SWITCHES = new Set(['breakdown', 'json', 'csv']);

/**
 * `metrics [report] [--flag value | --flag=value | --switch]…`, in any order; undefined for
 * anything else oclif would read otherwise or reject: another command word, a second
 * argument, an unknown, repeated or short flag, `--`, a value oclif could take for a flag,
 * `--json` with `--csv`, an option outside its list.
 */
export function parseEarly(argv: readonly string[]): EarlyRequest | undefined {
  if (argv[0] !== 'metrics') return undefined;
  let kind: string | undefined;
  const seen = new Map<string, string | true>();
  for (let n = 1; n < argv.length; n++) {
    const word = argv[n]!;
    if (!word.startsWith('-')) {
      if (kind !== undefined) return undefined;
      kind = word;
      continue;
    }
    if (!word.startsWith('--') || word === '--') return undefined;
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    if (seen.has(name)) return undefined;
    if (SWITCHES.has(name) && eq < 0) seen.set(name, true);
    else if (VALUED.has(name)) {
      const value = eq < 0 ? argv[++n] : word.slice(eq + 1);
      if (value === undefined || value === '' || value.startsWith('-')) return undefined;
      seen.set(name, value);
    } else return undefined;
  }
  kind ??= 'daily';
  const source = (seen.get('source') ?? 'all') as string;
  if (!(REPORTS as readonly string[]).includes(kind) || !(SOURCES as readonly string[]).includes(source)) return undefined;
  const text = (name: string) => seen.get(name) as string | undefined;
  const request: EarlyRequest = { kind: kind as ReportKind, source: source as SourceFilter, breakdown: seen.has('breakdown'), json: seen.has('json'), csv: seen.has('csv'), since: text('since'), until: text('until'), project: text('project'), model: text('model') };
  return request.json && request.csv ? undefined : request;
}
