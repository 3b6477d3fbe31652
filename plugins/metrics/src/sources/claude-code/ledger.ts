import { sep } from 'node:path';
import { newStamp, openColumnsFile, patchColumnsFile, writeColumnsFile, type ColumnPatch, type ColumnsLayout, type ColumnsSource } from '../../store/columns-file.js';
import type { Pricer } from '../../query/price.js';
import { Table, type Stored } from '../../store/table.js';
import { usagePart } from '../../query/part.js';
import type { ScanChanges, Tokens, UsagePart, UsageRow } from '../../types.js';
import type { Listing, Tree } from './folders.js';
import type { ClaudeEntry, FileState } from './parse.js';

/**
 * What has been read of Claude Code's transcripts, kept small enough to load in
 * milliseconds: per file its offset (the next read starts there), per response only its id
 * hashes, group and tokens (to de-duplicate what is read next), and the sums per
 * (file, quarter hour, model) that every report is built from. Quarter hours, because every
 * time zone's offset is a multiple of 15 minutes: a local day or hour never splits one.
 */
const RESPONSE = ['exact', 'message', 'sidechain', 'group', 'input', 'output', 'cacheWrite', 'cacheRead'] as const;
/**
 * What a re-run seldom needs of the saved responses (only when a new line is another copy of
 * one): left on disk until then. Their message ids are read, to find such copies.
 */
const ON_DEMAND: ReadonlySet<string> = new Set(['exact', 'sidechain', 'group', 'input', 'output', 'cacheWrite', 'cacheRead']);
/** A group's cost and savings are kept with it, priced when its tokens change (or the prices do). */
const GROUP = ['file', 'quarter', 'model', 'input', 'output', 'cacheWrite', 'cacheRead', 'calls', 'firstT', 'lastT', 'costUsd', 'savedUsd'] as const;
/**
 * A saved group's sums and times, read row by row when a scan first changes it: a re-run
 * changes a few groups of 10^4, and its report is patched from the last one (query/kept.ts).
 * The whole columns are read when a report folds every group.
 */
const GROUP_VALUES = GROUP.filter((field) => field !== 'file' && field !== 'quarter' && field !== 'model');
const QUARTER_HOUR = 900_000;
/**
 * `prepare`'s first test picks a byte by a message id's bucket: the first 16-bit word of its
 * Float64 (its low bits on a little-endian machine), read through a Uint16 view — an integer op,
 * where `id % 2^16` on a double was a call to fmod for each of 2 × 10^5 ids, and a 16-bit value
 * is never boxed (a Uint32 one above 2^30 was, in code not yet optimised). Any function of the
 * bits does, as both sides use this one.
 */
const ID_BITS = 0x10000;
const lowWordsOf = (column: Float64Array) => new Uint16Array(column.buffer, column.byteOffset, column.length * 4);
const scratch = new Float64Array(1);
const scratchWords = lowWordsOf(scratch);
const bucketOf = (id: number): number => {
  scratch[0] = id;
  return scratchWords[0]!;
};
const VERSION = 8;
/** Rows a column's region holds: an eighth more than it has, so re-runs append in place for a while. */
const capacityFor = (length: number) => length + Math.max(1024, length >> 3);

const FILE_NUMBERS = ['size', 'mtimeMs', 'offset', 'tail', 'folder', 'skipped', 'promptTries'] as const;
type FileNumber = (typeof FILE_NUMBERS)[number];

/**
 * Files and folders by name within their folder (a root by its path): paths, projects and
 * sessions follow from the folder tree. Whole paths made the header 3 MB of JSON, parsed on
 * every load and written on every save.
 */
interface Header {
  v: number;
  dirs: string[];
  models: string[];
  /** Each model's prices (`ModelPricer.key`) when the groups' costs were worked out. */
  prices: string[];
  files: Record<'name' | 'title' | 'firstPrompt', Array<string | null>>;
  folders: string[];
}

interface Saved {
  header: Header;
  files: Stored<FileNumber>;
  responses: Stored<(typeof RESPONSE)[number]>;
  groups: Stored<(typeof GROUP)[number]>;
  folderTimes: Float64Array;
  folderParents: Float64Array;
}

