import type Database from 'better-sqlite3';
import { prepare, type Db } from './database.js';
import { now } from './clock.js';
import { DamagedRowError, jsonColumn } from './json-columns.js';
import { parseMessages } from './prompts.js';
import { answerRecord, hasAnswerCategories, recordColumnsSql, type RecordColumns } from './answer-records.js';
import { sha256Hex } from '../util/hash.js';
import type { ChatMessage } from '../prompt/index.js';
import type { AnswerRecord } from '../seal/index.js';

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
  /** The category the answer came with (an imported file's); live answers take their probe's. */
  category?: string | null;
}

/** What happened to a response offered to the store. */
export type InsertOutcome = 'added' | 'unchanged' | 'conflict';

/**
 * One stored answer usable for scoring (no error, text present), identified by content: neither row ids
 * nor sample numbers (which depend on the order a file listed the answers in) reach the scorer.
 */
export interface ScorableResponse {
  model: string;
  promptSha256: string;
  category: string;
  textSha256: string;
}

/** One stored answer with everything an export line carries. */
export interface StoredAnswer {
  model: string;
  messages: ChatMessage[];
  response: string;
  category: string;
  sample: number;
  sha256: string;
  promptSha256: string;
  /** Everything stored with the answer besides its text (finish reason, usage, times…), as a seal covers it. */
  record: AnswerRecord;
  run: { id: number; kind: string; status: string; toolVersion: string; batteryHash: string | null; sourceSha256: string | null };
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Look-ups by many keys go in chunks, below SQLite's limit on bound parameters. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const COLUMNS = `(run_id, model_id, prompt_id, probe_id, sample_index, text, text_sha256, finish_reason, reported_model,
  request, usage, latency_ms, error, started_at, created_at, category)`;

/** Bound values of a response row, in the order of COLUMNS. */
function values(response: NewResponse): unknown[] {
  return [
    response.runId,
    response.modelId,
    response.promptId,
    response.probeId ?? null,
    response.sampleIndex,
    response.text,
    response.text === null ? null : sha256Hex(response.text),
    response.finishReason ?? null,
    response.reportedModel ?? null,
    jsonColumn(response.request),
    jsonColumn(response.usage),
    response.latencyMs ?? null,
    response.error ?? null,
    response.startedAt ?? null,
    now(),
    response.category ?? null,
  ];
}

/**
 * A prompt's category as scoring, filters and exports read it (rows r, prompts p, probes pr), the same
 * whatever order the answers were stored in: the probe's (live answers), else the least of the
 * categories its usable imported answers came with (a failed attempt, which no seal covers, has no
 * say), else the prompt's own (a store older than answer categories, opened read-only, has only that).
 */
const categoryOf = (answerCategories: boolean) =>
  answerCategories
    ? `COALESCE(pr.category, (SELECT min(rc.category) FROM responses rc WHERE rc.prompt_id = r.prompt_id AND rc.category IS NOT NULL
         AND rc.error IS NULL AND rc.text_sha256 IS NOT NULL), p.category)`
    : 'COALESCE(pr.category, p.category)';

/** A category filter, as SQL and its three bound values. */
const categoryFilter = (answerCategories: boolean) => `(? IS NULL OR substr(${categoryOf(answerCategories)}, 1, length(?)) = ?)`;

/** The answers: one row per model, prompt and sample. */
export class ResponseRepository {
  private saveLiveStatement: Database.Statement | undefined;
  private answerCategoriesKnown: boolean | undefined;

  constructor(private readonly db: Db) {}

  /** Whether answers carry their own category: a store older than that, opened read-only, does not. */
  private get answerCategories(): boolean {
    this.answerCategoriesKnown ??= hasAnswerCategories(this.db);
    return this.answerCategoriesKnown;
  }

  /**
   * Stores a response unless its slot (model, prompt, sample) is taken. A taken slot holding the same
   * text is 'unchanged'; one holding other text is a 'conflict' and the stored answer is kept.
   */
  insert(response: NewResponse): InsertOutcome {
    const row = values(response);
    const result = prepare(this.db, `INSERT OR IGNORE INTO responses ${COLUMNS} VALUES (${row.map(() => '?').join(', ')})`).run(...row);
    if (result.changes > 0) return 'added';
    const existing = prepare(
      this.db,
      'SELECT text_sha256 FROM responses WHERE model_id = ? AND prompt_id = ? AND sample_index = ?',
      'pluck',
    ).get(response.modelId, response.promptId, response.sampleIndex) as string | null;
    return existing === row[6] ? 'unchanged' : 'conflict';
  }

  /**
   * Stores a live answer (or a failed attempt) in its slot. An empty slot is filled and a slot holding a failed
   * attempt is overwritten in place; a slot that already holds an answer is kept. One statement: never half a row.
   */
  saveLive(response: NewResponse): 'stored' | 'kept' {
    // Prepared once: a live run calls this for every answer, and preparing costs as much as the insert.
    this.saveLiveStatement ??= this.db.prepare(
      `INSERT INTO responses ${COLUMNS}
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_id, prompt_id, sample_index) DO UPDATE SET
         run_id = excluded.run_id, probe_id = excluded.probe_id, text = excluded.text, text_sha256 = excluded.text_sha256,
         finish_reason = excluded.finish_reason, reported_model = excluded.reported_model, request = excluded.request,
         usage = excluded.usage, latency_ms = excluded.latency_ms, error = excluded.error,
         started_at = excluded.started_at, created_at = excluded.created_at
       WHERE responses.error IS NOT NULL OR responses.text IS NULL`,
    );
    return this.saveLiveStatement.run(...values(response)).changes > 0 ? 'stored' : 'kept';
  }

  /** Every slot a model's answers to one prompt take: sample and text sha256 (null for a failed attempt). */
  slotsOf(modelId: number, promptId: number): Array<{ sample: number; textSha256: string | null }> {
    return prepare(
      this.db,
      'SELECT sample_index AS sample, text_sha256 AS textSha256 FROM responses WHERE model_id = ? AND prompt_id = ? ORDER BY sample_index',
    ).all(modelId, promptId) as Array<{ sample: number; textSha256: string | null }>;
  }

  /** The slots (prompt, sample) of a model that hold an answer; failed attempts do not count. */
  answeredSlots(modelId: number): Array<{ promptId: number; sampleIndex: number }> {
    return this.db
      .prepare(
        `SELECT prompt_id AS promptId, sample_index AS sampleIndex FROM responses
         WHERE model_id = ? AND error IS NULL AND text_sha256 IS NOT NULL`,
      )
      .all(modelId) as Array<{ promptId: number; sampleIndex: number }>;
  }

  /**
   * The usable answers of the named models, in content order (model name, prompt sha256, text sha256):
   * never row-id or sample order, so the same answers give the same result in any store.
   * `categoryPrefix` keeps only probes whose category starts with it. Texts are not read here: see `texts`.
   */
  scorable(models: readonly string[], options: { categoryPrefix?: string } = {}): ScorableResponse[] {
    if (models.length === 0) return [];
    const prefix = options.categoryPrefix ?? null;
    // Ids per row and the names and hashes they stand for read once: a case holds tens of thousands of
    // answers but only dozens of models and hundreds of prompts, and a row's strings cost as much as its read.
    const names = new Map(
      this.db
        .prepare(`SELECT id, name FROM models WHERE name IN (${models.map(() => '?').join(',')})`)
        .raw()
        .all(...models) as Array<[number, string]>,
    );
    const prompts = new Map<number, string>();
    const categories = new Map<string, string>();
    const rows = this.db
      .prepare(
        `SELECT r.model_id, r.prompt_id, p.sha256, ${categoryOf(this.answerCategories)}, r.text_sha256
         FROM responses r
         JOIN prompts p ON p.id = r.prompt_id
         LEFT JOIN probes pr ON pr.id = r.probe_id
         WHERE r.model_id IN (${[...names.keys()].map(() => '?').join(',') || 'NULL'}) AND r.error IS NULL AND r.text_sha256 IS NOT NULL AND ${categoryFilter(this.answerCategories)}`,
      )
      .raw()
      .all(...names.keys(), prefix, prefix, prefix) as Array<[number, number, string, string, string]>;
    const out: ScorableResponse[] = rows.map(([modelId, promptId, sha, category, textSha256]) => {
      if (!prompts.has(promptId)) prompts.set(promptId, sha);
      if (!categories.has(category)) categories.set(category, category);
      return { model: names.get(modelId)!, promptSha256: prompts.get(promptId)!, category: categories.get(category)!, textSha256 };
    });
    return out.sort((x, y) => cmp(x.model, y.model) || cmp(x.promptSha256, y.promptSha256) || cmp(x.textSha256, y.textSha256));
  }

  /** The texts with these sha256s (each read once, whichever answer holds it). */
  texts(textSha256s: Iterable<string>): Map<string, string> {
    const out = new Map<string, string>();
    // Rows as arrays from a statement kept per chunk size: a cold scoring job reads every text of a case this way.
    const statement = (n: number) =>
      prepare(
        this.db,
        `SELECT text_sha256, text FROM responses WHERE text_sha256 IN (${Array(n).fill('?').join(',')}) AND text IS NOT NULL`,
        'raw',
      );
    for (const chunk of chunks([...new Set(textSha256s)])) {
      for (const [sha, text] of statement(chunk.length).all(...chunk) as Array<[string, string]>) out.set(sha, text);
    }
    return out;
  }

  /**
   * The usable answers of the named models with the prompts that produced them, in content order
   * (model name, prompt sha256, text sha256); `categoryPrefix` keeps only probes whose category starts with it.
   */
  withPrompts(
    models: readonly string[],
    options: { categoryPrefix?: string } = {},
  ): Array<{ model: string; promptSha256: string; messages: ChatMessage[]; text: string }> {
    if (models.length === 0) return [];
    const prefix = options.categoryPrefix ?? null;
    // The answers are picked in a subquery the covering index answers, so only the rows kept are
    // read whole: a case's texts are not read to find its handful of identity answers.
    const rows = this.db
      .prepare(
        `SELECT m.name AS model, p.sha256 AS promptSha256, p.messages, r.text
         FROM (SELECT r.id FROM responses r
               JOIN prompts p ON p.id = r.prompt_id
               LEFT JOIN probes pr ON pr.id = r.probe_id
               WHERE r.model_id IN (SELECT id FROM models WHERE name IN (${models.map(() => '?').join(',')}))
                 AND r.error IS NULL AND r.text_sha256 IS NOT NULL AND ${categoryFilter(this.answerCategories)}) kept
         JOIN responses r ON r.id = kept.id
         JOIN models m ON m.id = r.model_id
         JOIN prompts p ON p.id = r.prompt_id
         ORDER BY m.name, p.sha256, r.text_sha256`,
      )
      .all(...models, prefix, prefix, prefix) as Array<{ model: string; promptSha256: string; messages: string; text: string }>;
    return rows.map((r) => ({ ...r, messages: parseMessages(r.messages, `prompt ${r.promptSha256.slice(0, 12)}`) }));
  }

  /** A model's answers to one prompt, in content order (text sha256), so a report quotes the same one in any store. */
  answersTo(model: string, promptSha256: string): string[] {
    return this.db
      .prepare(
        `SELECT r.text FROM responses r JOIN models m ON m.id = r.model_id JOIN prompts p ON p.id = r.prompt_id
         WHERE m.name = ? AND p.sha256 = ? AND r.error IS NULL AND r.text_sha256 IS NOT NULL ORDER BY r.text_sha256`,
      )
      .pluck()
      .all(model, promptSha256) as string[];
  }

  /** (prompt sha256, sample, text sha256) of every usable answer of a model: what a digest pins down. */
  digestRows(model: string): Array<{ prompt: string; sample: number; text: string }> {
    return this.db
      .prepare(
        `SELECT p.sha256 AS prompt, r.sample_index AS sample, r.text_sha256 AS text
         FROM responses r JOIN prompts p ON p.id = r.prompt_id JOIN models m ON m.id = r.model_id
         WHERE m.name = ? AND r.error IS NULL AND r.text_sha256 IS NOT NULL`,
      )
      .all(model) as Array<{ prompt: string; sample: number; text: string }>;
  }

  /** Every usable answer of a model with its prompt and run, in content order (prompt sha256, sample). */
  *answersOf(model: string): Generator<StoredAnswer> {
    const rows = this.db.prepare(
      `SELECT m.name AS model, p.messages, r.text AS response, ${categoryOf(this.answerCategories)} AS scoredCategory,
              r.sample_index AS sample, r.text_sha256 AS sha256, p.sha256 AS promptSha256, ${recordColumnsSql(this.answerCategories)},
              ru.id AS runId, ru.kind, ru.status, ru.tool_version AS toolVersion, b.hash AS batteryHash, ru.source_sha256 AS sourceSha256
       FROM responses r
       JOIN models m ON m.id = r.model_id
       JOIN prompts p ON p.id = r.prompt_id
       JOIN runs ru ON ru.id = r.run_id
       LEFT JOIN probes pr ON pr.id = r.probe_id
       LEFT JOIN batteries b ON b.id = ru.battery_id
       WHERE m.name = ? AND r.error IS NULL AND r.text_sha256 IS NOT NULL
       ORDER BY p.sha256, r.sample_index`,
    );
    for (const row of rows.iterate(model) as IterableIterator<Record<string, unknown>>) {
      const where = `${model}'s answer to prompt ${String(row.promptSha256).slice(0, 12)} (sample ${String(row.sample)})`;
      if (typeof row.response !== 'string') throw new DamagedRowError(`${where} has a text sha256 but no text`);
      yield {
        model: row.model as string,
        messages: parseMessages(row.messages as string, `the prompt of ${where}`),
        response: row.response as string,
        category: row.scoredCategory as string,
        sample: row.sample as number,
        sha256: row.sha256 as string,
        promptSha256: row.promptSha256 as string,
        record: answerRecord(row as unknown as RecordColumns, where),
        run: {
          id: row.runId as number,
          kind: row.kind as string,
          status: row.status as string,
          toolVersion: row.toolVersion as string,
          batteryHash: row.batteryHash as string | null,
          sourceSha256: row.sourceSha256 as string | null,
        },
      };
    }
  }
}
