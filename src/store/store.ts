import { existsSync, rmSync, statSync } from 'node:fs';
import type { Db, OpenOptions } from './database.js';
import { openDatabase } from './database.js';
import { ModelRepository } from './models.js';
import { PromptRepository } from './prompts.js';
import { BatteryRepository } from './batteries.js';
import { RunRepository } from './runs.js';
import { ResponseRepository } from './responses.js';
import { IntegrityReader } from './integrity.js';
import { SealRepository } from './seals.js';
import type { RunStatus } from './runs.js';
import type { Seal } from '../seal/index.js';

const DISCARD = Symbol('discard the transaction');

/**
 * The evidence database: every read and write of collected answers goes through here, one small
 * repository per table family. Methods are synchronous (better-sqlite3); callers group writes with
 * `transaction`. Opened read-only, it cannot change: scoring, reports, export and verify read it so.
 */
export class Store {
  readonly models: ModelRepository;
  readonly prompts: PromptRepository;
  readonly batteries: BatteryRepository;
  readonly runs: RunRepository;
  readonly responses: ResponseRepository;
  readonly integrity: IntegrityReader;
  readonly seals: SealRepository;

  private constructor(
    /** The SQLite connection; the library reads and writes through the repositories, tests may inspect it. */
    readonly db: Db,
    readonly path: string,
    readonly readonly: boolean,
    /** Journal files a read-only connection made itself (a database written as WAL by an older version). */
    private readonly ownSidecars: readonly string[] = [],
  ) {
    this.models = new ModelRepository(db);
    this.prompts = new PromptRepository(db);
    this.batteries = new BatteryRepository(db);
    this.runs = new RunRepository(db);
    this.responses = new ResponseRepository(db);
    this.integrity = new IntegrityReader(db);
    this.seals = new SealRepository(db);
  }

  static open(path: string, options: OpenOptions = {}): Store {
    const sidecars = [`${path}-wal`, `${path}-shm`];
    const absent = options.readonly ? sidecars.filter((f) => !existsSync(f)) : [];
    const db = openDatabase(path, options);
    return new Store(db, path, options.readonly ?? false, absent);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    // Reading a WAL-mode file read-only makes SQLite create empty -wal and -shm files it cannot remove
    // itself; removing the ones this connection made, while empty, leaves the folder as it was.
    const wal = `${this.path}-wal`;
    if (this.ownSidecars.length > 0 && (!existsSync(wal) || statSync(wal).size === 0)) {
      for (const file of this.ownSidecars) rmSync(file, { force: true });
    }
  }

  /**
   * Ends a run and seals it, in one transaction: a run is never recorded as ended without its seal.
   * Every way a run ends goes through here (an import, the end of a live run) or through
   * closeAbandonedRuns (a live run that was killed).
   */
  endRun(runId: number, status: Exclude<RunStatus, 'running'>): Seal {
    return this.transaction(() => {
      this.runs.finish(runId, status);
      return this.seals.seal(runId);
    });
  }

  /**
   * Marks as interrupted the runs whose process is gone (killed with kill -9, or the machine lost
   * power) and seals each with the answers it stored before it died. Returns their ids.
   */
  closeAbandonedRuns(): number[] {
    return this.transaction(() => {
      const ids = this.runs.closeAbandoned();
      ids.forEach((id, i) => this.seals.seal(id, ids.slice(i + 1)));
      return ids;
    });
  }

  /** Runs fn in one transaction: all of its writes land, or none do. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Runs fn in one transaction and keeps its writes only when keep(result) says so; otherwise they are
   * rolled back, and the file stays byte for byte as it was (rows written and deleted again would
   * still change it).
   */
  transactionIf<T>(fn: () => T, keep: (result: T) => boolean): T {
    const discarded: { result?: T } = {};
    try {
      return this.db.transaction(() => {
        const result = fn();
        if (keep(result)) return result;
        discarded.result = result;
        throw DISCARD;
      })();
    } catch (error) {
      if (error === DISCARD) return discarded.result!;
      throw error;
    }
  }
}
