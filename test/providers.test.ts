import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortedError,
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  FatalError,
  MALFORMED_RETRIES,
  RetryableError,
  createProvider,
  parseSpec,
  retryAfterMs,
  type Provider,
} from '../src/providers/index.js';
import { UserError } from '../src/util/errors.js';
import { startMockServer, type MockAction, type MockServer } from './helpers/mock-servers.js';
import { tempDir } from './helpers/temp.js';

const KEY = 'sk-test-0123456789abcdef';
const user = (content: string) => [{ role: 'user' as const, content }];

/** The error a provider call throws (fails the test if it resolves). */
async function failure(provider: Provider, prompt: string, signal?: AbortSignal): Promise<Error> {
  try {
    await provider.complete({ messages: user(prompt), params: {}, ...(signal ? { signal } : {}) });
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('model specs', () => {
  it('parses every form, with a default label and a secrets-free id', () => {
    expect(parseSpec('openai:gpt-4o-mini')).toMatchObject({ kind: 'openai', id: 'openai:gpt-4o-mini', defaultLabel: 'gpt-4o-mini' });
    expect(parseSpec('anthropic:claude-3-5-haiku')).toMatchObject({ kind: 'anthropic', defaultLabel: 'claude-3-5-haiku' });
    expect(parseSpec('ollama:llama3.2:1b')).toMatchObject({ kind: 'ollama', defaultLabel: 'llama3.2:1b' });
    expect(parseSpec('exec:node data/examples/terse.mjs')).toMatchObject({ kind: 'exec', defaultLabel: 'terse' });
    expect(parseSpec('replay:runs/gpt4.jsonl')).toMatchObject({ kind: 'replay', defaultLabel: 'gpt4' });
    const compatible = parseSpec('openai-compatible:https://user:hunter22@llm.example.com/v1?api_key=abc123#qwen2.5-7b');
    expect(compatible).toMatchObject({ kind: 'openai-compatible', defaultLabel: 'qwen2.5-7b' });
    expect(compatible.id).not.toContain('hunter22');
    expect(compatible.id).not.toContain('abc123');
    expect(compatible.id).toBe('openai-compatible:https://llm.example.com/v1?api_key=redacted#qwen2.5-7b');
  });

  it('rejects unknown and malformed specs with one line listing the valid forms', () => {
    for (const bad of [
      'gpt-4o',
      'gemini:pro',
      'openai:',
      'openai-compatible:http://x/v1',
      'openai-compatible:notaurl#m',
      'openai-compatible:ftp://h#m',
    ]) {
      let error: unknown;
      try {
        parseSpec(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(UserError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain(
        'openai:<model>, anthropic:<model>, openai-compatible:<base-url>#<model>, ollama:<model>, exec:<command>, replay:<file>',
      );
    }
  });

  it('needs the key variable, and names it (not its value) when missing', () => {
    expect(() => createProvider('openai:gpt-4o', { env: {} })).toThrow(/set OPENAI_API_KEY/);
    expect(() => createProvider('anthropic:claude', { env: {} })).toThrow(/set ANTHROPIC_API_KEY/);
    expect(() => createProvider('openai:gpt-4o', { env: { OPENAI_API_KEY: KEY }, apiKeyEnv: 'MY_KEY' })).toThrow(/set MY_KEY/);
    expect(() => createProvider('openai-compatible:http://127.0.0.1:1/v1#m', { env: {} })).not.toThrow();
  });

  it('reads Retry-After in milliseconds, seconds and as a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe.each(['openai', 'anthropic'] as const)('%s wire format against a mock server', (api) => {
  let server: MockServer;
  const scripts = new Map<string, MockAction>();
  let provider: Provider;

  beforeAll(async () => {
    server = await startMockServer({ script: (r) => scripts.get(r.prompt) });
    const env =
      api === 'openai'
        ? { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseUrl }
        : { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.anthropicBaseUrl };
    provider = createProvider(api === 'openai' ? 'openai:gpt-test' : 'anthropic:claude-test', { env });
  });
  afterAll(() => server.close());

  it('answers with text, finish reason, reported model and usage, sending the parameters its API takes', async () => {
    const completion = await provider.complete({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      params: { temperature: 0.5, max_tokens: 50, seed: 7, stop: ['END'] },
    });
    expect(completion.text).toBe('Answer to: What is 2+2?');
    expect(completion.reportedModel).toMatch(/-test-2024-01-01$/);
    expect(completion.usage).toEqual({ inputTokens: 7, outputTokens: 5 });
    const sent = server.requests.at(-1)!;
    if (api === 'openai') {
      expect(completion.finishReason).toBe('stop');
      expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(sent.body).toMatchObject({ model: 'gpt-test', temperature: 0.5, max_completion_tokens: 50, seed: 7, stop: ['END'] });
      expect(sent.body.messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 2+2?' },
      ]);
    } else {
      expect(completion.finishReason).toBe('end_turn');
      expect(sent.headers['x-api-key']).toBe(KEY);
      expect(sent.body).toMatchObject({
        model: 'claude-test',
        system: 'Be brief.',
        temperature: 0.5,
        max_tokens: 50,
        stop_sequences: ['END'],
      });
      expect(sent.body).not.toHaveProperty('seed');
      expect(sent.body.messages).toEqual([{ role: 'user', content: 'What is 2+2?' }]);
    }
  });

  if (api === 'anthropic') {
    it('sends a default max_tokens, which the Messages API requires', async () => {
      await provider.complete({ messages: user('defaults'), params: {} });
      expect(server.requests.at(-1)!.body.max_tokens).toBe(ANTHROPIC_DEFAULT_MAX_TOKENS);
    });
  }

  it('maps 429 with Retry-After to a rate-limited retryable error', async () => {
    scripts.set('busy', { kind: 'status', status: 429, headers: { 'retry-after': '2' } });
    const error = await failure(provider, 'busy');
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ message: expect.stringMatching(/^429\b/), retryAfterMs: 2000, rateLimited: true });
    scripts.set('busy-ms', { kind: 'status', status: 429, headers: { 'retry-after-ms': '150' } });
    expect(await failure(provider, 'busy-ms')).toMatchObject({ retryAfterMs: 150 });
  });

  it('maps 500 and 529 to retryable, 400 to fatal, 401 and 404 to fatal errors that stop the model', async () => {
    scripts.set('e500', { kind: 'status', status: 500 });
    scripts.set('e529', { kind: 'status', status: 529 });
    scripts.set('e400', { kind: 'status', status: 400 });
    scripts.set('e401', { kind: 'status', status: 401 });
    scripts.set('e404', { kind: 'status', status: 404 });
    expect(await failure(provider, 'e500')).toMatchObject({
      name: 'RetryableError',
      message: expect.stringMatching(/^500\b/),
      rateLimited: false,
    });
    expect(await failure(provider, 'e529')).toMatchObject({ name: 'RetryableError', message: expect.stringMatching(/^529\b/) });
    expect(await failure(provider, 'e400')).toMatchObject({
      name: 'FatalError',
      message: expect.stringMatching(/^400\b/),
      stopsModel: false,
    });
    expect(await failure(provider, 'e401')).toMatchObject({
      name: 'FatalError',
      message: expect.stringMatching(/^401\b/),
      stopsModel: true,
    });
    expect(await failure(provider, 'e404')).toMatchObject({
      name: 'FatalError',
      message: expect.stringMatching(/^404\b/),
      stopsModel: true,
    });
  });

  it('never puts the key into an error message, even when the server echoes it', async () => {
    const body =
      api === 'openai'
        ? { error: { message: `Incorrect API key provided: ${KEY}` } }
        : { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${KEY}` } };
    scripts.set('echo-key', { kind: 'status', status: 401, body });
    const error = await failure(provider, 'echo-key');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(KEY);
  });

  it('treats a malformed body as retryable a limited number of times', async () => {
    scripts.set('garbled', { kind: 'malformed' });
    const error = await failure(provider, 'garbled');
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).maxRetries).toBe(MALFORMED_RETRIES);
    expect(error.message).toMatch(/malformed/);
    scripts.set('no-choices', { kind: 'status', status: 200, body: { id: 'x' } });
    expect(await failure(provider, 'no-choices')).toMatchObject({ name: 'RetryableError', maxRetries: MALFORMED_RETRIES });
  });

  it('treats an empty answer as a fatal error', async () => {
    scripts.set('nothing', { kind: 'empty' });
    const error = await failure(provider, 'nothing');
    expect(error).toBeInstanceOf(FatalError);
    expect(error.message).toMatch(/empty answer/);
  });

  it('gives up a hanging request when its signal aborts', async () => {
    scripts.set('hang', { kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    expect(await failure(provider, 'hang', controller.signal)).toBeInstanceOf(AbortedError);
    expect(Date.now() - t0).toBeLessThan(20_000); // a request that ignored the abort would hang until the test times out
  });

  it('treats a dropped connection as retryable', async () => {
    scripts.set('reset', { kind: 'reset' });
    expect(await failure(provider, 'reset')).toBeInstanceOf(RetryableError);
  });
});

describe('exec provider', () => {
  const run = (command: string, prompt = 'hello there', signal?: AbortSignal) =>
    createProvider(`exec:${command}`).complete({
      messages: user(prompt),
      params: { temperature: 0 },
      sampleIndex: 2,
      ...(signal ? { signal } : {}),
    });

  it('sends the prompt on stdin and the conversation in the environment', async () => {
    expect((await run('cat')).text).toBe('hello there');
    const env = await run(
      `node -e 'process.stdout.write(process.env.LLMFP_MESSAGES + " " + process.env.LLMFP_PARAMS + " " + process.env.LLMFP_SAMPLE_INDEX)'`,
    );
    expect(env.text).toBe('[{"role":"user","content":"hello there"}] {"temperature":0} 2');
  });

  it('fails on a non-zero exit with the last stderr line, retries exit 75, refuses empty output', async () => {
    await expect(run(`echo 'model crashed' >&2; exit 3`)).rejects.toThrow(/program failed \(exit 3\): model crashed/);
    await expect(run('exit 3')).rejects.toBeInstanceOf(FatalError);
    await expect(run('exit 75')).rejects.toBeInstanceOf(RetryableError);
    await expect(run('true')).rejects.toThrow(/empty answer/);
  });

  it('kills the program (and what it started) on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    await expect(run('sleep 30; echo late', 'x', controller.signal)).rejects.toBeInstanceOf(AbortedError);
    expect(Date.now() - t0).toBeLessThan(20_000); // well short of the 30 s the program would run (a loaded machine is slow)
  });
});

describe('replay provider', () => {
  const dir = tempDir('llmfp-replay-');
  const file = join(dir, 'transcript.jsonl');
  writeFileSync(
    file,
    [
      { prompt: 'hi', response: 'hello', model: 'm1' },
      { prompt: 'hi', response: 'hello again', model: 'm1' },
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'user', content: 'q' },
        ],
        response: 'a',
        model: 'm1',
      },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n',
  );

  it('answers by prompt hash, the n-th line answering sample n', async () => {
    const provider = createProvider(`replay:${file}`);
    expect((await provider.complete({ messages: user('hi'), params: {}, sampleIndex: 0 })).text).toBe('hello');
    expect((await provider.complete({ messages: user('hi'), params: {}, sampleIndex: 1 })).text).toBe('hello again');
    const multi = await provider.complete({
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'q' },
      ],
      params: {},
    });
    expect(multi).toMatchObject({ text: 'a', reportedModel: 'm1' });
    await expect(provider.complete({ messages: user('hi'), params: {}, sampleIndex: 2 })).rejects.toThrow(/no recorded answer.*sample 2/);
    await expect(provider.complete({ messages: user('unknown'), params: {} })).rejects.toBeInstanceOf(FatalError);
  });

  it('names the line of a bad transcript, and asks to pick a model when several are mixed', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"prompt": "a", "response": "b"}\n{"prompt": "a"}\n');
    expect(() => createProvider(`replay:${bad}`)).toThrow(/bad\.jsonl line 2/);
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, '{"prompt": "a", "response": "b", "model": "x"}\n{"prompt": "a", "response": "c", "model": "y"}\n');
    expect(() => createProvider(`replay:${mixed}`)).toThrow(/several models \(x, y\)/);
    expect(createProvider(`replay:${mixed}#y`).model).toBe('y');
    expect(() => createProvider(`replay:${join(dir, 'missing.jsonl')}`)).toThrow(UserError);
  });
});