/**
 * Columns named `<prefix>.<field>` of a file, as a table's stored form (with their regions'
 * room); those `onDemand` names are left unread (zeros no page of which is touched yet).
 * Undefined if one is missing or the columns' lengths differ.
 */
function storedFrom<F extends string>(source: ColumnsSource<Header>, prefix: string, fields: readonly F[], onDemand: ReadonlySet<string> = new Set()): Stored<F> | undefined {
  const out = {} as Stored<F>;
  for (const field of fields) {
    const spec = source.spec(`${prefix}.${field}`);
    const column = !spec ? undefined : onDemand.has(field) ? new Float64Array(spec.capacity) : source.read(spec.name);
    if (!spec || !column || (out.length !== undefined && out.length !== spec.length)) return undefined;
    out[field] = column as Stored<F>[F];
    out.length = spec.length;
  }
  return out;
}

/**
 * Each folder's project and session (`projects/<project>/<session>/…`; null above them).
 * Throws unless every folder comes after its parent and every file is in a project's folder:
 * anything else is not a ledger this code wrote.
 */
function labelsOf(tree: Tree, files: number): { project: Array<string | null>; session: Array<string | null> } {
  const project: Array<string | null> = [];
  const session: Array<string | null> = [];
  for (let n = 0; n < tree.folderNames.length; n++) {
    const parent = tree.folderParents[n]!;
    if (parent >= n) throw new Error('ledger folders out of order');
    const name = tree.folderNames[n]!;
    project.push(parent < 0 ? null : (project[parent] ?? name));
    session.push(parent >= 0 && project[parent] !== null ? (session[parent] ?? name) : null);
  }
  for (let n = 0; n < files; n++) if (!project[tree.fileFolders[n]!]) throw new Error('ledger file outside a project folder');
  return { project, session };
}

/** (file, quarter hour, model) as one exact number: quarters since 1970 fit 22 bits, models 10, files the remaining 21. */
const groupKey = (file: number, quarter: number, model: number) => (file * 0x400000 + quarter / QUARTER_HOUR) * 0x400 + model;

const tokens = (input: number, output: number, cacheWrite: number, cacheRead: number) => input + output + cacheWrite + cacheRead;

export class Ledger {
  /** The folders the last listing walked, with their mtimes (see folders.ts): the file table's `folder` indexes them. */
  folderNames: readonly string[];
  folderParents: ArrayLike<number>;
  folderTimes: ArrayLike<number>;
  /** Per file: its name in its folder, its numbers (size, mtime, where the next read starts, …), its title and first prompt. */
  readonly fileNames: string[];
  readonly files: Table<FileNumber>;
  private readonly titles: Array<string | null>;
  private readonly prompts: Array<string | null>;
  private readonly models: string[];
  private readonly modelIndex: Map<string, number>;
  private prices: string[];
  /** Groups whose tokens changed since they were priced (new ones too); all of them until a ledger built here is first priced. */
  private readonly unpriced = new Set<number>();
  private priceAll: boolean;
  private readonly responses: Table<(typeof RESPONSE)[number]>;
  private readonly groups: Table<(typeof GROUP)[number]>;
  /**
   * Complete for a ledger built in this process; for a loaded one they hold only what
   * `prepare` found for the lines about to be added: a re-run reads a few hundred new lines,
   * and indexing 10^5 saved responses for them cost more than reading them.
   */
  private readonly groupIndex = new Map<number, number>();
  private readonly exactIndex = new Map<number, number>();
  private readonly messageIndex = new Map<number, number | number[]>();
  private readonly prepared = new Set<number>();
  /** Whether the indexes hold every saved response and group (nothing was loaded). */
  readonly complete: boolean;
  private lastExact = Number.NaN;
  private lastFound = -1;
  private lastGroup = { file: -1, quarter: -1, model: -1, at: -1 };
  /** The file the ledger was loaded from, while some of it is not read: the ON_DEMAND response columns, GROUP_VALUES rows. */
  private source: ColumnsSource<Header> | undefined;
  private responsesUnread = false;
  /** Per saved group, 1 once its GROUP_VALUES are read; undefined when all are. */
  private groupRowsRead: Uint8Array | undefined;
  /** The file as last loaded or saved: a save patches it when it still is. */
  private disk: ColumnsLayout | undefined;
  /** Responses in `disk`: later ones are new. Saved ones changed since (a copy with more tokens). */
  private savedResponses = 0;
  private readonly changedResponses = new Set<number>();
  dirty = false;
  /** Whether `part` handed out views of the group columns that must not change. */
  private lent = false;
  private unmade: (() => UsagePart) | undefined;
  /** The stamp the next save writes (the saved state's is `disk`'s): a report kept from a state names it (query/kept.ts). */
  private nextStamp = newStamp();
  /** Groups that were saved, as they were before this scan changed them (GROUP order); later groups are new. */
  private readonly before = new Map<number, Float64Array>();
  private savedGroups = 0;
  /** Whether every saved group was priced again (another price table): then any row may have changed. */
  private repricedAll = false;

