import type { Store } from '../store/index.js';
import type { ChatMessage } from '../prompt/index.js';
import { EXPORT_FORMAT, answerKey, answerRecordSha256, parseManifest, parseSealContent, type SealContent } from '../seal/index.js';
import { sha256Hex } from '../util/hash.js';
import { UserError, errorMessage } from '../util/errors.js';

/** One stored answer as a JSONL line: importable again with `import --format jsonl`, hashes included. */
export interface ExportedAnswer {
  model: string;
  messages: ChatMessage[];
  response: string;
  category: string;
  sample: number;
  /** The sha256 the store holds for the response. */
  sha256: string;
  prompt_sha256: string;
  finish_reason: string | null;
  reported_model: string | null;
  usage: unknown;
  latency_ms: number | null;
  created_at: string;
  // The rest of what a seal covers of the answer (with finish_reason … created_at above): its request,
  // when it was sent, the probe that asked, the category its file gave (null for a live answer) and its
  // prompt's, so that import can check them against the seal.
  request: unknown;
  started_at: string | null;
  probe: string | null;
  probe_category: string | null;
  recorded_category: string | null;
  prompt_category: string;
  /** `status` tells import whether the run had ended (and so must have its seal in the file) or was still going. */
  run: { id: number; kind: string; status: string; tool_version: string; battery_hash: string | null; source_sha256: string | null };
  /** Present only with --allow-mismatch, on an answer that does not match its hash or its seal: what is wrong. */
  mismatch?: string;
}

/**
 * One seal of the store's chain as a JSONL line, after the answers: `{"seal": {...}}`. `content` is the
 * sealed record whose canonical JSON the hash covers; `manifest` lists the run's sealed answers as
 * [model, prompt sha256, sample, text sha256, record sha256] (four fields in a format-1 seal) — given for the runs behind the exported answers, null
 * for the others (their seals are there so the chain can be followed to its head).
 */
export interface ExportedSeal {
  sequence: number;
  previous_hash: string;
  hash: string;
  content: SealContent;
  manifest: Array<[string, string, number, string] | [string, string, number, string, string]> | null;
}

/**
 * The last line of an export, `{"end": {...}}`: the file was written to its end. A file cut short
 * (an export that failed midway into a pipe) lacks it, and import refuses it as truncated.
 */
export interface ExportedEnd {
  format: typeof EXPORT_FORMAT;
  answers: number;
  seals: number;
}

export type ExportLine = ExportedAnswer | { seal: ExportedSeal } | { end: ExportedEnd };

export interface ExportOptions {
  /** Write answers that do not match their hash or their seal, marked with a `mismatch` field, instead of failing. */
  allowMismatch?: boolean;
}

/**
 * The answers of the given models (or of all), then the seal chain, then the end line: what `export`
 * writes. The answers are checked against their stored hashes and their seals as they are written.
 */
export function* exportStore(store: Store, models?: readonly string[], options: ExportOptions = {}): Generator<ExportLine> {
  const runs = new Set<number>();
  let answers = 0;
  let seals = 0;
  for (const answer of exportAnswers(store, models, options)) {
    runs.add(answer.run.id);
    answers++;
    yield answer;
  }
  for (const seal of exportSeals(store, runs, options)) {
    seals++;
    yield { seal };
  }
  yield { end: { format: EXPORT_FORMAT, answers, seals } };
}

/**
 * Every usable answer (text present, no error) of the given models, or of all, in a stable order.
 * Failed requests are left out: they are not behaviour, and a transcript line needs a response. An
 * answer whose text does not match its stored sha256, or whose slot its run's seal records with
 * another text (or not at all), is an error naming it, unless `allowMismatch`.
 */
