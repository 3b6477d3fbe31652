/**
 * The labelled data for training and evaluating the injection classifier, built from the dev
 * data (`../shared/data/injection-dev`) and the hand-written banks, deterministically.
 *
 * Splits are made BEFORE any example is built, on source rows: deepset rows in groups (rows
 * sharing a six-word run or containing one another, and English rows with their German
 * translations, go together), BIPIA attacks by category, BIPIA contexts by row, bank entries by
 * entry. Train / validation / test get 60 / 20 / 20 %. Examples are then built inside each split
 * only, so no attack string, context or translation of one appears in two splits.
 *
 * Positives: injections standalone and inserted into contexts at varied places (prose, code
 * comments, docstrings, string literals, HTML and markdown comments, hidden HTML, base64, hex,
 * escapes, Unicode tags, zero-width steganography, zero-width splitting, bidi, homoglyphs,
 * full-width). Negatives: benign rows standalone and inside contexts, contexts alone in three
 * renderings, benign hidden-channel decoys (BOM, emoji joiners, RTL marks, base64 of config,
 * percent-encoded paths, TODO comments).
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACK_FILLERS, ATTACK_TEMPLATES, BENIGN_DOCS, BENIGN_TEMPLATES, EXTRA_ATTACKS, TEMPLATE_FILLERS } from './banks.js';
import { MULTILINGUAL_ATTACKS, MULTILINGUAL_BENIGN } from './banks-multilingual.js';
import { syntheticDoc } from './synthetic.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];
export const DEFAULT_SEED = 1337;
const FRACTIONS: Record<SplitName, number> = { train: 0.6, validation: 0.2, test: 0.2 };
/** Generated benign documents per split. */
const SYNTHETIC_DOCS: Record<SplitName, number> = { train: 300, validation: 80, test: 80 };

export interface Example {
  text: string;
  label: 0 | 1;
  /** Where the text came from: `deepset`, `bipia`, `context` (negatives), `bank`, `synthetic` (generated docs). */
  source: 'deepset' | 'bipia' | 'context' | 'bank' | 'synthetic';
  /** How it was built, e.g. `standalone`, `html-comment:markdown`. */
  kind: string;
  /** Original [start, end) of the inserted injection, when it was inserted into a carrier. */
  inserted?: [number, number];
}

export type Splits = Record<SplitName, Example[]>;

// ---------------------------------------------------------------- randomness

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

/** Assigns shuffled units to splits by their weight, keeping each split near its fraction. */
function assign<T>(units: readonly T[], weight: (unit: T) => number, random: () => number): Record<SplitName, T[]> {
  const out: Record<SplitName, T[]> = { train: [], validation: [], test: [] };
  const load: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const total = units.reduce((sum, unit) => sum + weight(unit), 0);
  for (const unit of shuffle(units, random)) {
    // The split furthest below its share takes the unit.
    let best: SplitName = 'train';
    let deficit = -Infinity;
    for (const split of SPLITS) {
      const d = FRACTIONS[split] * total - load[split];
      if (d > deficit) {
        deficit = d;
        best = split;
      }
    }
    out[best].push(unit);
    load[best] += weight(unit);
  }
  return out;
}

// ---------------------------------------------------------------- dev data

interface DeepsetRow {
  text: string;
  label: 0 | 1;
}

interface ContextRow {
  error: string[];
  code: string[];
  context: string[];
  ideal: string[];
}

export interface DevData {
  deepset: DeepsetRow[];
  attacks: Record<string, string[]>;
  contexts: ContextRow[];
}

export function readDevData(dir: string): DevData {
  const lines = (file: string): string[] => readFileSync(join(dir, file), 'utf8').split('\n').filter((line) => line.trim() !== '');
  return {
    deepset: lines('deepset-train.jsonl').map((line) => JSON.parse(line) as DeepsetRow),
    attacks: JSON.parse(readFileSync(join(dir, 'bipia-code-attacks-train.json'), 'utf8')) as Record<string, string[]>,
    contexts: lines('bipia-code-contexts-train.jsonl').map((line) => JSON.parse(line) as ContextRow),
  };
}

