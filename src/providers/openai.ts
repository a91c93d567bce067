// Type-only: the SDK itself is loaded by prepare() (or the first request), so commands that call no model start fast.
import type OpenAI from 'openai';
import { emptyAnswer, malformed } from './errors.js';
import { mapSdkError, onFirstUse, sdkClientOptions } from './sdk-errors.js';
import type { Completion, CompletionRequest, Provider, ProviderKind, SamplingParams } from './types.js';

export interface OpenAIChatOptions {
  id: string;
  kind: ProviderKind;
  model: string;
  baseURL?: string;
  apiKey?: string;
  /** OpenAI's own API wants max_completion_tokens; compatible servers mostly still read max_tokens. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

/** Chat completions over the official `openai` client: OpenAI itself, any compatible server, Ollama. */
export class OpenAIChatProvider implements Provider {
  readonly id: string;
  readonly kind: ProviderKind;
  readonly model: string;
  private readonly connect: () => Promise<{ sdk: typeof OpenAI; client: OpenAI }>;
  private readonly secrets: string[];
  private readonly maxTokensField: OpenAIChatOptions['maxTokensField'];

  constructor(options: OpenAIChatOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.model = options.model;
    this.maxTokensField = options.maxTokensField;
    this.secrets = options.apiKey ? [options.apiKey] : [];
    this.connect = onFirstUse(() =>
      import('openai').then(({ default: sdk }) => ({
        sdk,
        // Local servers take no key, but the client refuses to start without one.
        client: new sdk({ apiKey: options.apiKey ?? 'no-key', ...sdkClientOptions(options.baseURL) }),
      })),
    );
  }

  async prepare(): Promise<void> {
    await this.connect();
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const sentParams = this.params(request.params);
    const { sdk, client } = await this.connect();
    let body: OpenAI.Chat.Completions.ChatCompletion;
    try {
      body = await client.chat.completions.create(
        { model: this.model, messages: request.messages.map((m) => ({ role: m.role, content: m.content })), ...sentParams },
        request.signal ? { signal: request.signal } : {},
      );
    } catch (error) {
      throw mapSdkError(error, sdk, request.signal, this.secrets);
    }
    return this.read(body, sentParams);
  }

  private params(params: SamplingParams): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (params.temperature !== undefined) out.temperature = params.temperature;
    if (params.top_p !== undefined) out.top_p = params.top_p;
    if (params.max_tokens !== undefined) out[this.maxTokensField] = params.max_tokens;
    if (params.seed !== undefined) out.seed = params.seed;
    if (params.stop !== undefined && params.stop.length > 0) out.stop = params.stop;
    return out;
  }

  private read(body: unknown, sentParams: Record<string, unknown>): Completion {
    if (typeof body !== 'object' || body === null) throw malformed('body is not a JSON object');
    const b = body as Partial<OpenAI.Chat.Completions.ChatCompletion>;
    const choice = Array.isArray(b.choices) ? b.choices[0] : undefined;
    if (!choice || typeof choice !== 'object' || typeof choice.message !== 'object' || choice.message === null) {
      throw malformed('no choices[0].message');
    }
    const content = choice.message.content;
    if (content !== null && content !== undefined && typeof content !== 'string') throw malformed('message.content is not text');
    const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
    const text = content ?? '';
    if (text.trim() === '') throw emptyAnswer(finishReason);
    const usage = b.usage;
    return {
      text,
      finishReason,
      reportedModel: typeof b.model === 'string' ? b.model : null,
      usage: {
        inputTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : null,
        outputTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : null,
      },
      sentParams,
    };
  }
}
