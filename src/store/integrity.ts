import type { Db } from './database.js';
import { hasAnswerCategories, recordColumnsSql, type RecordColumns } from './answer-records.js';

export interface ResponseHashRow extends Omit<RecordColumns, 'promptCategory'> {
  /** Null when the answer's prompt row is missing. */
  promptCategory: string | null;
  id: number;
  model: string | null;
  promptSha256: string | null;
  /** The key of the probe that asked, for answers from a live run. */
  probe: string | null;
  sample: number;
  runId: number;
  /** For an answer a probe asked: whether that probe belongs to the battery its run collected (a live run asks only its own). */
  probeInRunBattery: number | null;
  text: string | null;
  textSha256: string | null;
  error: string | null;
}

export interface RunRow {
  id: number;
  kind: string;
  status: string;
  config: string | null;
}

export interface PromptRow {
  id: number;
  sha256: string;
  messages: string;
}

export interface BatteryRows {
  id: number;
  hash: string;
  name: string;
  version: string;
  probes: Array<{ key: string; category: string; params: string; samples: number; language: string | null; messages: string | null }>;
}

/**
 * Raw reads for checking the store: rows exactly as stored, JSON columns as text, so that a damaged
 * value is something to report rather than something that stops the check.
 */
export class IntegrityReader {
  constructor(private readonly db: Db) {}

  /** SQLite's own structural check; an empty list when the file is sound. */
  sqliteProblems(): string[] {
    const rows = this.db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    // A damaged page can come back as one row of many lines under a '*** in database main ***' heading.
    return rows
      .flatMap((r) => r.integrity_check.split('\n'))
      .filter((m) => m !== 'ok' && m !== '' && !/^\*\*\* in database \S+ \*\*\*$/.test(m));
  }

  *responses(): Generator<ResponseHashRow> {
    yield* this.db
      .prepare(
        `SELECT r.id, m.name AS model, p.sha256 AS promptSha256, r.sample_index AS sample, r.run_id AS runId,
                r.text, r.text_sha256 AS textSha256, r.error, ${recordColumnsSql(hasAnswerCategories(this.db))},
                CASE WHEN r.probe_id IS NULL THEN NULL ELSE pr.battery_id IS (SELECT battery_id FROM runs WHERE id = r.run_id) END AS probeInRunBattery
         FROM responses r LEFT JOIN models m ON m.id = r.model_id LEFT JOIN prompts p ON p.id = r.prompt_id
         LEFT JOIN probes pr ON pr.id = r.probe_id
         ORDER BY r.id`,
      )
      .iterate() as IterableIterator<ResponseHashRow>;
  }

  runs(): RunRow[] {
    return this.db.prepare('SELECT id, kind, status, config FROM runs ORDER BY id').all() as RunRow[];
  }

  /** For each prompt a battery asks, the key of a probe that asks it (the first by battery and key). */
  probeKeysByPrompt(): Map<string, string> {
    const rows = this.db
      .prepare('SELECT p.sha256 AS prompt, pr.key FROM probes pr JOIN prompts p ON p.id = pr.prompt_id ORDER BY pr.battery_id, pr.key')
      .all() as Array<{ prompt: string; key: string }>;
    const keys = new Map<string, string>();
    for (const r of rows) if (!keys.has(r.prompt)) keys.set(r.prompt, r.key);
    return keys;
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  *prompts(): Generator<PromptRow> {
    yield* this.db.prepare('SELECT id, sha256, messages FROM prompts ORDER BY id').iterate() as IterableIterator<PromptRow>;
  }

  batteries(): BatteryRows[] {
    const batteries = this.db.prepare('SELECT id, hash, name, version FROM batteries ORDER BY id').all() as Array<
      Omit<BatteryRows, 'probes'>
    >;
    const probes = this.db.prepare(
      `SELECT pr.key, pr.category, pr.params, pr.samples, pr.language, p.messages
       FROM probes pr LEFT JOIN prompts p ON p.id = pr.prompt_id WHERE pr.battery_id = ? ORDER BY pr.key`,
    );
    return batteries.map((b) => ({ ...b, probes: probes.all(b.id) as BatteryRows['probes'] }));
  }
}
