import { createProgress } from '../util/progress.js';
import type { RunSummary } from './runner.js';

export interface ProgressCounts {
  total: number;
  done: number;
  failed: number;
  retried: number;
}

/** Where the runner reports as it goes; the CLI picks a bar on a terminal and plain lines otherwise. */
export interface ProgressSink {
  start(counts: ProgressCounts): void;
  update(counts: ProgressCounts): void;
  /** A notable event: a model stopped, concurrency cut after a rate limit. */
  note(line: string): void;
  stop(counts: ProgressCounts): void;
}

export const silentProgress: ProgressSink = { start() {}, update() {}, note() {}, stop() {} };

const line = (c: ProgressCounts) => `${c.done + c.failed}/${c.total} (${c.done} done, ${c.failed} failed, ${c.retried} retried)`;

/** A bar redrawn in place, with the failures and retries beside it: for a terminal. */
export function barProgress(stream: NodeJS.WriteStream): ProgressSink {
  const bar = createProgress('collecting', { stream });
  const show = (c: ProgressCounts) => bar.update(c.done + c.failed, c.total, `| ${c.failed} failed | ${c.retried} retried`);
  return {
    start: show,
    update: show,
    note: (text) => bar.note(text),
    stop: (c) => {
      show(c);
      bar.stop();
    },
  };
}

/** One line every `everyMs` at most, for logs and pipes. */
export function lineProgress(write: (text: string) => void, everyMs = 2000): ProgressSink {
  let last = 0;
  return {
    start: (c) => {
      last = Date.now();
      if (c.total > 0) write(`collecting ${c.total} responses`);
    },
    update: (c) => {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      write(`progress ${line(c)}`);
    },
    note: write,
    stop: (c) => {
      if (c.total > 0) write(`progress ${line(c)}`);
    },
  };
}

/** The end-of-run lines: what was stored, what failed, what is left, and the tokens spent. */
export function formatSummary(s: RunSummary): string[] {
  const lines = [
    `run ${s.status} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.done} done, ${s.failed} failed, ${s.retried} retried, ` +
      `${s.alreadyAnswered} of ${s.planned} already stored, ${s.missing} still missing`,
    `tokens: ${s.inputTokens} in, ${s.outputTokens} out`,
  ];
  for (const m of s.models) {
    const extra = [
      m.stopped ? `stopped: ${m.stopped}` : '',
      m.rateLimited ? `rate limited ×${m.rateLimited}, concurrency cut ${m.concurrencyCuts}×` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${m.label}: ${m.done} done, ${m.failed} failed${extra ? ` (${extra})` : ''}`);
  }
  if (s.failed > 0) {
    const shown = s.failureCauses.slice(0, 3).map((c) => `${c.cause} ×${c.count}`);
    const rest = s.failureCauses.slice(3).reduce((sum, c) => sum + c.count, 0);
    lines.push(`${s.failed} failed: ${shown.join(', ')}${rest ? `, other causes ×${rest}` : ''}`);
  }
  if (s.failed > 0 || s.missing > 0) lines.push('run the same command again to retry the failed and missing responses');
  return lines;
}