  constructor(
    readonly dirs: string[],
    saved?: Saved,
    source?: ColumnsSource<Header>,
  ) {
    this.folderNames = saved?.header.folders ?? [];
    this.folderParents = saved?.folderParents ?? [];
    this.folderTimes = saved?.folderTimes ?? [];
    this.fileNames = (saved?.header.files.name as string[] | undefined) ?? [];
    this.titles = saved?.header.files.title ?? [];
    this.prompts = saved?.header.files.firstPrompt ?? [];
    this.files = new Table(FILE_NUMBERS, saved?.files);
    if (saved) labelsOf(this, this.fileNames.length);
    this.models = saved?.header.models ?? [];
    this.prices = saved?.header.prices ?? [];
    this.modelIndex = new Map(this.models.map((model, n) => [model, n]));
    this.responses = new Table(RESPONSE, saved?.responses);
    this.groups = new Table(GROUP, saved?.groups);
    this.complete = this.responses.length === 0 && this.groups.length === 0;
    this.priceAll = this.complete;
    if (source) {
      this.source = source;
      this.responsesUnread = true;
      this.groupRowsRead = new Uint8Array(this.groups.length);
      this.disk = source;
      this.savedResponses = this.responses.length;
      this.savedGroups = this.groups.length;
    }
  }

  /** The folder tree and files as the ledger knows them, for the next listing. */
  get fileFolders(): Float64Array {
    return this.files.columns.folder;
  }

  get fileCount(): number {
    return this.fileNames.length;
  }

  /** The saved ledger if it was made for the same folders, else an empty one. */
  static load(file: string, dirs: string[]): Ledger {
    const source = openColumnsFile<Header>(file);
    if (!source) return new Ledger(dirs);
    const header = source.header;
    // Columns are read with their regions' room: a re-run adds a few hundred rows, and growing would copy every column.
    const files = storedFrom(source, 'f', FILE_NUMBERS);
    const responses = storedFrom(source, 'r', RESPONSE, ON_DEMAND);
    const groups = storedFrom(source, 'g', GROUP, new Set<string>(GROUP_VALUES));
    const folderTimes = source.read('d.mtimeMs');
    const folderParents = source.read('d.parent');
    try {
      // An unreadable ledger is rebuilt from the transcripts, which are the truth.
      if (header.v !== VERSION || JSON.stringify(header.dirs) !== JSON.stringify(dirs) || !files || !responses || !groups || !folderTimes || !folderParents) throw new Error('not this ledger');
      return new Ledger(dirs, { header, files, responses, groups, folderTimes, folderParents }, source);
    } catch {
      source.close();
      return new Ledger(dirs);
    }
  }

  /** Lets go of the file it was loaded from (a ledger started over in the same process). */
  close(): void {
    this.source?.close();
    this.source = undefined;
    this.responsesUnread = false;
    this.groupRowsRead = undefined;
  }

  /** Reads the saved rows of the response columns left on disk, into the columns (rows added since stay). */
  private readResponses(): void {
    if (!this.responsesUnread) return;
    this.responsesUnread = false;
    for (const field of ON_DEMAND) {
      if (!this.source!.read(`r.${field}`, this.responses.columns[field as (typeof RESPONSE)[number]])) throw new Error('the metrics ledger could not be read back');
    }
    this.releaseSource();
  }

