import { SUM_FIELDS, type Source, type UsagePart, type UsageRow } from '../types.js';

/** Row objects (Loom's folded calls, tests) as one source's columns. */
export function usagePart(source: Source, rows: readonly UsageRow[]): UsagePart {
  const text: string[] = [];
  const ids = new Map<string, number>();
  const id = (value: string | null) => {
    if (value === null) return -1;
    let at = ids.get(value);
    if (at === undefined) ids.set(value, (at = text.push(value) - 1));
    return at;
  };
  const n = rows.length;
  const part = { source, length: n, text, t: new Float64Array(n), lastT: new Float64Array(n), project: new Int32Array(n), session: new Int32Array(n), command: new Int32Array(n), model: new Int32Array(n) } as UsagePart & Record<(typeof SUM_FIELDS)[number] | 't' | 'lastT', Float64Array> & Record<'project' | 'session' | 'command' | 'model', Int32Array>;
  for (const field of SUM_FIELDS) part[field] = new Float64Array(n);
  rows.forEach((row, at) => {
    part.t[at] = row.t;
    part.lastT[at] = row.lastT ?? row.t;
    part.project[at] = id(row.project);
    part.session[at] = id(row.session);
    part.command[at] = id(row.command);
    part.model[at] = id(row.model);
    for (const field of SUM_FIELDS) part[field][at] = row[field];
  });
  return part;
}
