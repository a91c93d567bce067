import type { AnswerRecord } from '../seal/index.js';
import { parseJsonColumn } from './json-columns.js';

/** The columns of an answer row its record is read from: the record, with its JSON columns as the text stored. */
export type RecordColumns = Omit<AnswerRecord, 'request' | 'usage'> & { request: string | null; usage: string | null };

/**
 * The select list of RecordColumns over responses r, prompts p and probes pr (left-joined). A store
 * older than answer categories (opened read-only, so not migrated) has none: read as NULL.
 */
export const recordColumnsSql = (answerCategories: boolean): string =>
  `${answerCategories ? 'r.category' : 'NULL'} AS category, p.category AS promptCategory, pr.key AS probe, pr.category AS probeCategory,
   r.finish_reason AS finishReason, r.reported_model AS reportedModel, r.request AS request, r.usage AS usage,
   r.latency_ms AS latencyMs, r.started_at AS startedAt, r.created_at AS createdAt`;

/** An answer's record as a seal covers it; a JSON column that is not JSON is a DamagedRowError naming `where`. */
export function answerRecord(row: RecordColumns, where: string): AnswerRecord {
  return {
    category: row.category,
    promptCategory: row.promptCategory,
    probe: row.probe,
    probeCategory: row.probeCategory,
    finishReason: row.finishReason,
    reportedModel: row.reportedModel,
    request: parseJsonColumn(row.request, `${where}: its request`),
    usage: parseJsonColumn(row.usage, `${where}: its usage`),
    latencyMs: row.latencyMs,
    startedAt: row.startedAt,
    createdAt: row.createdAt,
  };
}

/** Whether answers carry their own category (schema 5 on). */
export function hasAnswerCategories(db: { pragma(source: string): unknown }): boolean {
  return (db.pragma('table_info(responses)') as Array<{ name: string }>).some((c) => c.name === 'category');
}