  /** Reads saved group `at`'s GROUP_VALUES, if not yet read. */
  private readGroupRow(at: number): void {
    const read = this.groupRowsRead;
    if (read === undefined || at >= read.length || read[at] === 1) return;
    read[at] = 1;
    for (const field of GROUP_VALUES) if (!this.source!.readRows(`g.${field}`, at, 1, this.groups.columns[field])) throw new Error('the metrics ledger could not be read back');
  }

  /** Reads every saved group's GROUP_VALUES not yet read (rows changed since stay). */
  private readGroups(): void {
    const read = this.groupRowsRead;
    if (read === undefined) return;
    this.groupRowsRead = undefined;
    for (const field of GROUP_VALUES) {
      const saved = this.source!.read(`g.${field}`);
      if (!saved) throw new Error('the metrics ledger could not be read back');
      const column = this.groups.columns[field];
      for (let at = 0; at < read.length; at++) if (read[at] === 0) column[at] = saved[at]!;
    }
    this.releaseSource();
  }

  private releaseSource(): void {
    if (this.responsesUnread || this.groupRowsRead !== undefined) return;
    this.source?.close();
    this.source = undefined;
  }

  save(file: string): void {
    if (!this.dirty) return;
    const count = this.fileNames.length;
    const header: Header = {
      v: VERSION,
      dirs: this.dirs,
      models: this.models,
      prices: this.prices,
      // Every file is in a folder of the last listing (one that is not makes the ledger start over).
      files: { name: this.fileNames, title: this.titles.slice(0, count), firstPrompt: this.prompts.slice(0, count) },
      folders: [...this.folderNames],
    };
    const folderColumn = (values: ArrayLike<number>): Float64Array => Float64Array.from({ length: this.folderNames.length }, (_, n) => values[n]!);
    const columns = [...this.files.named('f'), ...this.responses.named('r'), ...this.groups.named('g'), ['d.mtimeMs', folderColumn(this.folderTimes)] as const, ['d.parent', folderColumn(this.folderParents)] as const];
    // Responses and groups are appended to (or saved ones changed): the rest is small and written whole.
    const writes = (name: string, values: Float64Array) => (name.startsWith('r.') ? this.responseWrites(values) : name.startsWith('g.') && !this.repricedAll ? this.groupWrites(values) : [{ at: 0, values }]);
    const patches = columns.map(([name, values]): ColumnPatch => ({ name, length: values.length, writes: writes(name, values) }));
    const patched = this.disk && patchColumnsFile(file, this.disk, header, patches, this.nextStamp);
    if (patched) this.disk = patched;
    else {
      this.readResponses();
      this.readGroups();
      this.disk = writeColumnsFile(file, header, columns.map(([name, values]) => ({ name, values, capacity: capacityFor(values.length) })), this.nextStamp);
    }
    this.savedResponses = this.responses.length;
    this.changedResponses.clear();
    this.dirty = false;
    this.nextStamp = newStamp();
    this.savedGroups = this.groups.length;
    this.before.clear();
    this.repricedAll = false;
  }

  /** A group column's rows the file lacks: those added since it was saved, and saved ones this scan changed. */
  private groupWrites(values: Float64Array): ColumnPatch['writes'] {
    const writes = [{ at: this.savedGroups, values: values.subarray(this.savedGroups) }];
    for (const at of this.before.keys()) writes.push({ at, values: values.subarray(at, at + 1) });
    return writes;
  }

  /** A response column's rows the file lacks: those added since it was saved, and saved ones changed. */
  private responseWrites(values: Float64Array): ColumnPatch['writes'] {
    const writes = [{ at: this.savedResponses, values: values.subarray(this.savedResponses) }];
    for (const at of this.changedResponses) writes.push({ at, values: values.subarray(at, at + 1) });
    return writes;
  }

