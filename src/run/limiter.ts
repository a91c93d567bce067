import PQueue from 'p-queue';

export interface LimiterOptions {
  concurrency: number;
  /** Requests per minute cap, spread evenly (one request every 60/rpm seconds). */
  rpm?: number;
  /** Pause between rate-limit cuts, so one burst of 429s halves concurrency once, not to 1. */
  cutCooldownMs?: number;
}

/**
 * The gate in front of one provider: at most `concurrency` requests in flight and at most `rpm` a minute.
 * A rate-limit answer (429) halves the concurrency and pauses new requests for the Retry-After; each run
 * of 2 × concurrency successes without one gives back one parallel request, up to the configured limit.
 */
export class ProviderLimiter {
  readonly maxConcurrency: number;
  private readonly queue: PQueue;
  private readonly cutCooldownMs: number;
  private successesSinceChange = 0;
  private lastCut = -Infinity;
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  /** How many times concurrency was cut: reported in the summary. */
  cuts = 0;

  constructor(options: LimiterOptions) {
    this.maxConcurrency = Math.max(1, Math.floor(options.concurrency));
    this.cutCooldownMs = options.cutCooldownMs ?? 1000;
    const rpm = options.rpm;
    this.queue = new PQueue({
      concurrency: this.maxConcurrency,
      ...(rpm !== undefined && rpm > 0 ? { interval: Math.max(1, Math.ceil(60_000 / rpm)), intervalCap: 1 } : {}),
    });
  }

  get concurrency(): number {
    return this.queue.concurrency;
  }

  /** Runs `task` when the gate lets it; `retry` tasks go ahead of first attempts. */
  run<T>(task: () => Promise<T>, retry = false): Promise<T> {
    return this.queue.add(task, { priority: retry ? 1 : 0 }) as Promise<T>;
  }

  onSuccess(): void {
    if (this.queue.concurrency >= this.maxConcurrency) return;
    this.successesSinceChange++;
    if (this.successesSinceChange >= 2 * this.queue.concurrency) {
      this.queue.concurrency = this.queue.concurrency + 1;
      this.successesSinceChange = 0;
    }
  }

  onRateLimited(retryAfterMs: number | undefined, now = Date.now()): void {
    this.successesSinceChange = 0;
    if (now - this.lastCut >= this.cutCooldownMs) {
      this.lastCut = now;
      this.cuts++;
      this.queue.concurrency = Math.max(1, Math.floor(this.queue.concurrency / 2));
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pauseUntil(now + retryAfterMs);
  }

  /** Drops every request that has not started yet (interruption). */
  clear(): void {
    this.queue.clear();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.queue.start();
  }

  private pauseUntil(time: number): void {
    if (time <= this.resumeAt) return;
    this.resumeAt = time;
    this.queue.pause();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      this.queue.start();
    }, time - Date.now());
  }
}
