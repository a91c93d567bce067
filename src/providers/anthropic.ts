// Type-only: the SDK itself is loaded by prepare() (or the first request), so commands that call no model start fast.
import type Anthropic from '@anthropic-ai/sdk';
import { emptyAnswer, malformed } from './errors.js';
import { mapSdkError, onFirstUse, sdkClientOptions } from './sdk-errors.js';
import type { Completion, CompletionRequest, Provider, SamplingParams } from './types.js';

/** The Messages API requires max_tokens; this is what we send when the probe sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

export interface AnthropicOptions {
  id: string;
  model: string;
  apiKey: string;
  baseURL?: string;
}

export class AnthropicProvider implements Provider {
  readonly id: string;
  readonly kind = 'anthropic' as const;
  readonly model: string;
  private readonly connect: () => Promise<{ sdk: typeof Anthropic; client: Anthropic }>;
  private readonly secrets: string[];

  constructor(options: AnthropicOptions) {
    this.id = options.id;
    this.model = options.model;
    this.secrets = [options.apiKey];
    this.connect = onFirstUse(() =>
      import('@anthropic-ai/sdk').then(({ default: sdk }) => ({
        sdk,
        client: new sdk({ apiKey: options.apiKey, ...sdkClientOptions(options.baseURL) }),
      })),
    );
  }

  async prepare(): Promise<void> {
    await this.connect();
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    // The Messages API takes the system prompt apart from the turns.
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const turns = request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
    const sentParams = this.params(request.params);
    const { sdk, client } = await this.connect();
    let body: Anthropic.Message;
    try {
      body = await client.messages.create(
        {
          model: this.model,
          messages: turns,
          ...(system ? { system } : {}),
          ...(sentParams as { max_tokens: number }),
        },
        request.signal ? { signal: request.signal } : {},
      );
    } catch (error) {
      throw mapSdkError(error, sdk, request.signal, this.secrets);
    }
    return this.read(body, sentParams);
  }

  /** seed has no counterpart in the Messages API and is not sent. */
  private params(params: SamplingParams): Record<string, unknown> {
    const out: Record<string, unknown> = { max_tokens: params.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS };
    if (params.temperature !== undefined) out.temperature = params.temperature;
    if (params.top_p !== undefined) out.top_p = params.top_p;
    if (params.stop !== undefined && params.stop.length > 0) out.stop_sequences = params.stop;
    return out;
  }

  private read(body: unknown, sentParams: Record<string, unknown>): Completion {
    if (typeof body !== 'object' || body === null) throw malformed('body is not a JSON object');
    const b = body as Partial<Anthropic.Message>;
    if (!Array.isArray(b.content)) throw malformed('no content array');
    const text = b.content
      .filter((block): block is Anthropic.TextBlock => typeof block === 'object' && block !== null && block.type === 'text')
      .map((block) => (typeof block.text === 'string' ? block.text : ''))
      .join('');
    const finishReason = typeof b.stop_reason === 'string' ? b.stop_reason : null;
    if (text.trim() === '') throw emptyAnswer(finishReason);
    return {
      text,
      finishReason,
      reportedModel: typeof b.model === 'string' ? b.model : null,
      usage: {
        inputTokens: typeof b.usage?.input_tokens === 'number' ? b.usage.input_tokens : null,
        outputTokens: typeof b.usage?.output_tokens === 'number' ? b.usage.output_tokens : null,
      },
      sentParams,
    };
  }
}