  /** The folders of a new listing (see folders.ts); true if they differ from the ones known. */
  adoptFolders(listing: Pick<Listing, 'folderNames' | 'folderParents' | 'folderTimes'>): boolean {
    const { folderNames, folderParents, folderTimes } = listing;
    // NaN is never equal to itself: a folder not trusted last time makes the new times worth saving.
    let changed = folderNames.length !== this.folderNames.length;
    for (let n = 0; !changed && n < folderNames.length; n++) changed = folderNames[n] !== this.folderNames[n] || folderParents[n] !== this.folderParents[n] || folderTimes[n] !== this.folderTimes[n];
    this.folderNames = folderNames;
    this.folderParents = folderParents;
    this.folderTimes = folderTimes;
    return changed;
  }

  /** A transcript the ledger has not read yet, named `name` in folder `folder`; returns its index. */
  addFile(name: string, folder: number): number {
    const at = this.files.add();
    const c = this.files.columns;
    c.tail[at] = Number.NaN;
    c.folder[at] = folder;
    this.fileNames.push(name);
    this.titles[at] = null;
    this.prompts[at] = null;
    this.dirty = true;
    return at;
  }

  /** What the next read of file `at` carries on from. */
  stateOf(at: number): FileState {
    const c = this.files.columns;
    return { skipped: c.skipped[at]!, promptTries: c.promptTries[at]!, title: this.titles[at] ?? null, firstPrompt: this.prompts[at] ?? null };
  }

  /** File `at` was read up to `offset` when it was `size` bytes at `mtimeMs`. */
  setRead(at: number, seen: { size: number; mtimeMs: number }, read: { offset: number; tail: number }, state: FileState): void {
    const c = this.files.columns;
    c.size[at] = seen.size;
    c.mtimeMs[at] = seen.mtimeMs;
    c.offset[at] = read.offset;
    c.tail[at] = read.tail;
    c.skipped[at] = state.skipped;
    c.promptTries[at] = state.promptTries;
    this.titles[at] = state.title;
    this.prompts[at] = state.firstPrompt;
    this.dirty = true;
  }

  /**
   * Each file's project, session, path, title and first prompt as they are now, made when
   * asked (a daily report never asks for 10^4 of them).
   */
  snapshot(): (at: number) => { project: string; session: string; path: string; title: string | null; firstPrompt: string | null } {
    const count = this.fileNames.length;
    const tree: Tree = { folderNames: this.folderNames, folderParents: this.folderParents, folderTimes: this.folderTimes, fileNames: this.fileNames.slice(0, count), fileFolders: this.files.columns.folder.slice(0, count) };
    const [titles, prompts] = [this.titles.slice(0, count), this.prompts.slice(0, count)];
    let labels: ReturnType<typeof labelsOf> | undefined;
    const paths: string[] = [];
    const folderPath = (n: number): string => (paths[n] ??= tree.folderParents[n]! < 0 ? tree.folderNames[n]! : `${folderPath(tree.folderParents[n]!)}${sep}${tree.folderNames[n]!}`);
    return (at) => {
      labels ??= labelsOf(tree, count);
      const folder = tree.fileFolders[at]!;
      const name = tree.fileNames[at]!;
      return { project: labels.project[folder]!, session: labels.session[folder] ?? name.slice(0, -'.jsonl'.length), path: `${folderPath(folder)}${sep}${name}`, title: titles[at]!, firstPrompt: prompts[at]! };
    };
  }

  /**
   * ccusage's de-duplication: a line of a response already kept (same message id and
   * request id, or same message id where either is a sidechain replay) replaces it only if
   * it is the parent's copy of a sidechain one, or else if it carries more tokens.
   */
  add(file: number, entry: ClaudeEntry): void {
    if (this.lent) {
      this.groups.copyColumns();
      this.lent = false;
    }
    const existing = this.find(entry);
    if (existing < 0) {
      // Growing copies the columns: the saved rows must be in them first.
      if (this.responses.length === this.responses.columns.exact.length) this.readResponses();
      const at = this.responses.add();
      this.put(at, file, entry);
      if (!Number.isNaN(entry.exact)) this.index(at, entry);
      return;
    }
    this.readResponses();
    const r = this.responses.columns;
    const keptSidechain = r.sidechain[existing] === 1;
    const replace = entry.sidechain !== keptSidechain ? keptSidechain : tokens(entry.input, entry.output, entry.cacheWrite, entry.cacheRead) > tokens(r.input[existing]!, r.output[existing]!, r.cacheWrite[existing]!, r.cacheRead[existing]!);
    if (!replace) return;
    this.apply(existing, -1);
    this.put(existing, file, entry);
    this.exactIndex.set(entry.exact, existing);
    this.lastExact = entry.exact;
    this.lastFound = existing;
  }

