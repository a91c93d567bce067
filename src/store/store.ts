import type Database from 'better-sqlite3';
import { hostname } from 'node:os';
import type { Db, OpenOptions } from './database.js';
import { openDatabase } from './database.js';
import { canonicalMessages, promptSha256, type ChatMessage } from '../probes/messages.js';
import { sha256Hex } from '../util/hash.js';

export interface ModelSummary {
  name: string;
  responses: number;
  source: string;
}

export interface ModelRow {
  id: number;
  name: string;
  source: string;
  providerSpec: string | null;
}

export interface RunStart {
  kind: 'import' | 'live';
  toolVersion: string;
  gitCommit?: string | null;
  batteryId?: number | null;
  source?: string | null;
  sourceSha256?: string | null;
  config?: unknown;
}

export interface NewResponse {
  runId: number;
  modelId: number;
  promptId: number;
  probeId?: number | null;
  sampleIndex: number;
  text: string | null;
  finishReason?: string | null;
  reportedModel?: string | null;
  request?: unknown;
  usage?: unknown;
  latencyMs?: number | null;
  error?: string | null;
  startedAt?: string | null;
}

/** What happened to a response offered to the store. */
export type InsertOutcome = 'added' | 'unchanged' | 'conflict';

/** One stored answer usable for scoring (no error, non-null text). */
export interface ScorableResponse {
  modelId: number;
  promptId: number;
  category: string;
  sampleIndex: number;
  textSha256: string;
  text: string;
}

export interface EmbedderRecord {
  id: string;
  kind: string;
  modelName?: string | null;
  fileSha256?: string | null;
  pooling?: string | null;
  normalize: boolean;
  dimension: number;
  version: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours to signal
  }
}

/** Look-ups by many keys go in chunks, below SQLite's limit on bound parameters. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const now = () => new Date().toISOString();
const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Bound values of a response row, in the column order both response-writing statements use. */
function responseValues(response: NewResponse, textSha256: string | null): unknown[] {
  return [
    response.runId,
    response.modelId,
    response.promptId,
    response.probeId ?? null,
    response.sampleIndex,
    response.text,
    textSha256,
    response.finishReason ?? null,
    response.reportedModel ?? null,
    json(response.request),
    json(response.usage),
    response.latencyMs ?? null,
    response.error ?? null,
    response.startedAt ?? null,
    now(),
  ];
}

/**
 * The SQLite store: every read and write of the tool goes through here.
 * Methods are small and synchronous (better-sqlite3); callers group writes with `transaction`.
 */
export class Store {
  readonly db: Db;
  readonly path: string;
  private saveLiveStatement: Database.Statement | undefined;

  private constructor(db: Db, path: string) {
    this.db = db;
    this.path = path;
  }