export function* exportAnswers(store: Store, models?: readonly string[], options: ExportOptions = {}): Generator<ExportedAnswer> {
  const sealed = sealedTexts(store);
  for (const model of models ?? store.models.list().map((m) => m.name)) {
    for (const a of store.responses.answersOf(model)) {
      const text = sha256Hex(a.response);
      const seal = sealed.byKey.get(answerKey({ model: a.model, prompt: a.promptSha256, sample: a.sample }));
      const mismatch =
        text !== a.sha256
          ? 'its text does not match its sha256'
          : seal && seal.text !== text
            ? `its text differs from the one sealed in seal ${seal.sequence}`
            : seal?.record !== undefined && seal.record !== answerRecordSha256(a.record)
              ? `what was recorded with it differs from seal ${seal.sequence}`
              : !seal && sealed.runs.has(a.run.id)
                ? `it was added after its run was sealed (seal ${sealed.runs.get(a.run.id)!})`
                : undefined;
      if (mismatch && !options.allowMismatch) {
        throw new UserError(
          `${a.model}'s answer to prompt ${a.promptSha256.slice(0, 12)}, sample ${a.sample}, run ${a.run.id}: ${mismatch} ` +
            '(run llm-fingerprint verify; --allow-mismatch exports it marked)',
        );
      }
      yield {
        model: a.model,
        messages: a.messages,
        response: a.response,
        category: a.category,
        sample: a.sample,
        sha256: a.sha256,
        prompt_sha256: a.promptSha256,
        finish_reason: a.record.finishReason,
        reported_model: a.record.reportedModel,
        usage: a.record.usage,
        latency_ms: a.record.latencyMs,
        created_at: a.record.createdAt,
        request: a.record.request,
        started_at: a.record.startedAt,
        probe: a.record.probe,
        probe_category: a.record.probeCategory,
        recorded_category: a.record.category,
        prompt_category: a.record.promptCategory,
        run: {
          id: a.run.id,
          kind: a.run.kind,
          status: a.run.status,
          tool_version: a.run.toolVersion,
          battery_hash: a.run.batteryHash,
          source_sha256: a.run.sourceSha256,
        },
        ...(mismatch ? { mismatch } : {}),
      };
    }
  }
}

/** The seal chain, in order; manifests only for the given runs. A seal that cannot be read is an error. */
export function* exportSeals(store: Store, withManifest: ReadonlySet<number>, options: ExportOptions = {}): Generator<ExportedSeal> {
  for (const row of store.seals.all()) {
    let content: SealContent;
    let manifest: ExportedSeal['manifest'] = null;
    try {
      content = parseSealContent(row.content);
      if (withManifest.has(row.runId)) {
        manifest = parseManifest(row.manifest).map((a) =>
          a.record === undefined ? [a.model, a.prompt, a.sample, a.text] : [a.model, a.prompt, a.sample, a.text, a.record],
        );
      }
    } catch (error) {
      if (options.allowMismatch) continue; // the import of this file will say the chain is broken here
      throw new UserError(`seal ${row.sequence} (run ${row.runId}) cannot be read: ${errorMessage(error)} (run llm-fingerprint verify)`);
    }
    yield { sequence: row.sequence, previous_hash: row.previousHash, hash: row.hash, content, manifest };
  }
}

/** The sealed text hash of every answer slot, and the seal of every sealed run; unreadable seals are skipped (verify reports them). */
function sealedTexts(store: Store): { byKey: Map<string, { text: string; record?: string; sequence: number }>; runs: Map<number, number> } {
  const byKey = new Map<string, { text: string; record?: string; sequence: number }>();
  const runs = new Map<number, number>();
  for (const row of store.seals.all()) {
    try {
      for (const a of parseManifest(row.manifest)) {
        byKey.set(answerKey(a), { text: a.text, ...(a.record !== undefined ? { record: a.record } : {}), sequence: row.sequence });
      }
      runs.set(row.runId, row.sequence);
    } catch {
      // a damaged manifest: verify names it; its answers are exported unchecked against it
    }
  }
  return { byKey, runs };
}
