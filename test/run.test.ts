import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBattery } from '../src/probes/index.js';
import { createProvider, type Provider } from '../src/providers/index.js';
import {
  ProviderLimiter,
  plannedProbes,
  resolveModels,
  retryDelayMs,
  runCollection,
  silentProgress,
  UNREACHABLE_AFTER,
  type ProgressCounts,
  type RunOptions,
} from '../src/run/index.js';
import { Store } from '../src/store/index.js';
import { tempDir as makeTempDir } from './helpers/temp.js';
import { startMockServer, type MockAction, type MockServer } from './helpers/mock-servers.js';

const KEY = 'sk-run-test-secret-9876543210';
const FAST = { baseMs: 5, maxMs: 20, maxRetryAfterMs: 1000 };

const tempDir = () => makeTempDir('llmfp-run-');

/** A battery of `n` probes, `samples` each. */
function batteryFile(dir: string, n: number, samples = 1): string {
  const probes = Array.from({ length: n }, (_, i) => `  - id: p${i}\n    category: ${i % 2 ? 'odd' : 'even'}\n    prompt: "question ${i}"`);
  const path = join(dir, 'battery.yaml');
  writeFileSync(
    path,
    `name: test\nversion: "1"\ndefaults:\n  language: en\n  samples: ${samples}\n  params:\n    temperature: 0.7\nprobes:\n${probes.join('\n')}\n`,
  );
  return path;
}

interface Rig {
  store: Store;
  run: (models: Provider[] | Array<{ label: string; provider: Provider }>, extra?: Partial<RunOptions>) => ReturnType<typeof runCollection>;
  rows: () => Array<{ model: string; prompt: string; sample: number; text: string | null; error: string | null }>;
}

function rig(batteryPath: string): Rig {
  const store = Store.open(join(tempDir(), 'fp.db'));
  const battery = loadBattery(batteryPath);
  const { batteryId, probes } = plannedProbes(store, battery);
  return {
    store,
    run: (models, extra = {}) =>
      runCollection(store, {
        models: models.map((m) => ('provider' in m ? m : { label: m.id.split(':').pop()!.split('#').pop()!, provider: m })),
        battery: { id: batteryId, name: battery.name, version: battery.version, hash: battery.hash },
        probes,
        backoff: FAST,
        // Far above any answer of the local mock server, even on a loaded machine: a deadline here would
        // turn into an unplanned retry. Tests of the deadline set their own.
        timeoutMs: 30_000,
        ...extra,
      }),
    rows: () =>
      store.db
        .prepare(
          `SELECT m.name AS model, p.messages AS prompt, r.sample_index AS sample, r.text, r.error
           FROM responses r JOIN models m ON m.id = r.model_id JOIN prompts p ON p.id = r.prompt_id ORDER BY r.id`,
        )
        .all() as Array<{ model: string; prompt: string; sample: number; text: string | null; error: string | null }>,
  };
}

const servers: MockServer[] = [];
async function server(script?: (prompt: string, attempt: number) => MockAction | undefined, latencyMs = 0): Promise<MockServer> {
  const attempts = new Map<string, number>();
  const s = await startMockServer({
    latencyMs,
    script: (r) => {
      const n = attempts.get(`${r.api}:${r.prompt}`) ?? 0;
      attempts.set(`${r.api}:${r.prompt}`, n + 1);
      return script?.(r.prompt, n);
    },
  });
  servers.push(s);
  return s;
}
const compatible = (s: MockServer, model = 'mock') => createProvider(`openai-compatible:${s.openaiBaseUrl}#${model}`);
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