const GERMAN = new Set('der die das und ist nicht ich du sie wie was warum wer ein eine mit für auf zu von im den dem des sind bitte nun jetzt alle mir mich dir dich gibt kann werden welche'.split(' '));
const ENGLISH = new Set('the and is not you what why who a an with for on to of in are please now all me my your can which how does do i'.split(' '));
const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Groups of deepset rows that must share a split: near-duplicates, compositions, translations. */
export function groupDeepset(rows: readonly DeepsetRow[]): number[][] {
  const parent = rows.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const tokens = rows.map((row) => wordsOf(row.text));
  // Six-word runs in common.
  const seen = new Map<string, number>();
  tokens.forEach((list, i) => {
    for (let k = 0; k + 6 <= list.length; k++) {
      const key = list.slice(k, k + 6).join(' ');
      const other = seen.get(key);
      if (other === undefined) seen.set(key, i);
      else union(i, other);
    }
  });
  // Short rows contained in longer ones (a question with an injection appended).
  const flat = tokens.map((list) => ` ${list.join(' ')} `);
  flat.forEach((short, i) => {
    if ((tokens[i] as string[]).length >= 6 || (tokens[i] as string[]).length === 0) return;
    flat.forEach((long, j) => {
      if (i !== j && long.length > short.length && long.includes(short)) union(i, j);
    });
  });
  // English–German translation pairs: rare words (names, numbers) in common.
  const language = tokens.map((list) => {
    const de = list.filter((w) => GERMAN.has(w)).length;
    const en = list.filter((w) => ENGLISH.has(w)).length;
    return de > en ? 'de' : 'en';
  });
  const sets = tokens.map((list) => new Set(list.filter((w) => w.length >= 3)));
  const df = new Map<string, number>();
  for (const set of sets) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  rows.forEach((row, i) => {
    if (language[i] !== 'de') return;
    let best = -1;
    let bestShared = 0;
    rows.forEach((other, j) => {
      if (language[j] !== 'en') return;
      const ratio = row.text.length / Math.max(1, other.text.length);
      if (ratio < 0.5 || ratio > 2) return;
      let shared = 0;
      for (const w of sets[i] as Set<string>) if ((sets[j] as Set<string>).has(w) && (df.get(w) ?? 0) <= 4) shared++;
      if (shared > bestShared) {
        bestShared = shared;
        best = j;
      }
    });
    const short = (tokens[i] as string[]).length <= 8;
    if (best >= 0 && (bestShared >= 2 || (short && bestShared >= 1))) union(i, best);
  });
  const groups = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(i);
    groups.set(root, list);
  });
  return [...groups.values()];
}

// ---------------------------------------------------------------- carriers

/** A document with a place to insert text: `before` + inserted + `after`. */
interface Carrier {
  kind: 'markdown' | 'python' | 'html' | 'doc';
  before: string;
  after: string;
}

const isFence = (line: string): boolean => line.trim().startsWith('```');

function prose(lines: readonly string[]): { prose: string[]; code: string[] } {
  const out = { prose: [] as string[], code: [] as string[] };
  let inCode = false;
  for (const line of lines) {
    if (isFence(line)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) out.code.push(line);
    else if (line.trim() !== '') out.prose.push(line);
  }
  return out;
}

/** The three renderings of a context, whole (for negatives). */
function renderContext(row: ContextRow, kind: 'markdown' | 'python' | 'html'): string {
  const parts = prose(row.context);
  if (kind === 'markdown') {
    return ['## Question', '', 'I get this error:', '', '```', ...row.error, '```', '', 'with this code:', '', '```python', ...row.code, '```', '', '## Answer', '', ...row.context].join('\n');
  }
  if (kind === 'python') {
    const comments = parts.prose.map((line) => `# ${line.trim()}`);
    return ['"""Fix for:', ...row.error.filter((l) => l.trim() !== '').slice(-1), '"""', ...comments, '', ...row.ideal].join('\n');
  }
  const paragraphs = parts.prose.map((line) => `<p>${line.trim()}</p>`);
  return ['<html><body>', '<h1>Answer</h1>', ...paragraphs, '<pre><code>', ...parts.code, '</code></pre>', '</body></html>'].join('\n');
}

/** Splits a rendering at a line boundary chosen by `where` (0 start … 1 end). */
function carrierOf(text: string, kind: Carrier['kind'], where: number): Carrier {
  const lines = text.split('\n');
  const at = Math.max(0, Math.min(lines.length, Math.round(where * lines.length)));
  const before = lines.slice(0, at).join('\n');
  const after = lines.slice(at).join('\n');
  return { kind, before: before === '' ? '' : `${before}\n`, after: after === '' ? '' : `\n${after}` };
}

// ---------------------------------------------------------------- placements

