/**
 * Kubernetes Secret manifests with inline values: in a YAML document of `kind: Secret`, every
 * entry under `data:` (base64) or `stringData:` (plain) is a secret, unless it is a template
 * (`{{ .Values.password }}`), empty, or a placeholder.
 */
import { isPlaceholder, isTemplate } from './placeholders.js';
import type { Span } from './rule.js';

export const KUBERNETES_KEYWORDS = ['kind: secret', 'kind:secret', 'kind: "secret"', "kind: 'secret'"];

const KIND_SECRET = /^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*(?:#[^\n]*)?$/gm;
const SECTION = /^([ \t]*)(data|stringData):[ \t]*(?:#[^\n]*)?$/gm;
const ENTRY = /^([ \t]+)([\w.-]+):[ \t]*(\S(?:[^\n]*\S)?)?[ \t]*$/;
const MAX_DOCUMENT = 200_000;

function documentBounds(text: string, index: number): [number, number] {
  const before = text.lastIndexOf('\n---', index);
  const after = text.indexOf('\n---', index);
  const start = before === -1 ? 0 : before + 4;
  const end = after === -1 ? text.length : after;
  return [Math.max(start, index - MAX_DOCUMENT), Math.min(end, index + MAX_DOCUMENT)];
}

function decodedValue(section: string, value: string): string {
  if (section !== 'data') return value;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
}

/** The spans of the inline values of every `kind: Secret` document in `text`. */
export function findKubernetesSecretValues(text: string): Span[] {
  const spans: Span[] = [];
  let done = 0;
  KIND_SECRET.lastIndex = 0;
  for (let kind = KIND_SECRET.exec(text); kind !== null; kind = KIND_SECRET.exec(text)) {
    if (kind.index < done) continue;
    const [start, end] = documentBounds(text, kind.index);
    done = end;
    const document = text.slice(start, end);
    SECTION.lastIndex = 0;
    for (let section = SECTION.exec(document); section !== null; section = SECTION.exec(document)) {
      const indent = (section[1] ?? '').length;
      let at = section.index + section[0].length + 1;
      while (at < document.length) {
        const lineEnd = document.indexOf('\n', at);
        const line = document.slice(at, lineEnd === -1 ? document.length : lineEnd);
        const entry = ENTRY.exec(line);
        if (line.trim() !== '' && (entry === null || (entry[1] ?? '').length <= indent)) break;
        const raw = entry?.[3];
        if (entry && raw !== undefined && !raw.startsWith('#') && !raw.startsWith('|') && !raw.startsWith('>')) {
          const value = raw.replace(/^(["'])(.*)\1$/, '$2');
          const valueStart = at + (/^[ \t]+[\w.-]+:[ \t]*/.exec(line)?.[0].length ?? 0) + (value.length === raw.length ? 0 : 1);
          if (value.length > 0 && !isTemplate(value) && !isPlaceholder(decodedValue(section[2] ?? '', value), 'credential')) {
            spans.push({ start: start + valueStart, end: start + valueStart + value.length });
          }
        }
        if (lineEnd === -1) break;
        at = lineEnd + 1;
      }
    }
  }
  return spans;
}
