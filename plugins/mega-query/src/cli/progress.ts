import { SingleBar } from 'cli-progress';
import type { ProgressListener, Stage } from '../service.js';

const LABELS: Record<Stage, string> = { walk: 'listing files', scan: 'scanning', map: 'analysing chunks', reduce: 'merging findings' };

/**
 * One bar on stderr per stage, redrawn in place and cleared when the stage is done;
 * nothing at all when stderr is not a terminal or --json is on, so pipes and logs stay
 * clean. Cleared at once when `signal` aborts: the shell prints its prompt right after.
 */
export function progressBars(enabled: boolean, signal?: AbortSignal): { listener: ProgressListener | undefined; stop(): void } {
  if (!enabled) return { listener: undefined, stop: () => {} };
  let bar: SingleBar | undefined;
  let stage: Stage | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  signal?.addEventListener('abort', stop, { once: true });
  const listener: ProgressListener = (event) => {
    // The walk does not know its total in advance: it has no bar, only the scan after it does.
    if (event.total === 0) return;
    if (event.stage !== stage || !bar) {
      stop();
      stage = event.stage;
      bar = new SingleBar({
        stream: process.stderr,
        format: `${LABELS[event.stage].padEnd(17)} {bar} {value}/{total}{cached}`,
        hideCursor: true,
        clearOnComplete: true,
        barsize: 30,
      });
      bar.start(event.total, 0, { cached: '' });
    }
    bar.setTotal(event.total);
    bar.update(event.done, { cached: event.fromCache ? ` (${event.fromCache} from cache)` : '' });
    // A finished stage leaves no bar behind while the next one (or a slow call) runs.
    if (event.done >= event.total) stop();
  };
  return { listener, stop };
}