  /**
   * `part`, made when first called or before the next scan changes the ledger (`settle`),
   * whichever comes first: a report patched from the last run's (query/kept.ts) never reads
   * the whole part. The groups are priced now, before the ledger is saved.
   */
  partLater(pricer: Pricer): () => UsagePart {
    this.price(pricer);
    let made: UsagePart | undefined;
    const make = () => (made ??= this.part(pricer));
    this.unmade = make;
    return make;
  }

  /** Makes the part last handed out by `partLater`, if not yet made: a scan calls it before changing anything. */
  settle(): void {
    this.unmade?.();
    this.unmade = undefined;
  }

  /**
   * The (file, quarter hour, model) groups as the query stage's columns: views of the
   * ledger's own, which the next `add` copies before changing (a long-lived process scans
   * again while a report reads the last part; a CLI run never adds after, and copying 4 MB
   * of columns it would not change cost more than its query). A group whose responses were
   * all replaced has 0 calls and is skipped by the query.
   */
  part(pricer: Pricer): UsagePart {
    this.readGroups();
    // First: pricing may copy the columns (when an earlier part still holds views of them).
    this.price(pricer);
    const n = this.groups.length;
    const g = this.groups.columns;
    // Model ids are text ids: the text starts with the models, then projects and sessions. Text columns are
    // Int32Arrays as in every part: an index read from a Float64Array made the query's lookups take a slow path.
    const text = [...this.models];
    const ids = new Map<string, number>();
    const id = (value: string) => ids.get(value) ?? ids.set(value, text.push(value) - 1).get(value)!;
    const count = this.fileNames.length;
    const { projectOf, sessionOf } = this.fileLabels();
    const fileProject = Int32Array.from({ length: count }, (_, file) => id(projectOf(file)));
    const fileSession = Int32Array.from({ length: count }, (_, file) => id(sessionOf(file)));
    const project = new Int32Array(n);
    const session = new Int32Array(n);
    const model = new Int32Array(n);
    for (let at = 0; at < n; at++) {
      const file = g.file[at]!;
      project[at] = fileProject[file]!;
      session[at] = fileSession[file]!;
      model[at] = g.model[at]!;
    }
    const zeros = new Float64Array(n);
    const view = (column: Float64Array) => column.subarray(0, n);
    this.lent = true;
    return {
      source: 'claude-code', length: n, text, t: view(g.firstT), lastT: view(g.lastT), project, session, command: new Int32Array(n).fill(-1), model,
      input: view(g.input), output: view(g.output), cacheWrite: view(g.cacheWrite), cacheRead: view(g.cacheRead), costUsd: view(g.costUsd), savedUsd: view(g.savedUsd), calls: view(g.calls), errors: zeros, retries: zeros, latencyMs: zeros,
    };
  }

  /** Each file's project and session, by file index. */
  private fileLabels(): { projectOf(file: number): string; sessionOf(file: number): string } {
    const labels = labelsOf(this, this.fileNames.length);
    const folderOf = this.files.columns.folder;
    return {
      projectOf: (file) => labels.project[folderOf[file]!]!,
      sessionOf: (file) => labels.session[folderOf[file]!] ?? this.fileNames[file]!.slice(0, -'.jsonl'.length),
    };
  }