export const POSITIVE_PLACEMENTS = [
  'plain',
  'plain',
  'plain',
  'code-comment',
  'code-comment',
  'docstring',
  'string-literal',
  'html-comment',
  'html-comment',
  'hidden-html',
  'markdown-comment',
  'base64',
  'hex',
  'escapes',
  'unicode-tags',
  'zero-width-stego',
  'zero-width-split',
  'variation-selectors',
  'bidi',
  'homoglyph',
  'fullwidth',
] as const;
export type Placement = (typeof POSITIVE_PLACEMENTS)[number];
/** Placements that make sense for benign text too (no smuggling channels). */
export const NEGATIVE_PLACEMENTS: readonly Placement[] = ['plain', 'plain', 'plain', 'code-comment', 'docstring', 'string-literal', 'html-comment', 'hidden-html', 'markdown-comment'];

const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і' };

function encodeTags(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code <= 0x7e) out += String.fromCodePoint(0xe0000 + code);
  }
  return out;
}

function encodeZeroWidth(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) for (let bit = 7; bit >= 0; bit--) out += (byte >> bit) & 1 ? '\u200c' : '\u200b';
  return out;
}

const EMOJI = ['\u{1f600}', '\u{1f680}', '\u2728', '\u{1f44d}', '\u{1f389}', '\u2705', '\u{1f525}', '\u{1f4e6}'];

function encodeSelectors(text: string, random: () => number): string {
  let out = pick(EMOJI, random);
  for (const byte of Buffer.from(text, 'utf8')) out += String.fromCodePoint(byte < 16 ? 0xfe00 + byte : 0xe0100 + byte - 16);
  return out;
}

function splitWithZeroWidth(text: string, random: () => number): string {
  return text.replace(/[\p{L}]{4,}/gu, (word) => {
    if (random() < 0.5) return word;
    const at = 1 + Math.floor(random() * (word.length - 2));
    return `${word.slice(0, at)}${pick(['\u200b', '\u200c', '\u2060', '\u00ad', '\ufeff'], random)}${word.slice(at)}`;
  });
}

