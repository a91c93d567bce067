import { hostname } from 'node:os';
import type { Db } from './database.js';
import { now } from './clock.js';

export interface RunStart {
  kind: 'import' | 'live';
  toolVersion: string;
  batteryId?: number | null;
  source?: string | null;
  sourceSha256?: string | null;
  config?: unknown;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'interrupted';

/** A run as a report shows it: what collected a model's answers, when, and from what. */
export interface RunRecord {
  id: number;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  toolVersion: string;
  battery: string | null;
  batteryHash: string | null;
  source: string | null;
  sourceSha256: string | null;
  /** Answers of the model in question that this run stored. */
  answers: number;
  /** The position of the run's seal in the chain; null: not sealed (a run still going or killed, or an older file). */
  seal: number | null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours to signal
  }
}

/** Runs: one import of a file, or one live collection. */
export class RunRepository {
  constructor(private readonly db: Db) {}

  start(run: RunStart): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO runs (kind, status, started_at, pid, host, tool_version, battery_id, source, source_sha256, config)
           VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.kind,
          now(),
          process.pid,
          hostname(),
          run.toolVersion,
          run.batteryId ?? null,
          run.source ?? null,
          run.sourceSha256 ?? null,
          JSON.stringify(run.config ?? {}),
        ).lastInsertRowid,
    );
  }

  /**
   * Marks as interrupted the runs still recorded as running whose process, on this machine, is gone
   * (killed with kill -9, or the machine lost power). Returns their ids.
   */
  closeAbandoned(): number[] {
    const running = this.db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all() as Array<{
      id: number;
      pid: number | null;
      host: string | null;
    }>;
    const abandoned = running.filter((r) => r.host === hostname() && r.pid !== null && r.pid !== process.pid && !processAlive(r.pid));
    const mark = this.db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'`);
    this.db.transaction(() => abandoned.forEach((r) => mark.run(r.id)))();
    return abandoned.map((r) => r.id);
  }

  finish(runId: number, status: Exclude<RunStatus, 'running'>): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, now(), runId);
  }

  /** Whether any run (import or collection) was ever recorded: a database without one holds no evidence. */
  any(): boolean {
    return this.db.prepare('SELECT EXISTS (SELECT 1 FROM runs)').pluck().get() === 1;
  }

  /** Removes a run that recorded nothing (an import that found every answer already stored). */
  deleteIfEmpty(runId: number): void {
    this.db.prepare('DELETE FROM runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM responses WHERE run_id = ?)').run(runId, runId);
  }

  /**
   * The seal chains of the exports imported into this store, as each import run recorded them after
   * checking them (hashes in chain order). A run whose configuration cannot be read is skipped.
   */
  importedChains(): Array<{ runId: number; hashes: string[] }> {
    const rows = this.db.prepare(`SELECT id, config FROM runs WHERE kind = 'import' ORDER BY id`).all() as Array<{
      id: number;
      config: string;
    }>;
    const chains: Array<{ runId: number; hashes: string[] }> = [];
    for (const row of rows) {
      try {
        const hashes = (JSON.parse(row.config) as { exportSeals?: { hashes?: unknown } } | null)?.exportSeals?.hashes;
        if (Array.isArray(hashes) && hashes.every((h) => typeof h === 'string')) chains.push({ runId: row.id, hashes: hashes as string[] });
      } catch {
        // verify reports a configuration that is not JSON
      }
    }
    return chains;
  }

  /** The runs that stored answers of this model, oldest first. */
  /** Whether the file has a seal table: one older than seals, read without migrating, has none. */
  private hasSeals(): boolean {
    return this.db.prepare(`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seals')`).pluck().get() === 1;
  }

  ofModel(model: string): RunRecord[] {
    return this.db
      .prepare(
        `SELECT r.id, r.kind, r.status, r.started_at AS startedAt, r.finished_at AS finishedAt, r.tool_version AS toolVersion,
                b.name || ' v' || b.version AS battery, b.hash AS batteryHash, r.source, r.source_sha256 AS sourceSha256,
                count(x.id) AS answers, ${this.hasSeals() ? '(SELECT sequence FROM seals WHERE run_id = r.id)' : 'NULL'} AS seal
         FROM runs r
         JOIN responses x ON x.run_id = r.id
         JOIN models m ON m.id = x.model_id
         LEFT JOIN batteries b ON b.id = r.battery_id
         WHERE m.name = ?
         GROUP BY r.id ORDER BY r.started_at, r.id`,
      )
      .all(model) as RunRecord[];
  }
}
