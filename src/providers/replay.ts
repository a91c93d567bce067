import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { chatMessageSchema, promptSha256, type ChatMessage } from '../prompt/index.js';
import { UserError, errorMessage } from '../util/errors.js';
import { FatalError } from './errors.js';
import type { Completion, CompletionRequest, Provider } from './types.js';

const entrySchema = z
  .object({
    prompt: z.string().optional(),
    messages: z.array(chatMessageSchema).min(1).optional(),
    response: z.string(),
    model: z.string().optional(),
    finish_reason: z.string().optional(),
  })
  .refine((e) => (e.prompt === undefined) !== (e.messages === undefined), { message: 'needs exactly one of "prompt" or "messages"' });

interface Recorded {
  text: string;
  model: string | null;
  finishReason: string | null;
}

/**
 * Answers from a stored JSONL transcript, one `{prompt | messages, response[, model]}` object a line.
 * Prompts match by their sha256 (so `prompt: "x"` equals messages `[{role: user, content: x}]`); the n-th line
 * for a prompt answers sample n. `replay:FILE#MODEL` keeps only lines whose `model` is MODEL.
 */
export class ReplayProvider implements Provider {
  readonly id: string;
  readonly kind = 'replay' as const;
  readonly model: string;
  private readonly answers = new Map<string, Recorded[]>();

  constructor(options: { id: string; file: string; model?: string }) {
    this.id = options.id;
    this.model = options.model ?? basename(options.file);
    let content: string;
    try {
      content = readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read replay transcript ${options.file}: ${errorMessage(error)}`);
    }
    const models = new Set<string>();
    content.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new UserError(`${options.file} line ${index + 1}: not valid JSON`);
      }
      const entry = entrySchema.safeParse(parsed);
      if (!entry.success) {
        throw new UserError(`${options.file} line ${index + 1}: ${entry.error.issues[0]?.message ?? 'invalid entry'}`);
      }
      const e = entry.data;
      if (options.model !== undefined && e.model !== options.model) return;
      if (e.model !== undefined) models.add(e.model);
      const messages: ChatMessage[] = e.messages ?? [{ role: 'user', content: e.prompt! }];
      const sha = promptSha256(messages);
      const list = this.answers.get(sha) ?? [];
      list.push({ text: e.response, model: e.model ?? null, finishReason: e.finish_reason ?? null });
      this.answers.set(sha, list);
    });
    if (options.model === undefined && models.size > 1) {
      const names = [...models].slice(0, 5).join(', ');
      throw new UserError(`${options.file} holds answers from several models (${names}); pick one with replay:${options.file}#MODEL`);
    }
    if (this.answers.size === 0) {
      throw new UserError(`${options.file} has no answers${options.model ? ` from model ${options.model}` : ''}`);
    }
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const sample = request.sampleIndex ?? 0;
    const recorded = this.answers.get(promptSha256(request.messages))?.[sample];
    if (!recorded) throw new FatalError(`no recorded answer for this prompt${sample > 0 ? ` (sample ${sample})` : ''}`);
    if (recorded.text.trim() === '') throw new FatalError('empty answer');
    return {
      text: recorded.text,
      finishReason: recorded.finishReason,
      reportedModel: recorded.model,
      usage: { inputTokens: null, outputTokens: null },
    };
  }
}