  static open(path: string, options: OpenOptions = {}): Store {
    return new Store(openDatabase(path, options), path);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one transaction: all of its writes land, or none do. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ── models ──────────────────────────────────────────────────────────

  ensureModel(name: string, source: string, providerSpec: string | null = null): number {
    const found = this.findModel(name);
    if (found) return found.id;
    return Number(
      this.db
        .prepare('INSERT INTO models (name, provider_spec, source, created_at) VALUES (?, ?, ?, ?)')
        .run(name, providerSpec, source, now()).lastInsertRowid,
    );
  }

  findModel(name: string): ModelRow | undefined {
    return this.db
      .prepare('SELECT id, name, source, provider_spec AS providerSpec FROM models WHERE name = ?')
      .get(name) as ModelRow | undefined;
  }

  /** Models with their count of usable responses, in name order. */
  listModels(): ModelSummary[] {
    return this.db
      .prepare(
        `SELECT m.name, m.source,
                (SELECT count(*) FROM responses r WHERE r.model_id = m.id AND r.error IS NULL AND r.text IS NOT NULL) AS responses
         FROM models m ORDER BY m.name`,
      )
      .all() as ModelSummary[];
  }

  // ── prompts, batteries, probes ─────────────────────────────────────

  ensurePrompt(messages: readonly ChatMessage[], category = 'general'): { id: number; sha256: string } {
    const sha256 = promptSha256(messages);
    const found = this.db.prepare('SELECT id FROM prompts WHERE sha256 = ?').get(sha256) as { id: number } | undefined;
    if (found) return { id: found.id, sha256 };
    const id = Number(
      this.db
        .prepare('INSERT INTO prompts (sha256, messages, category, created_at) VALUES (?, ?, ?, ?)')
        .run(sha256, canonicalMessages(messages), category, now()).lastInsertRowid,
    );
    return { id, sha256 };
  }

  ensureBattery(battery: { hash: string; name: string; version: string; source?: string | null }): number {
    const found = this.db.prepare('SELECT id FROM batteries WHERE hash = ?').get(battery.hash) as { id: number } | undefined;
    if (found) return found.id;
    return Number(
      this.db
        .prepare('INSERT INTO batteries (hash, name, version, source, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(battery.hash, battery.name, battery.version, battery.source ?? null, now()).lastInsertRowid,
    );
  }

  ensureProbe(probe: {
    batteryId: number;
    key: string;
    category: string;
    promptId: number;
    params?: unknown;
    samples?: number;
    language?: string | null;
  }): number {
    const found = this.db
      .prepare('SELECT id FROM probes WHERE battery_id = ? AND key = ?')
      .get(probe.batteryId, probe.key) as { id: number } | undefined;
    if (found) return found.id;
    return Number(
      this.db
        .prepare(
          'INSERT INTO probes (battery_id, key, category, prompt_id, params, samples, language) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          probe.batteryId,
          probe.key,
          probe.category,
          probe.promptId,
          JSON.stringify(probe.params ?? {}),
          probe.samples ?? 1,
          probe.language ?? null,
        ).lastInsertRowid,
    );
  }

  // ── runs and responses ─────────────────────────────────────────────

  startRun(run: RunStart): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO runs (kind, status, started_at, pid, host, tool_version, git_commit, battery_id, source, source_sha256, config)
           VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.kind,
          now(),
          process.pid,
          hostname(),
          run.toolVersion,
          run.gitCommit ?? null,
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
  closeAbandonedRuns(): number[] {
    const running = this.db.prepare(`SELECT id, pid, host FROM runs WHERE status = 'running'`).all() as Array<{
      id: number;
      pid: number | null;
      host: string | null;
    }>;
    const abandoned = running.filter((r) => r.host === hostname() && r.pid !== null && r.pid !== process.pid && !processAlive(r.pid));
    const mark = this.db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'`);
    this.transaction(() => abandoned.forEach((r) => mark.run(r.id)));
    return abandoned.map((r) => r.id);
  }

  finishRun(runId: number, status: 'finished' | 'failed' | 'interrupted'): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, now(), runId);
  }

  /** Removes a run that recorded nothing (an import that found every answer already stored). */
  deleteRun(runId: number): void {
    this.db.prepare('DELETE FROM runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM responses WHERE run_id = ?)').run(runId, runId);
  }

  /**
   * Stores a response unless its slot (model, prompt, sample) is taken. A taken slot holding the same
   * text is 'unchanged'; one holding other text is a 'conflict' and the stored answer is kept.
   */
  insertResponse(response: NewResponse): InsertOutcome {
    const textSha256 = response.text === null ? null : sha256Hex(response.text);
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO responses
           (run_id, model_id, prompt_id, probe_id, sample_index, text, text_sha256, finish_reason, reported_model,
            request, usage, latency_ms, error, started_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...responseValues(response, textSha256));
    if (result.changes > 0) return 'added';
    const existing = this.db
      .prepare('SELECT text_sha256 AS sha FROM responses WHERE model_id = ? AND prompt_id = ? AND sample_index = ?')
      .get(response.modelId, response.promptId, response.sampleIndex) as { sha: string | null };
    return existing.sha === textSha256 ? 'unchanged' : 'conflict';
  }

  /**
   * Stores a live answer (or a failed attempt) in its slot. An empty slot is filled and a slot holding a failed
   * attempt is overwritten in place; a slot that already holds an answer is kept. One statement: never half a row.
   */
  saveLiveResponse(response: NewResponse): 'stored' | 'kept' {
    // Prepared once: a live run calls this for every answer, and preparing costs as much as the insert.
    this.saveLiveStatement ??= this.db.prepare(
      `INSERT INTO responses
         (run_id, model_id, prompt_id, probe_id, sample_index, text, text_sha256, finish_reason, reported_model,
          request, usage, latency_ms, error, started_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_id, prompt_id, sample_index) DO UPDATE SET
         run_id = excluded.run_id, probe_id = excluded.probe_id, text = excluded.text, text_sha256 = excluded.text_sha256,
         finish_reason = excluded.finish_reason, reported_model = excluded.reported_model, request = excluded.request,
         usage = excluded.usage, latency_ms = excluded.latency_ms, error = excluded.error,
         started_at = excluded.started_at, created_at = excluded.created_at
       WHERE responses.error IS NOT NULL OR responses.text IS NULL`,
    );
    const result = this.saveLiveStatement.run(...responseValues(response, response.text === null ? null : sha256Hex(response.text)));
    return result.changes > 0 ? 'stored' : 'kept';
  }

