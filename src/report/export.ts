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

/**
 * Every usable answer (text present, no error) of the given models, or of all, in a stable order.
 * Failed requests are left out: they are not behaviour, and a transcript line needs a response.
 */
export function* exportAnswers(store: Store, models?: readonly string[]): Generator<ExportedAnswer> {
  for (const model of models ?? store.models.list().map((m) => m.name)) {
    for (const a of store.responses.answersOf(model)) {
      yield {
        model: a.model,
        messages: a.messages,
        response: a.response,
        category: a.category,
        sample: a.sample,
        sha256: a.sha256,
        prompt_sha256: a.promptSha256,
        finish_reason: a.finishReason,
        reported_model: a.reportedModel,
        usage: a.usage,
        latency_ms: a.latencyMs,
        created_at: a.createdAt,
        run: {
          id: a.run.id,
          kind: a.run.kind,
          tool_version: a.run.toolVersion,
          battery_hash: a.run.batteryHash,
          source_sha256: a.run.sourceSha256,
        },
      };
    }
  }
}
