import type { Store } from '../store/index.js';
import type { ChatMessage } from '../prompt/index.js';

/** One stored answer as a JSONL line: importable again with `import --format jsonl`, hashes included. */
export interface ExportedAnswer {
  model: string;
  messages: ChatMessage[];
  response: string;
  category: string;
  sample: number;
  sha256: string;
  prompt_sha256: string;
  finish_reason: string | null;
  reported_model: string | null;
  usage: unknown;
  latency_ms: number | null;
  created_at: string;
  run: { id: number; kind: string; tool_version: string; battery_hash: string | null; source_sha256: string | null };
}

interface Row {
  model: string;
  messages: string;
  response: string;
  category: string;
  sample: number;
  sha256: string;
  promptSha256: string;
  finishReason: string | null;
  reportedModel: string | null;
  usage: string | null;
  latencyMs: number | null;
  createdAt: string;
  runId: number;
  kind: string;
  toolVersion: string;
  batteryHash: string | null;
  sourceSha256: string | null;
}

/**
 * Every usable answer (text present, no error) of the given models, or of all, in a stable order.
 * Failed requests are left out: they are not behaviour, and a transcript line needs a response.
 */
export function* exportAnswers(store: Store, models?: readonly string[]): Generator<ExportedAnswer> {
  const names = models ?? store.listModels().map((m) => m.name);
  const rows = store.db.prepare(
    `SELECT m.name AS model, p.messages, r.text AS response, COALESCE(pr.category, p.category) AS category,
            r.sample_index AS sample, r.text_sha256 AS sha256, p.sha256 AS promptSha256, r.finish_reason AS finishReason,
            r.reported_model AS reportedModel, r.usage, r.latency_ms AS latencyMs, r.created_at AS createdAt,
            ru.id AS runId, ru.kind, ru.tool_version AS toolVersion, b.hash AS batteryHash, ru.source_sha256 AS sourceSha256
     FROM responses r
     JOIN models m ON m.id = r.model_id
     JOIN prompts p ON p.id = r.prompt_id
     JOIN runs ru ON ru.id = r.run_id
     LEFT JOIN probes pr ON pr.id = r.probe_id
     LEFT JOIN batteries b ON b.id = ru.battery_id
     WHERE m.name = ? AND r.error IS NULL AND r.text IS NOT NULL
     ORDER BY p.sha256, r.sample_index`,
  );
  for (const model of names) {
    for (const row of rows.iterate(model) as IterableIterator<Row>) {
      yield {
        model: row.model,
        messages: JSON.parse(row.messages) as ChatMessage[],
        response: row.response,
        category: row.category,
        sample: row.sample,
        sha256: row.sha256,
        prompt_sha256: row.promptSha256,
        finish_reason: row.finishReason,
        reported_model: row.reportedModel,
        usage: row.usage === null ? null : (JSON.parse(row.usage) as unknown),
        latency_ms: row.latencyMs,
        created_at: row.createdAt,
        run: { id: row.runId, kind: row.kind, tool_version: row.toolVersion, battery_hash: row.batteryHash, source_sha256: row.sourceSha256 },
      };
    }
  }
}