  /** The slots (prompt, sample) of a model that hold an answer; failed attempts do not count. */
  answeredSlots(modelId: number): Array<{ promptId: number; sampleIndex: number }> {
    return this.db
      .prepare(
        `SELECT prompt_id AS promptId, sample_index AS sampleIndex FROM responses
         WHERE model_id = ? AND error IS NULL AND text IS NOT NULL`,
      )
      .all(modelId) as Array<{ promptId: number; sampleIndex: number }>;
  }

  /**
   * Usable responses (text present, no error) of the given models, ordered for stable scoring;
   * `categoryPrefix` keeps only probes whose category starts with it.
   */
  scorableResponses(modelIds: readonly number[], options: { categoryPrefix?: string } = {}): ScorableResponse[] {
    if (modelIds.length === 0) return [];
    const placeholders = modelIds.map(() => '?').join(',');
    return this.db
      .prepare(
        `SELECT r.model_id AS modelId, r.prompt_id AS promptId, COALESCE(pr.category, p.category) AS category,
                r.sample_index AS sampleIndex, r.text_sha256 AS textSha256, r.text AS text
         FROM responses r
         JOIN prompts p ON p.id = r.prompt_id
         LEFT JOIN probes pr ON pr.id = r.probe_id
         WHERE r.model_id IN (${placeholders}) AND r.error IS NULL AND r.text IS NOT NULL
           AND (? IS NULL OR substr(COALESCE(pr.category, p.category), 1, length(?)) = ?)
         ORDER BY r.model_id, r.prompt_id, r.sample_index`,
      )
      .all(...modelIds, ...Array<string | null>(3).fill(options.categoryPrefix ?? null)) as ScorableResponse[];
  }

  /** The chat messages of the given prompts, by prompt id (prompts that do not exist are left out). */
  promptMessages(promptIds: readonly number[]): Map<number, ChatMessage[]> {
    const out = new Map<number, ChatMessage[]>();
    for (const chunk of chunks([...new Set(promptIds)])) {
      const rows = this.db
        .prepare(`SELECT id, messages FROM prompts WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Array<{ id: number; messages: string }>;
      for (const row of rows) out.set(row.id, JSON.parse(row.messages) as ChatMessage[]);
    }
    return out;
  }

  // ── embedders and vectors ──────────────────────────────────────────

  registerEmbedder(embedder: EmbedderRecord): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO embedders (id, kind, model_name, file_sha256, pooling, normalize, dimension, version, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        embedder.id,
        embedder.kind,
        embedder.modelName ?? null,
        embedder.fileSha256 ?? null,
        embedder.pooling ?? null,
        embedder.normalize ? 1 : 0,
        embedder.dimension,
        embedder.version,
        now(),
      );
  }

  /** Text hashes among `textSha256s` that have no vector yet for this embedder. */
  missingVectors(embedderId: string, textSha256s: Iterable<string>): string[] {
    const wanted = [...new Set(textSha256s)];
    const present = new Set<string>();
    for (const chunk of chunks(wanted)) {
      const rows = this.db
        .prepare(`SELECT text_sha256 FROM embeddings WHERE embedder_id = ? AND text_sha256 IN (${chunk.map(() => '?').join(',')})`)
        .pluck()
        .all(embedderId, ...chunk) as string[];
      for (const sha of rows) present.add(sha);
    }
    return wanted.filter((sha) => !present.has(sha));
  }

  putVectors(embedderId: string, vectors: ReadonlyArray<{ textSha256: string; dimension: number; blob: Buffer }>): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO embeddings (text_sha256, embedder_id, dimension, vector) VALUES (?, ?, ?, ?)',
    );
    this.transaction(() => {
      for (const v of vectors) insert.run(v.textSha256, embedderId, v.dimension, v.blob);
    });
  }

  getVectors(embedderId: string, textSha256s: Iterable<string>): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const chunk of chunks([...new Set(textSha256s)])) {
      const rows = this.db
        .prepare(
          `SELECT text_sha256 AS sha, vector FROM embeddings WHERE embedder_id = ? AND text_sha256 IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(embedderId, ...chunk) as Array<{ sha: string; vector: Buffer }>;
      for (const row of rows) out.set(row.sha, row.vector);
    }
    return out;
  }

}