  /**
   * What the scan since the ledger was loaded (or last saved) changed, once its groups are
   * priced (`partLater`): the groups it changed as they were and are, new ones, and the sessions
   * of the files it read (`read`). `to` is the stamp the next save writes, if anything changed.
   */
  changes(read: Iterable<number>): ScanChanges {
    const { projectOf, sessionOf } = this.fileLabels();
    const g = this.groups.columns;
    const rowOf = (value: (field: (typeof GROUP)[number]) => number): UsageRow => {
      const file = value('file');
      return {
        source: 'claude-code', project: projectOf(file), session: sessionOf(file), command: null, model: this.models[value('model')]!, t: value('firstT'), lastT: value('lastT'),
        input: value('input'), output: value('output'), cacheWrite: value('cacheWrite'), cacheRead: value('cacheRead'), calls: value('calls'), costUsd: value('costUsd'), savedUsd: value('savedUsd'), errors: 0, retries: 0, latencyMs: 0,
      };
    };
    const now = (at: number) => rowOf((field) => g[field][at]!);
    const after: UsageRow[] = [...this.before.keys()].map(now);
    for (let at = this.savedGroups; at < this.groups.length; at++) after.push(now(at));
    const before = [...this.before.values()].map((saved) => rowOf((field) => saved[GROUP.indexOf(field)]!));
    const sessions = new Set<string>();
    for (const file of read) sessions.add(sessionOf(file));
    return {
      from: this.repricedAll ? undefined : this.disk?.stamp,
      to: this.dirty ? this.nextStamp : this.disk?.stamp,
      before: usagePart('claude-code', before),
      after: usagePart('claude-code', after),
      sessions: [...sessions],
    };
  }

  /** Keeps a saved group's row as it was, the first time this scan changes it. */
  private touch(at: number): void {
    this.readGroupRow(at);
    if (at < this.savedGroups && !this.before.has(at)) {
      const g = this.groups.columns;
      this.before.set(at, Float64Array.from(GROUP, (field) => g[field][at]!));
    }
  }

  /**
   * Prices the groups whose tokens changed since they were priced, or every group when a
   * model's prices are not the ones they were priced at (a re-run of 10^4 saved groups
   * prices the few hundred its new lines touched).
   */
  private price(pricer: Pricer): void {
    const priced = this.models.map((name) => pricer.of(name));
    const all = this.priceAll || priced.some((prices, m) => m < this.prices.length && prices.key !== this.prices[m]);
    if (!all && this.unpriced.size === 0) return;
    if (this.lent) {
      this.groups.copyColumns();
      this.lent = false;
    }
    const g = this.groups.columns;
    const tokens: Tokens = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
    const price = (at: number) => {
      tokens.input = g.input[at]!;
      tokens.output = g.output[at]!;
      tokens.cacheWrite = g.cacheWrite[at]!;
      tokens.cacheRead = g.cacheRead[at]!;
      const prices = priced[g.model[at]!]!;
      g.costUsd[at] = prices.cost(tokens);
      g.savedUsd[at] = prices.saved(tokens);
    };
    if (all) {
      this.readGroups();
      if (this.savedGroups > 0) this.repricedAll = true;
      for (let at = 0; at < this.groups.length; at++) price(at);
    } else for (const at of this.unpriced) price(at);
    this.unpriced.clear();
    this.priceAll = false;
    this.prices = priced.map((prices) => prices.key);
    this.dirty = true;
  }

  private find(entry: ClaudeEntry): number {
    if (Number.isNaN(entry.exact)) return -1;
    // A response's lines come one after another: most lookups are the line before's.
    if (entry.exact === this.lastExact) return this.lastFound;
    const exact = this.exactIndex.get(entry.exact);
    if (exact !== undefined) return exact;
    const same = this.messageIndex.get(entry.message);
    if (same === undefined) return -1;
    this.readResponses();
    const sidechain = this.responses.columns.sidechain;
    for (const at of typeof same === 'number' ? [same] : same) if (entry.sidechain || sidechain[at] === 1) return at;
    return -1;
  }

  private index(at: number, entry: Pick<ClaudeEntry, 'exact' | 'message'>): void {
    this.exactIndex.set(entry.exact, at);
    this.lastExact = entry.exact;
    this.lastFound = at;
    const same = this.messageIndex.get(entry.message);
    if (same === undefined) this.messageIndex.set(entry.message, at);
    else if (typeof same === 'number') this.messageIndex.set(entry.message, [same, at]);
    else same.push(at);
  }

