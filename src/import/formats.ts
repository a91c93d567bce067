import { z } from 'zod';
import { chatMessageSchema, type ChatMessage } from '../prompt/index.js';

export const IMPORT_FORMATS = ['alpaca-eval', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One answer read from a transcript, whatever its file format. */
export interface TranscriptRecord {
  model: string;
  messages: ChatMessage[];
  response: string;
  /** The answer's own category. */
  category?: string;
  /** The prompt's category where the record says it apart from the answer's (an export line). */
  promptCategory?: string;
  sample?: number;
}

/** AlpacaEval's model_outputs.json: a JSON array of these. */
export const alpacaEvalRecordSchema = z
  .object({
    instruction: z.string().min(1, 'instruction is empty'),
    output: z.string(),
    generator: z.string().min(1).optional(),
    dataset: z.string().optional(),
  })
  .loose();

/** One line of a JSONL transcript: a prompt (or chat messages) and the model's response. */
export const jsonlRecordSchema = z
  .object({
    model: z.string().min(1).optional(),
    prompt: z.string().min(1, 'prompt is empty').optional(),
    messages: z.array(chatMessageSchema).min(1, 'messages is empty').optional(),
    response: z.string(),
    category: z.string().min(1).optional(),
    /** Which sample of the prompt this answer is; without it, the k-th answer in the file is sample k. */
    sample: z.number().int().min(0).optional(),
    // What `export` writes beside the answer, checked on import: the response's and the prompt's sha256,
    // the run the answer came from (to find its seal), and the mark of --allow-mismatch.
    sha256: z.string().optional(),
    prompt_sha256: z.string().optional(),
    run: z.object({ id: z.number().int(), kind: z.string(), status: z.string().optional() }).loose().optional(),
    mismatch: z.string().optional(),
    // What was recorded with the answer, which a format-2 seal covers (checked against it on import).
    finish_reason: z.string().nullable().optional(),
    reported_model: z.string().nullable().optional(),
    request: z.unknown().optional(),
    usage: z.unknown().optional(),
    latency_ms: z.number().nullable().optional(),
    started_at: z.string().nullable().optional(),
    created_at: z.string().optional(),
    probe: z.string().nullable().optional(),
    probe_category: z.string().nullable().optional(),
    recorded_category: z.string().nullable().optional(),
    prompt_category: z.string().optional(),
  })
  .loose()
  .refine((r) => (r.prompt === undefined) !== (r.messages === undefined), {
    message: 'needs exactly one of "prompt" or "messages"',
  });

export function fromAlpacaEval(record: z.infer<typeof alpacaEvalRecordSchema>, modelOverride?: string): TranscriptRecord {
  const model = modelOverride ?? record.generator;
  if (!model) throw new Error('has no "generator"; pass --model NAME');
  return {
    model,
    messages: [{ role: 'user', content: record.instruction }],
    response: record.output,
    ...(record.dataset ? { category: record.dataset } : {}),
  };
}

export function fromJsonl(record: z.infer<typeof jsonlRecordSchema>, modelOverride?: string): TranscriptRecord {
  const model = modelOverride ?? record.model;
  if (!model) throw new Error('has no "model"; pass --model NAME');
  const messages: ChatMessage[] = record.messages ?? [{ role: 'user', content: record.prompt! }];
  // An export line says what was recorded with the answer in fields its seal covers (checked on import);
  // its `category` is the one scoring read in the exporting store, derived, unchecked, so not used.
  const own = record.prompt_category !== undefined ? (record.probe_category ?? record.recorded_category ?? undefined) : record.category;
  return {
    model,
    messages,
    response: record.response,
    ...(own ? { category: own } : {}),
    ...(record.prompt_category !== undefined ? { promptCategory: record.prompt_category } : {}),
    ...(record.sample !== undefined ? { sample: record.sample } : {}),
  };
}
