import type { Db } from './database.js';
import { now } from './clock.js';
import { answerRecordSha256, makeSeal, type Seal, type SealedAnswer, type SealedRun } from '../seal/index.js';
import { answerRecord, recordColumnsSql, type RecordColumns } from './answer-records.js';
import { sha256Hex } from '../util/hash.js';

/** A seal row exactly as stored; verify reads these and reports what does not add up. */
export interface StoredSeal {
  sequence: number;
  runId: number;
  previousHash: string;
  hash: string;
  content: string;
  manifest: string;
}

/**
 * The seal chain: one seal per ended run, each naming the answers the run stored and chained to the
 * one before (the hashing is in src/seal). Seals are only ever appended.
 */
export class SealRepository {
  private hasTable: boolean | undefined;

  constructor(private readonly db: Db) {}

  /** Whether the database has a seal table: an older file read without migrating has none. */
  get available(): boolean {
    this.hasTable ??=
      this.db.prepare(`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seals')`).pluck().get() === 1;
    return this.hasTable;
  }

  /** The newest seal (position and hash), or null before the first. */
  head(): { sequence: number; hash: string } | null {
    if (!this.available) return null;
    return (
      (this.db.prepare('SELECT sequence, hash FROM seals ORDER BY sequence DESC LIMIT 1').get() as
        | { sequence: number; hash: string }
        | undefined) ?? null
    );
  }

  isSealed(runId: number): boolean {
    return this.available && this.db.prepare('SELECT EXISTS (SELECT 1 FROM seals WHERE run_id = ?)').pluck().get(runId) === 1;
  }

  /**
   * Seals a run that has ended: its metadata and every usable answer it stored (text hashed now),
   * appended to the chain. Call it in the transaction that ends the run, after the run's own update,
   * so the write lock is already held and no other process can append between reading the head and
   * writing the seal. `alsoEnding` are runs ended in the same transaction, to be sealed next.
   */
  seal(runId: number, alsoEnding: readonly number[] = []): Seal {
    const run = this.runMetadata(runId);
    if (!run) throw new Error(`cannot seal run ${runId}: no such run`);
    const previous = this.head();
    const legacyRuns = previous === null ? this.legacyRuns([runId, ...alsoEnding]) : [];
    const { seal, contentText, manifest } = makeSeal(
      previous,
      { run, sealedAt: now(), ...(legacyRuns.length > 0 ? { legacyRuns } : {}) },
      this.sealableAnswers(runId),
    );
    this.db
      .prepare('INSERT INTO seals (sequence, run_id, previous_hash, hash, content, manifest) VALUES (?, ?, ?, ?, ?, ?)')
      .run(seal.sequence, runId, seal.previousHash, seal.hash, contentText, manifest);
    return seal;
  }

  /** How many seals the chain holds. */
  count(): number {
    return this.available ? (this.db.prepare('SELECT count(*) FROM seals').pluck().get() as number) : 0;
  }

  /** The hash of the seal at this position, if there is one. */
  hashAt(sequence: number): string | undefined {
    if (!this.available) return undefined;
    return this.db.prepare('SELECT hash FROM seals WHERE sequence = ?').pluck().get(sequence) as string | undefined;
  }

  /** Every seal as stored, in chain order. */
  all(): StoredSeal[] {
    if (!this.available) return [];
    return this.db
      .prepare(`SELECT sequence, run_id AS runId, previous_hash AS previousHash, hash, content, manifest FROM seals ORDER BY sequence`)
      .all() as StoredSeal[];
  }

  /** A run's metadata as a seal records it, read from the runs table as it is now. */
  runMetadata(runId: number): SealedRun | undefined {
    const row = this.db
      .prepare(
        `SELECT r.id, r.kind, r.status, r.started_at AS startedAt, r.finished_at AS finishedAt, r.tool_version AS toolVersion,
                b.hash AS batteryHash, r.source, r.source_sha256 AS sourceSha256, r.config
         FROM runs r LEFT JOIN batteries b ON b.id = r.battery_id WHERE r.id = ?`,
      )
      .get(runId) as (Omit<SealedRun, 'configSha256'> & { config: string | null }) | undefined;
    if (!row) return undefined;
    const { config, ...rest } = row;
    return { ...rest, configSha256: sha256Hex(String(config)) };
  }

  /** The usable answers (text present, no error) a run stored, each with the sha256 of its record. */
  sealableAnswers(runId: number): Array<Required<SealedAnswer>> {
    // The hash stored with each answer when it was written, not one recomputed from the text now: a text
    // edited in between then shows as a mismatch in verify instead of being sealed as if it were original.
    const rows = this.db
      .prepare(
        `SELECT m.name AS model, p.sha256 AS prompt, r.sample_index AS sample, r.text_sha256 AS text, ${recordColumnsSql(true)}
         FROM responses r JOIN models m ON m.id = r.model_id JOIN prompts p ON p.id = r.prompt_id
         LEFT JOIN probes pr ON pr.id = r.probe_id
         WHERE r.run_id = ? AND r.error IS NULL AND r.text_sha256 IS NOT NULL`,
      )
      .all(runId) as Array<{ model: string; prompt: string; sample: number; text: string } & RecordColumns>;
    return rows.map((row) => ({
      model: row.model,
      prompt: row.prompt,
      sample: row.sample,
      text: row.text,
      record: answerRecordSha256(answerRecord(row, `${row.model}'s answer to prompt ${row.prompt.slice(0, 12)}`)),
    }));
  }

  /** Runs that had ended without a seal when the first seal was made: written before seals existed. */
  private legacyRuns(except: readonly number[]): number[] {
    const skip = new Set(except);
    return (this.db.prepare(`SELECT id FROM runs WHERE status != 'running' ORDER BY id`).pluck().all() as number[]).filter(
      (id) => !skip.has(id),
    );
  }
}
