import type { NewResponse, Store } from '../store/index.js';

/**
 * Commits answers as they arrive. Everything that arrives in one turn of the event loop is committed
 * together at the end of that turn, in one transaction: at high rates this saves most of the per-commit
 * cost, and a crash still loses only answers that had not reached the store (those slots stay missing).
 */
export class ResponseWriter {
  private pending: NewResponse[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushed: Promise<void> = Promise.resolve();
  private resolveFlushed: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(response: NewResponse): void {
    this.pending.push(response);
    if (this.scheduled) return;
    this.flushed = new Promise((resolve) => (this.resolveFlushed = resolve));
    this.scheduled = setImmediate(() => this.flush());
  }

  /** Commits whatever is waiting; resolves once it is in the store. */
  async close(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.flush();
    }
    await this.flushed;
  }

  private flush(): void {
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.transaction(() => {
        for (const response of batch) this.store.responses.saveLive(response);
      });
    } catch (error) {
      this.onError(error);
    } finally {
      this.resolveFlushed?.();
    }
  }
}