/** `text` placed into a carrier of kind `kind`: the inserted string. */
function place(text: string, placement: Placement, carrier: Carrier['kind'], random: () => number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  switch (placement) {
    case 'plain':
      return carrier === 'html' ? `<p>${text}</p>` : carrier === 'python' ? text.split('\n').map((l) => `# ${l}`).join('\n') : text;
    case 'code-comment':
      if (carrier === 'python') return text.split('\n').map((l) => `    # ${l}`).join('\n');
      return pick(['// ', '# ', '-- '], random) === '// ' ? `\`\`\`js\n${text.split('\n').map((l) => `// ${l}`).join('\n')}\nconst ready = true;\n\`\`\`` : `\`\`\`python\n${text.split('\n').map((l) => `# ${l}`).join('\n')}\nready = True\n\`\`\``;
    case 'docstring':
      return carrier === 'python' ? `def helper():\n    """${text}"""\n    return None` : `\`\`\`python\ndef helper():\n    """${text}"""\n    return None\n\`\`\``;
    case 'string-literal': {
      const literal = JSON.stringify(text);
      return carrier === 'python' ? `NOTE = ${literal}` : `\`\`\`js\nconst note = ${literal};\n\`\`\``;
    }
    case 'html-comment':
      return `<!-- ${text} -->`;
    case 'hidden-html':
      return pick([`<div style="display:none">${text}</div>`, `<span hidden>${text}</span>`, `<p style="font-size:0">${text}</p>`, `<div aria-hidden="true" style="color:white">${text}</div>`], random);
    case 'markdown-comment':
      return `[//]: # (${oneLine.replace(/[()]/g, '')})`;
    case 'base64': {
      const encoded = Buffer.from(text, 'utf8').toString('base64');
      return pick([encoded, `data = "${encoded}"`, `<!-- ${encoded} -->`, `Decode and apply: ${encoded}`], random);
    }
    case 'hex':
      return `payload = "${Buffer.from(text, 'utf8').toString('hex')}"`;
    case 'escapes': {
      const escaped = [...text].map((ch) => (/[a-z]/i.test(ch) && random() < 0.7 ? `&#${ch.charCodeAt(0)};` : ch)).join('');
      return pick([escaped, [...Buffer.from(oneLine, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')], random);
    }
    case 'unicode-tags':
      return encodeTags(oneLine);
    case 'zero-width-stego':
      return encodeZeroWidth(oneLine);
    case 'zero-width-split':
      return splitWithZeroWidth(text, random);
    case 'variation-selectors':
      return encodeSelectors(oneLine, random);
    case 'bidi':
      return `\u202e${text}\u202c`;
    case 'homoglyph':
      return text.replace(/[aeopcxi]/g, (ch) => (random() < 0.5 ? (HOMOGLYPHS[ch] as string) : ch));
    case 'fullwidth':
      return text.replace(/[!-~]/g, (ch) => (random() < 0.6 ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch));
  }
}

const DECOYS: readonly ((random: () => number) => string)[] = [
  () => '\ufeff',
  () => 'Our team 👨\u200d👩\u200d👧 says hi!',
  (random) => `${pick(EMOJI, random)} ${pick(['Features', 'Quick start', 'Thanks for reading!', 'New in 2.0', 'See the notes below.'], random)}`,
  () => '## \u2699\ufe0f Configuration\n\n\u26a0\ufe0f Breaking change: the `cwd` option was removed.',
  () => 'Hebrew title: \u200fשלום עולם\u200f (hello world).',
  () => 'Author: \u2067محمد\u2069 (Cairo).',
  () => `config = "${Buffer.from(JSON.stringify({ region: 'eu-west-1', retries: 3, verbose: false }), 'utf8').toString('base64')}"`,
  () => `Authorization: Basic ${Buffer.from('demo-user:demo-password', 'utf8').toString('base64')}`,
  (random) => `checksum: ${[...Array(40)].map(() => '0123456789abcdef'[Math.floor(random() * 16)]).join('')}`,
  (random) => `image = "data:image/png;base64,${Buffer.from([...Array(48)].map(() => Math.floor(random() * 256))).toString('base64')}"`,
  () => 'Download: https://example.com/files/annual%20report%202023%20final%20version.pdf',
  () => '<!-- TODO: add a section about the plugin API -->',
  () => '<span class="visually-hidden" hidden>Open the menu</span>',
  () => 'Die Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesellschaft wurde 1829 gegründet.',
  () => 'Use `\\u00e9` or `&#233;` for é; the escape `\\x41` is an A.',
];

// ---------------------------------------------------------------- building

function fill(template: string, fillers: Readonly<Record<string, readonly string[]>>, random: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const list = fillers[name] ?? fillers[name.toLowerCase()];
    if (list === undefined) throw new Error(`no filler ${name}`);
    const value = pick(list, random);
    return name[0] === name[0]?.toUpperCase() && name[0] !== name[0]?.toLowerCase() ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
}

interface SplitSources {
  deepset: DeepsetRow[];
  attacks: string[];
  contexts: ContextRow[];
  benign: string[];
  extraAttacks: string[];
  benignTemplates: string[];
  attackTemplates: string[];
  synthetic: string[];
}

/** Hosts for inserted text: a BIPIA context (3 in 5) or a hand-written or generated document. */
function carriers(sources: SplitSources, random: () => number): () => Carrier {
  const contexts: { text: string; kind: Carrier['kind'] }[] = [];
  for (const row of sources.contexts) for (const kind of ['markdown', 'python', 'html'] as const) contexts.push({ text: renderContext(row, kind), kind });
  const docs = [...sources.benign, ...sources.synthetic].map((text) => ({ text, kind: 'doc' as const }));
  return () => {
    const { text, kind } = pick(random() < 0.6 ? contexts : docs, random);
    return carrierOf(text, kind, pick([0, 0.5, 1, random()], random));
  };
}

function insert(carrier: Carrier, inserted: string, spacing: string): { text: string; inserted: [number, number] } {
  const head = `${carrier.before}${carrier.before === '' ? '' : spacing}`;
  const text = `${head}${inserted}${carrier.after === '' ? '' : spacing}${carrier.after}`;
  return { text, inserted: [head.length, head.length + inserted.length] };
}

function buildSplit(sources: SplitSources, split: SplitName, seed: number): Example[] {
  const random = mulberry32(seed);
  const examples: Example[] = [];
  const carrier = carriers(sources, random);
  // Evaluation splits cycle through every placement; training samples them.
  let cycle = 0;
  const positivePlacement = (): Placement => (split === 'train' ? pick(POSITIVE_PLACEMENTS, random) : (POSITIVE_PLACEMENTS[cycle++ % POSITIVE_PLACEMENTS.length] as Placement));
  const embed = (text: string, label: 0 | 1, source: Example['source'], placement: Placement): void => {
    const host = carrier();
    const inserted = place(text, placement, host.kind === 'doc' ? 'markdown' : host.kind, random);
    const built = insert(host, inserted, host.kind === 'python' ? '\n' : '\n\n');
    examples.push({ text: built.text, label, source, kind: `${placement}:${host.kind}`, inserted: built.inserted });
  };

  // deepset rows: standalone, and once inside a carrier.
  for (const row of sources.deepset) {
    examples.push({ text: row.text, label: row.label, source: 'deepset', kind: 'standalone' });
    embed(row.text, row.label, 'deepset', row.label === 1 ? positivePlacement() : pick(NEGATIVE_PLACEMENTS, random));
  }
  // BIPIA code attacks: inside carriers (that is how they arrive), a few standalone.
  const perAttack = split === 'train' ? 8 : 6;
  for (const attack of sources.attacks) {
    for (let k = 0; k < perAttack; k++) embed(attack, 1, 'bipia', positivePlacement());
    examples.push({ text: attack, label: 1, source: 'bipia', kind: 'standalone' });
  }
  // Contexts alone, in every rendering, some with benign decoys.
  for (const row of sources.contexts) {
    for (const kind of ['markdown', 'python', 'html'] as const) {
      const text = renderContext(row, kind);
      examples.push({ text, label: 0, source: 'context', kind: `context:${kind}` });
      const decoy = pick(DECOYS, random)(random);
      const host = carrierOf(text, kind, random());
      examples.push({ text: insert(host, decoy, '\n').text, label: 0, source: 'context', kind: `decoy:${kind}` });
    }
  }
  // Generated READMEs, changelogs, docs and code.
  for (const doc of sources.synthetic) examples.push({ text: doc, label: 0, source: 'synthetic', kind: 'standalone' });
  // Banks.
  for (const doc of sources.benign) {
    examples.push({ text: doc, label: 0, source: 'bank', kind: 'standalone' });
    embed(doc, 0, 'bank', pick(NEGATIVE_PLACEMENTS, random));
  }
  for (const template of sources.benignTemplates) for (let k = 0; k < 4; k++) examples.push({ text: fill(template, TEMPLATE_FILLERS, random), label: 0, source: 'bank', kind: 'template' });
  for (const attack of sources.extraAttacks) {
    examples.push({ text: attack, label: 1, source: 'bank', kind: 'standalone' });
    embed(attack, 1, 'bank', positivePlacement());
  }
  for (const template of sources.attackTemplates) {
    for (let k = 0; k < 6; k++) {
      const attack = fill(template, ATTACK_FILLERS, random);
      if (k % 2 === 0) examples.push({ text: attack, label: 1, source: 'bank', kind: 'template' });
      else embed(attack, 1, 'bank', positivePlacement());
    }
  }
  return examples;
}

/** Train, validation and test examples, split by source row before anything is built. */
export function buildSplits(dir: string, seed = DEFAULT_SEED): Splits {
  const data = readDevData(dir);
  const random = mulberry32(seed);
  const groups = groupDeepset(data.deepset);
  // Stratify: assign positive-containing and negative-only groups separately.
  const positiveGroups = groups.filter((g) => g.some((i) => data.deepset[i]?.label === 1));
  const negativeGroups = groups.filter((g) => !g.some((i) => data.deepset[i]?.label === 1));
  const deepsetPositive = assign(positiveGroups, (g) => g.length, random);
  const deepsetNegative = assign(negativeGroups, (g) => g.length, random);
  const categories = assign(Object.keys(data.attacks).sort(), () => 1, random);
  const contexts = assign(data.contexts, () => 1, random);
  const benign = assign([...BENIGN_DOCS, ...MULTILINGUAL_BENIGN], () => 1, random);
  const extraAttacks = assign([...EXTRA_ATTACKS, ...MULTILINGUAL_ATTACKS], () => 1, random);
  const benignTemplates = assign(BENIGN_TEMPLATES, () => 1, random);
  const attackTemplates = assign(ATTACK_TEMPLATES, () => 1, random);
  const out = {} as Splits;
  SPLITS.forEach((split, index) => {
    const sources: SplitSources = {
      deepset: [...deepsetPositive[split], ...deepsetNegative[split]].flat().sort((a, b) => a - b).map((i) => data.deepset[i] as DeepsetRow),
      attacks: categories[split].flatMap((category) => data.attacks[category] ?? []),
      contexts: contexts[split],
      benign: benign[split],
      extraAttacks: extraAttacks[split],
      benignTemplates: benignTemplates[split],
      attackTemplates: attackTemplates[split],
      synthetic: Array.from({ length: SYNTHETIC_DOCS[split] }, ((random) => () => syntheticDoc(random))(mulberry32(seed * 97 + index))),
    };
    out[split] = buildSplit(sources, split, seed * 31 + index + 1);
  });
  return out;
}

/** The dev-data examples only (no hand-written bank): the headline evaluation set. */
export const isDevExample = (example: Example): boolean =>
  (example.source === 'deepset' || example.source === 'bipia' || example.source === 'context') && !example.kind.endsWith(':doc') && !example.kind.startsWith('decoy:');