describe('runner', () => {
  it('collects every probe × model × sample once, recording request, usage, model, latency and times', async () => {
    const s = await server();
    const anthropic = createProvider('anthropic:claude-mock', { env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: s.anthropicBaseUrl } });
    const openai = createProvider('openai:gpt-mock', { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: s.openaiBaseUrl } });
    const r = rig(batteryFile(tempDir(), 5, 2));
    const summary = await r.run([openai, anthropic], { concurrency: 3 });
    expect(summary).toMatchObject({ status: 'finished', planned: 20, alreadyAnswered: 0, done: 20, failed: 0, missing: 0, retried: 0 });
    expect(summary.outputTokens).toBe(20 * 4);
    expect(s.count()).toBe(20);
    const rows = r.store.db.prepare('SELECT * FROM responses').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(20);
    const row = rows.find((x) => String(x.reported_model).startsWith('claude'))!;
    expect(row.reported_model).toBe('claude-mock-2024-01-01');
    expect(row.finish_reason).toBe('end_turn');
    expect(JSON.parse(String(row.request))).toEqual({
      provider: 'anthropic:claude-mock',
      model: 'claude-mock',
      params: { max_tokens: 1024, temperature: 0.7 },
      attempts: 1,
    });
    expect(JSON.parse(String(row.usage))).toEqual({ inputTokens: 7, outputTokens: 4 });
    expect(row.latency_ms).toBeGreaterThan(0);
    expect(Date.parse(String(row.started_at))).toBeLessThanOrEqual(Date.parse(String(row.created_at)));
    const run = r.store.db.prepare('SELECT * FROM runs').get() as Record<string, unknown>;
    expect(run).toMatchObject({ kind: 'live', status: 'finished' });
    expect(JSON.parse(String(run.config))).toMatchObject({
      battery: { name: 'test', version: '1' },
      models: [
        { label: 'gpt-mock', spec: 'openai:gpt-mock' },
        { label: 'claude-mock', spec: 'anthropic:claude-mock' },
      ],
    });

    // A second run finds nothing missing and asks nothing.
    const again = await r.run([openai, anthropic]);
    expect(again).toMatchObject({ planned: 20, alreadyAnswered: 20, done: 0 });
    expect(s.count()).toBe(20);
  });

  it('loads providers (their SDK modules) before any request deadline starts', async () => {
    // Like the OpenAI and Anthropic providers: the first request waits for a module that loads slowly
    // (seconds on a busy machine), unless prepare() loaded it first.
    let loading: Promise<void> | undefined;
    const load = () => (loading ??= new Promise((resolve) => setTimeout(resolve, 600)));
    const slowToLoad: Provider = {
      id: 'exec:slow-to-load',
      kind: 'exec',
      model: 'slow-to-load',
      prepare: load,
      complete: async () => {
        await load();
        return { text: 'answer', finishReason: 'stop', reportedModel: null, usage: { inputTokens: null, outputTokens: null } };
      },
    };
    const r = rig(batteryFile(tempDir(), 3));
    const summary = await r.run([slowToLoad], { timeoutMs: 300, retries: 0 });
    expect(summary).toMatchObject({ done: 3, failed: 0, retried: 0 });
    for (const spec of ['openai:gpt-mock', 'anthropic:claude-mock', 'openai-compatible:http://127.0.0.1:1/v1#m', 'ollama:m']) {
      const provider = createProvider(spec, { env: { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY } });
      expect(provider.prepare, spec).toBeTypeOf('function');
      await provider.prepare!();
    }
  });

  it('never stores the API key, even when an error message carries it', async () => {
    const s = await server((prompt) =>
      prompt === 'question 1' ? { kind: 'status', status: 400, body: { error: { message: `bad key ${KEY}` } } } : undefined,
    );
    const r = rig(batteryFile(tempDir(), 3));
    const openai = createProvider('openai:gpt-mock', { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: s.openaiBaseUrl } });
    const summary = await r.run([openai]);
    expect(summary).toMatchObject({ done: 2, failed: 1 });
    r.store.close();
    const bytes = (await import('node:fs')).readFileSync(r.store.path);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from('[redacted]'))).toBe(true);
  });

  it('retries a 429 after its Retry-After and slows down, and retries 500s', async () => {
    const s = await server((prompt, attempt) => {
      if (prompt === 'question 0' && attempt === 0) return { kind: 'status', status: 429, headers: { 'retry-after-ms': '120' } };
      if (prompt === 'question 1' && attempt < 2) return { kind: 'status', status: 500 };
      return undefined;
    });
    const r = rig(batteryFile(tempDir(), 4));
    const summary = await r.run([compatible(s)], { concurrency: 4 });
    expect(summary).toMatchObject({ done: 4, failed: 0, retried: 3 });
    expect(summary.models[0]!.concurrencyCuts).toBe(1);
    const first429 = s.requests.find((q) => q.prompt === 'question 0')!;
    const retried = s.requests.filter((q) => q.prompt === 'question 0')[1]!;
    expect(retried.receivedAt - first429.receivedAt).toBeGreaterThanOrEqual(110);
    expect(r.rows().every((x) => x.text !== null && x.error === null)).toBe(true);
    const attempts = r.store.db.prepare(`SELECT json_extract(request, '$.attempts') FROM responses ORDER BY id`).pluck().all();
    expect(attempts.sort()).toEqual([1, 1, 2, 3]);
  });

  it('times out a hanging request and tries again', async () => {
    const s = await server((prompt, attempt) => (prompt === 'question 2' && attempt === 0 ? { kind: 'hang' } : undefined));
    const r = rig(batteryFile(tempDir(), 3));
    const summary = await r.run([compatible(s)], { timeoutMs: 1000 });
    // At least the hanging one was retried (a busy machine may push another answer past the deadline).
    expect(summary).toMatchObject({ done: 3, failed: 0 });
    expect(summary.retried).toBeGreaterThanOrEqual(1);
    expect(s.requests.filter((q) => q.prompt === 'question 2').length).toBeGreaterThanOrEqual(2);
  });

  it('records what still fails after its retries as an error, and a rerun fills that slot in place', async () => {
    let healthy = false;
    const s = await server((prompt) => {
      if (healthy) return undefined;
      if (prompt === 'question 0') return { kind: 'status', status: 503 };
      if (prompt === 'question 1') return { kind: 'malformed' };
      if (prompt === 'question 2') return { kind: 'empty' };
      return undefined;
    });
    const r = rig(batteryFile(tempDir(), 4));
    const first = await r.run([compatible(s)], { retries: 3 });
    expect(first).toMatchObject({ done: 1, failed: 3, retried: 3 + 2 });
    const perPrompt = (p: string) => s.requests.filter((q) => q.prompt === p).length;
    expect([perPrompt('question 0'), perPrompt('question 1'), perPrompt('question 2')]).toEqual([4, 3, 1]);
    const errors = Object.fromEntries(r.rows().map((x) => [JSON.parse(x.prompt)[0].content, x.error]));
    expect(errors['question 0']).toMatch(/503.*after 4 attempts/);
    expect(errors['question 1']).toMatch(/malformed.*after 3 attempts/);
    expect(errors['question 2']).toMatch(/^empty answer/);
    expect(errors['question 3']).toBeNull();

    healthy = true;
    const before = s.count();
    const second = await r.run([compatible(s)]);
    expect(second).toMatchObject({ alreadyAnswered: 1, done: 3, failed: 0 });
    expect(s.count() - before).toBe(3);
    const rows = r.rows();
    expect(rows).toHaveLength(4);
    expect(rows.every((x) => x.error === null && x.text !== null)).toBe(true);
  });

  it('stops asking a model whose key is refused, and goes on with the others', async () => {
    const bad = await startMockServer({ script: () => ({ kind: 'status', status: 401 }) });
    servers.push(bad);
    const good = await server();
    const r = rig(batteryFile(tempDir(), 30));
    const summary = await r.run(
      [
        { label: 'bad', provider: compatible(bad) },
        { label: 'good', provider: compatible(good) },
      ],
      { concurrency: 2 },
    );
    const badSummary = summary.models.find((m) => m.label === 'bad')!;
    expect(badSummary.stopped).toMatch(/401/);
    expect(badSummary.failed).toBeLessThanOrEqual(2); // only what was in flight when the first 401 came back
    expect(summary.models.find((m) => m.label === 'good')).toMatchObject({ done: 30, failed: 0, stopped: null });
    expect(summary.missing).toBe(30 - badSummary.failed);
  });

  it('stops asking an endpoint nothing listens on after a run of refused connections, and goes on with the others', async () => {
    const closed = await startMockServer({ script: () => ({ kind: 'status', status: 200 }) });
    const url = closed.openaiBaseUrl;
    await closed.close(); // the port is free again: every connection is refused
    const good = await server();
    const r = rig(batteryFile(tempDir(), 30));
    const summary = await r.run(
      [
        { label: 'gone', provider: createProvider(`openai-compatible:${url}#m`) },
        { label: 'good', provider: compatible(good) },
      ],
      { concurrency: 2, retries: 0 },
    );
    const gone = summary.models.find((m) => m.label === 'gone')!;
    expect(gone.stopped).toBe(
      `unreachable: connection refused on ${UNREACHABLE_AFTER} requests in a row, none answered; check the endpoint and run again`,
    );
    // what was in flight when the eighth refusal came back may fail too; the rest is left for a rerun
    expect(gone.failed).toBeGreaterThanOrEqual(UNREACHABLE_AFTER);
    expect(gone.failed).toBeLessThanOrEqual(UNREACHABLE_AFTER + 2);
    expect(summary.models.find((m) => m.label === 'good')).toMatchObject({ done: 30, failed: 0, stopped: null });
    expect(summary.missing).toBe(30 - gone.failed);
  });

  it("overrides the probes' sample count and parameters", async () => {
    const s = await server();
    const r = rig(batteryFile(tempDir(), 2, 3));
    const summary = await r.run([compatible(s)], { samples: 5, overrides: { temperature: 1.2, max_tokens: 33 } });
    expect(summary.done).toBe(10);
    expect(s.requests.every((q) => q.body.temperature === 1.2 && q.body.max_tokens === 33)).toBe(true);
    expect(new Set(r.rows().map((x) => x.sample))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('stops on interruption without recording the requests in flight, and resumes with exact counts', async () => {
    const s = await server(undefined, 20);
    const r = rig(batteryFile(tempDir(), 40));
    const controller = new AbortController();
    // Interrupt from the progress reports, not a wall-clock poll: a busy machine cannot let the run finish first.
    const progress = { ...silentProgress, update: (c: ProgressCounts) => (c.done >= 10 ? controller.abort() : undefined) };
    const first = await r.run([compatible(s)], { concurrency: 4, signal: controller.signal, progress });
    expect(first.status).toBe('interrupted');
    expect(first.done).toBeGreaterThanOrEqual(10);
    expect(first.done).toBeLessThan(40);
    expect(first.done + first.missing).toBe(40);
    expect(r.store.db.prepare('SELECT status FROM runs').pluck().get()).toBe('interrupted');
    const stored = r.rows().length;
    expect(stored).toBe(first.done);

    const second = await r.run([compatible(s)], { concurrency: 4 });
    expect(second).toMatchObject({ status: 'finished', alreadyAnswered: stored, done: 40 - stored, missing: 0 });
    const rows = r.rows();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((x) => x.prompt)).size).toBe(40);
  });

  it('refuses to mix two models under one label', async () => {
    const s = await server();
    const r = rig(batteryFile(tempDir(), 1));
    await r.run([{ label: 'x', provider: compatible(s, 'one') }]);
    await expect(r.run([{ label: 'x', provider: compatible(s, 'two') }])).rejects.toThrow(/already in the store.*--name/);
    await expect(
      r.run([
        { label: 'y', provider: compatible(s, 'a') },
        { label: 'y', provider: compatible(s, 'b') },
      ]),
    ).rejects.toThrow(/share the label "y"/);
  });
});

