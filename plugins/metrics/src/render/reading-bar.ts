import type { SourceFilter } from '../query/index.js';
import type { MetricsService } from '../service.js';
import type { OnProgress, Scan, Source } from '../types.js';

const MiB = 1024 * 1024;
/** Only a read this big gets a bar: the few MiB of a re-run would only flash one. */
const WORTH_A_BAR = 64 * MiB;
const NAMES: Record<Source, string> = { loom: "Loom's call log", 'claude-code': 'Claude Code transcripts' };

export interface ReadingBar {
  onProgress: OnProgress | undefined;
  stop(): void;
}

/**
 * A bar on `stream` while a scan reads a big history (a first run, seconds for GBs), cleared
 * when the read is done; nothing when the stream is no terminal, so pipes and logs stay clean.
 * The scan is synchronous: the bar redraws from its updates, not from a timer.
 */
export async function readingBar(stream: NodeJS.WriteStream): Promise<ReadingBar> {
  if (!stream.isTTY) return { onProgress: undefined, stop: () => {} };
  const { SingleBar } = await import('cli-progress');
  let bar: InstanceType<typeof SingleBar> | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress: OnProgress = ({ source, bytesRead, bytesTotal }) => {
    if (bytesTotal < WORTH_A_BAR) return;
    if (!bar) {
      bar = new SingleBar({ stream, format: `reading ${NAMES[source]} {bar} {value}/{total} MiB`, hideCursor: true, clearOnComplete: true, barsize: 30, synchronousUpdate: true, fps: 10 });
      bar.start(Math.ceil(bytesTotal / MiB), 0);
    }
    bar.update(Math.floor(bytesRead / MiB));
    if (bytesRead >= bytesTotal) stop();
  };
  return { onProgress, stop };
}

/** `service.scan(source)` with the reading bar on stderr (the command and its early answer). */
export async function scanShowingProgress(service: Pick<MetricsService, 'scan'>, source: SourceFilter): Promise<Scan> {
  const bar = await readingBar(process.stderr);
  try {
    return service.scan(source, bar.onProgress);
  } finally {
    bar.stop();
  }
}
