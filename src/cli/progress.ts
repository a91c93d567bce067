import cliProgress from 'cli-progress';

/** Reports progress of a long job; `update` fits ensureVectors' onProgress and download callbacks. */
export interface Progress {
  update(done: number, total: number): void;
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

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * A progress bar on a terminal (cli-progress), and nothing at all when the stream is not a TTY
 * (pipes, CI logs, tests). The bar starts on the first update, so a job with nothing to do prints nothing.
 */
export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | null = null;
  let lastTotal = -1;
  return {
    update: (done, total) => {
      if (total < (options.minTotal ?? 1)) return;
      if (!bar) {
        const amounts = options.bytes ? '{doneBytes}/{totalBytes}' : '{value}/{total}';
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% ${amounts} eta {eta_formatted}`, stream, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { doneBytes: megabytes(0), totalBytes: megabytes(total) });
      }
      if (total !== lastTotal) bar.setTotal(total);
      lastTotal = total;
      bar.update(done, { doneBytes: megabytes(done), totalBytes: megabytes(total) });
    },
    stop: () => {
      bar?.stop();
      bar = null;
    },
  };
}
