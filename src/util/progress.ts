import cliProgress from 'cli-progress';
import { formatBytes } from './bytes.js';

/** Reports progress of a long job: embedding, a download, a collection. */
export interface Progress {
  /** `detail` is shown after the counts (e.g. "| 2 failed | 1 retried"). */
  update(done: number, total: number, detail?: string): void;
  /** A line printed above the bar, which is redrawn below it. */
  note(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Defaults to stderr, so stdout stays clean for --json. */
  stream?: NodeJS.WriteStream;
  /** Show amounts as bytes (downloads) instead of counts. */
  bytes?: boolean;
  /** Jobs smaller than this show no bar (a bar that flashes by is noise). Default 1. */
  minTotal?: number;
}

/**
 * The one progress bar: cli-progress on a terminal, and nothing at all (notes aside) when the stream is
 * not a TTY (pipes, CI logs, tests). The bar starts on the first update, so a job with nothing to do
 * prints nothing.
 */
export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { update: () => undefined, note: (line) => void stream.write(line + '\n'), stop: () => undefined };
  const amount = (n: number) => (options.bytes ? formatBytes(n) : String(n));
  let bar: cliProgress.SingleBar | null = null;
  let lastTotal = -1;
  return {
    update: (done, total, detail = '') => {
      if (total < (options.minTotal ?? 1)) return;
      const payload = { amounts: `${amount(done)}/${amount(total)}`, detail: detail && ` ${detail}` };
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% {amounts}{detail} eta {eta_formatted}`,
            stream,
            hideCursor: true,
            clearOnComplete: false,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, payload);
      }
      if (total !== lastTotal) bar.setTotal(total);
      lastTotal = total;
      bar.update(done, payload);
    },
    note: (line) => {
      if (bar) {
        stream.clearLine(0);
        stream.cursorTo(0);
      }
      stream.write(line + '\n');
      bar?.render();
    },
    stop: () => {
      bar?.stop();
      bar = null;
    },
  };
}

/**
 * One bar per item of a job that goes through items one after the other (the files of a download, the
 * views of a scoring job): a new item closes the bar of the previous one.
 */
export function progressPerItem(
  label: (item: string) => string,
  options: ProgressOptions = {},
): {
  update(item: string, done: number, total: number): void;
  stop(): void;
} {
  let current: { item: string; bar: Progress } | null = null;
  return {
    update: (item, done, total) => {
      if (current?.item !== item) {
        current?.bar.stop();
        current = { item, bar: createProgress(label(item), options) };
      }
      current.bar.update(done, total);
    },
    stop: () => current?.bar.stop(),
  };
}