  /**
   * Indexes the saved responses and groups these lines can meet (same ids, same file ×
   * quarter × model), in one pass over the columns. Must precede `add` on a loaded ledger.
   */
  prepare(lines: Array<{ file: number; entry: ClaudeEntry }>): void {
    if (this.complete || lines.length === 0) return;
    // A saved response a new line can meet has its message id (the exact id hashes it with the
    // request id): only message ids are compared, and the saved exact ids stay on disk unless one is met.
    const messages = new Set<number>();
    const groups = new Set<number>();
    // Cheap first tests over 10^5 rows: an id's low 16 bits, a group's file. A set lookup of a
    // number that is not a small integer hashes it, and most rows meet nothing.
    const idBits = new Uint8Array(ID_BITS);
    const files = new Uint8Array(this.files.length);
    for (const { file, entry } of lines) {
      if (!Number.isNaN(entry.exact)) {
        messages.add(entry.message);
        idBits[bucketOf(entry.message)] = 1;
      }
      const model = this.modelIndex.get(entry.model);
      if (model !== undefined) groups.add(groupKey(file, Math.floor(entry.t / QUARTER_HOUR) * QUARTER_HOUR, model));
      files[file] = 1;
    }
    const r = this.responses.columns;
    const messageWords = lowWordsOf(r.message);
    const met: number[] = [];
    for (let at = 0; at < this.responses.length; at++) {
      if (idBits[messageWords[4 * at]!] === 1 && !this.prepared.has(at) && messages.has(r.message[at]!)) met.push(at);
    }
    if (met.length > 0) this.readResponses();
    for (const at of met) {
      this.prepared.add(at);
      this.index(at, { exact: r.exact[at]!, message: r.message[at]! });
    }
    this.lastExact = Number.NaN;
    const g = this.groups.columns;
    for (let n = 0; n < this.groups.length; n++) {
      if (files[g.file[n]!] !== 1) continue;
      const key = groupKey(g.file[n]!, g.quarter[n]!, g.model[n]!);
      if (groups.has(key) && !this.groupIndex.has(key)) this.groupIndex.set(key, n);
    }
  }


  private put(at: number, file: number, entry: ClaudeEntry): void {
    if (at < this.savedResponses) this.changedResponses.add(at);
    const r = this.responses.columns;
    r.exact[at] = entry.exact;
    r.message[at] = entry.message;
    r.sidechain[at] = entry.sidechain ? 1 : 0;
    r.group[at] = this.group(file, Math.floor(entry.t / QUARTER_HOUR) * QUARTER_HOUR, this.model(entry.model), entry.t);
    r.input[at] = entry.input;
    r.output[at] = entry.output;
    r.cacheWrite[at] = entry.cacheWrite;
    r.cacheRead[at] = entry.cacheRead;
    this.apply(at, 1);
  }

  private apply(at: number, sign: 1 | -1): void {
    const r = this.responses.columns;
    const g = this.groups.columns;
    const group = r.group[at]!;
    this.touch(group);
    g.input[group]! += sign * r.input[at]!;
    g.output[group]! += sign * r.output[at]!;
    g.cacheWrite[group]! += sign * r.cacheWrite[at]!;
    g.cacheRead[group]! += sign * r.cacheRead[at]!;
    g.calls[group]! += sign;
    if (!this.priceAll) this.unpriced.add(group);
    this.dirty = true;
  }

  private model(name: string): number {
    let at = this.modelIndex.get(name);
    if (at === undefined) this.modelIndex.set(name, (at = this.models.push(name) - 1));
    return at;
  }

  private group(file: number, quarter: number, model: number, t: number): number {
    const last = this.lastGroup;
    if (last.file === file && last.quarter === quarter && last.model === model) return this.widen(last.at, t);
    const key = groupKey(file, quarter, model);
    let at = this.groupIndex.get(key);
    if (at === undefined) {
      at = this.groups.add();
      this.groupIndex.set(key, at);
      const columns = this.groups.columns;
      columns.file[at] = file;
      columns.quarter[at] = quarter;
      columns.model[at] = model;
      columns.firstT[at] = t;
      columns.lastT[at] = t;
    }
    Object.assign(last, { file, quarter, model, at });
    return this.widen(at, t);
  }

  private widen(at: number, t: number): number {
    this.touch(at);
    const columns = this.groups.columns;
    if (t < columns.firstT[at]!) columns.firstT[at] = t;
    if (t > columns.lastT[at]!) columns.lastT[at] = t;
    return at;
  }
}
