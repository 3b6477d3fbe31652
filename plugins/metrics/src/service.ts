import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelTable } from '@loomkit/llm';
import { createPricer } from './query/price.js';
import { sessionTurns, type SessionTurns } from './query/turns.js';
import { reports, type Filters, type Report, type ReportKind, type SourceFilter } from './query/index.js';
import { asKeptReport, keepsReport, keptReport, type KeptStore } from './query/kept.js';
import { replaceFileSync } from './store/replace-file.js';
import { availableParallelism } from 'node:os';
import { scanClaudeCode } from './sources/claude-code/index.js';
import { Ledger } from './sources/claude-code/ledger.js';
import { loomCodec, scanLoom, type LoomState } from './sources/loom.js';
import { ScanCache } from './store/cache.js';
import { CallLog } from './store/call-log.js';
import type { OnProgress, Scan, ScanChanges } from './types.js';

export interface MetricsServiceOptions {
  dataDir: string;
  cacheDir: string;
  /** Claude Code config folders to read. */
  claudeDirs: string[];
  models: ModelTable;
  /** Cold reads of at least this many bytes use worker threads (default 64 MiB). */
  parallelBytes?: number;
  /** Threads for such a read, this one included (default: the cores, at most 4). */
  workers?: number;
}

export interface ReportRequest extends Filters {
  kind: ReportKind;
  source: SourceFilter;
  breakdown?: boolean;
}

export interface MetricsService {
  readonly callLog: CallLog;
  /** Where the plugin keeps what it can rebuild from the sources (scan state, the dashboard's last view). */
  readonly cacheDir: string;
  /** How the service was made (a dashboard reads a cold history on a worker thread with the same options). */
  readonly options: MetricsServiceOptions;
  /** Every usage row of the source(s), reading only what changed since the last scan; `onProgress` hears how far it is. */
  scan(source: SourceFilter, onProgress?: OnProgress): Scan;
  /** Whether every source (of `source`, default all) has a saved scan state, so the next scan reads only what is new (not a whole history). */
  cached(source?: SourceFilter): boolean;
  report(request: ReportRequest, scan?: Scan): Report;
  /** Several groupings of one source and filter in one pass over the rows. */
  reports(source: SourceFilter, views: Array<{ kind: ReportKind; breakdown?: boolean }>, filters: Filters, scan?: Scan): Report[];
  /** A session's turns by its report key (`claude-code:<id>` or `loom:<id>`); undefined if there is no such session. */
  turns(key: string, scan?: Scan): SessionTurns | undefined;
}

export function createMetricsService(options: MetricsServiceOptions): MetricsService {
  const callLog = new CallLog(options.dataDir);
  const pricer = createPricer(options.models);
  const cacheDir = join(options.cacheDir, 'metrics');
  // Loaded once per service: a long-lived process (the dashboard) re-scans from memory, reading only new bytes.
  let loomCache: ScanCache<LoomState> | undefined;
  let ledger: Ledger | undefined;
  const ledgerFile = join(cacheDir, 'claude-code.bin');
  const scanOptions = { parallelBytes: options.parallelBytes ?? 64 * 1024 * 1024, workers: options.workers ?? Math.min(availableParallelism(), 4) };
  const service: MetricsService = {
    callLog,
    cacheDir,
    options,
    scan(source, onProgress) {
      const parts: Scan[] = [];
      if (source !== 'claude-code') {
        loomCache ??= new ScanCache<LoomState>(join(cacheDir, 'loom.bin'), loomCodec);
        parts.push(scanLoom(callLog.file, loomCache, onProgress));
        loomCache.save();
      }
      if (source !== 'loom') {
        const scanned = scanClaudeCode(options.claudeDirs, (ledger ??= Ledger.load(ledgerFile, options.claudeDirs)), pricer, scanOptions, onProgress);
        ledger = scanned.ledger;
        ledger.save(ledgerFile);
        parts.push(scanned.scan);
      }
      return merge(parts);
    },
    cached(source = 'all') {
      const loom = source === 'claude-code' || loomCache !== undefined || existsSync(join(cacheDir, 'loom.bin')) || !existsSync(callLog.file);
      return loom && (source === 'loom' || ledger !== undefined || options.claudeDirs.length === 0 || existsSync(ledgerFile));
    },
    report(request, scan = service.scan(request.source)) {
      const only = ofSource(scan, request.source);
      const { kind, since, until, project, model } = request;
      // A report kept from the last run is patched with the rows this scan changed (query/kept.ts).
      if (only.changes && keepsReport(kind) && since === undefined && until === undefined && project === undefined && model === undefined) {
        const view = { kind, breakdown: request.breakdown === true };
        const file = join(cacheDir, 'kept', `${request.source}-${kind}${view.breakdown ? '-breakdown' : ''}.json`);
        return keptReport(only as Scan & { changes: ScanChanges }, view, pricer.unpriced, keptFile(file));
      }
      return reports(only, [{ kind, breakdown: request.breakdown, unpriced: pricer.unpriced }], request)[0]!;
    },
    reports(source, views, filters, scan = service.scan(source)) {
      return reports(ofSource(scan, source), views.map((view) => ({ ...view, unpriced: pricer.unpriced })), filters);
    },
    turns(key, scan = service.scan(key.startsWith('loom:') ? 'loom' : 'claude-code')) {
      return sessionTurns(scan, key, pricer);
    },
  };
  return service;
}

/** The scan's rows of `source` only. */
function ofSource(scan: Scan, source: SourceFilter): Scan {
  if (source === 'all') return scan;
  let parts: Scan['parts'] | undefined;
  // Not `{ ...scan }`: that would make the parts and sessions a scan makes only when asked.
  return {
    get parts() {
      return (parts ??= scan.parts.filter((part) => part.source === source));
    },
    get sessions() {
      return scan.sessions;
    },
    changes: source === scan.changes?.after.source ? scan.changes : undefined,
    othersThan: (other) => (other === source ? [] : (parts ??= scan.parts.filter((part) => part.source === source))),
    skippedLines: scan.skippedLines,
    files: scan.files,
    bytesRead: scan.bytesRead,
    threads: scan.threads,
  };
}

/** A kept report in its JSON file; an unreadable one is no report (it is folded again). */
function keptFile(file: string): KeptStore {
  return {
    read() {
      try {
        return asKeptReport(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return undefined;
      }
    },
    write: (kept) => replaceFileSync(file, JSON.stringify(kept)),
  };
}

function merge(parts: Scan[]): Scan {
  if (parts.length === 1) return parts[0]!;
  let sessions: Scan['sessions'] | undefined;
  const changes = parts.find((part) => part.changes)?.changes;
  let rows: Scan['parts'] | undefined;
  return {
    get parts() {
      return (rows ??= parts.flatMap((part) => part.parts));
    },
    changes,
    othersThan: (source) => parts.flatMap((part) => (part.othersThan ? part.othersThan(source) : part.parts.filter((usage) => usage.source !== source))),
    // Made on first use, as each part's are.
    get sessions() {
      return (sessions ??= new Map(parts.flatMap((part) => [...part.sessions])));
    },
    skippedLines: parts.reduce((sum, part) => sum + part.skippedLines, 0),
    files: parts.reduce((sum, part) => sum + part.files, 0),
    bytesRead: parts.reduce((sum, part) => sum + part.bytesRead, 0),
  };
}