describe('model flags', () => {
  it('labels models from --name or from their spec, and scopes --api-key-env', () => {
    const models = resolveModels({
      specs: ['exec:node data/examples/terse.mjs', 'openai:gpt-4o'],
      named: ['orion=exec:node data/examples/orion.mjs'],
      apiKeyEnv: ['gpt-4o=MY_OPENAI_KEY'],
      env: { MY_OPENAI_KEY: 'sk-x' },
    });
    expect(models.map((m) => m.label)).toEqual(['orion', 'terse', 'gpt-4o']);
    expect(() => resolveModels({ specs: ['openai:gpt-4o'], env: {} })).toThrow(/OPENAI_API_KEY/);
    expect(() => resolveModels({ named: ['nolabel'] })).toThrow(/--name expects LABEL=SPEC/);
    expect(() => resolveModels({ specs: ['exec:cat'], apiKeyEnv: ['other=K'] })).toThrow(/not in this run/);
  });
});

describe('backoff and limiter', () => {
  it('waits with full jitter under an exponential ceiling, and lets Retry-After win (capped)', () => {
    const options = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };
    expect(retryDelayMs(0, options, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(3, options, undefined, () => 0.999)).toBe(799);
    expect(retryDelayMs(10, options, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(2, options, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(0, options, 2500)).toBe(2500);
    expect(retryDelayMs(0, options, 60_000)).toBe(5000);
  });

  it('halves concurrency on a rate limit (once per burst) and wins it back slowly', () => {
    const limiter = new ProviderLimiter({ concurrency: 8, cutCooldownMs: 1000 });
    limiter.onRateLimited(undefined, 10_000);
    limiter.onRateLimited(undefined, 10_100);
    expect(limiter.concurrency).toBe(4);
    limiter.onRateLimited(undefined, 11_200);
    expect(limiter.concurrency).toBe(2);
    for (let i = 0; i < 3; i++) limiter.onSuccess();
    expect(limiter.concurrency).toBe(2);
    limiter.onSuccess();
    expect(limiter.concurrency).toBe(3);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    expect(limiter.concurrency).toBe(8);
  });

  it('keeps requests per minute under the cap', async () => {
    const limiter = new ProviderLimiter({ concurrency: 10, rpm: 600 }); // one every 100 ms
    const times: number[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => limiter.run(async () => times.push(Date.now() - t0))));
    expect(times[3]!).toBeGreaterThanOrEqual(250);
  });
});
