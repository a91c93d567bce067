// Runner throughput and overhead against a local mock OpenAI-compatible server.
//   node dist/bench/runner.js [--responses N]
// 1. 50 ms server latency, concurrency 32: responses stored per second (ceiling: 32 / 0.05 s = 640/s).
// 2. zero-latency server, concurrency 32: wall time per stored response, end to end, and the same requests
//    made straight through the SDK; the difference is the runner's own overhead per response.
// 3. cross-check: a provider that answers in-process at once (no HTTP, no SDK): runner + SQLite only.
// The mock server runs in a worker thread, so its work does not count against the runner's event loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createProvider, type Provider } from '../src/providers/index.js';
import { runCollection, type PlannedProbe } from '../src/run/index.js';
import { Store } from '../src/store/index.js';
import { startMockServer } from '../test/helpers/mock-servers.js';
import { countFlag } from './flags.js';

interface ServerData {
  latencyMs: number;
}

async function serverInWorker(latencyMs: number): Promise<{ url: string; stop: () => Promise<number> }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { latencyMs } satisfies ServerData });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { url, stop: () => worker.terminate() };
}

function setup(n: number): { store: Store; probes: PlannedProbe[]; batteryId: number; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'llmfp-bench-'));
  const store = Store.open(join(dir, 'bench.db'));
  const batteryId = store.batteries.ensure({ hash: `bench-${n}-${Date.now()}`, name: 'bench', version: '1' });
  const probes = store.transaction(() =>
    Array.from({ length: n }, (_, i) => {
      const messages = [{ role: 'user' as const, content: `benchmark question number ${i}: what is ${i} + ${i}?` }];
      const promptId = store.prompts.ensure(messages, 'bench').id;
      const probeId = store.batteries.ensureProbe({ batteryId, key: `q${i}`, category: 'bench', promptId });
      return { key: `q${i}`, probeId, promptId, messages, params: { temperature: 0 }, samples: 1 };
    }),
  );
  return { store, probes, batteryId, dir };
}

async function collect(provider: Provider, n: number, concurrency: number): Promise<{ seconds: number; stored: number }> {
  const { store, probes, batteryId, dir } = setup(n);
  try {
    const t0 = performance.now();
    const summary = await runCollection(store, {
      models: [{ label: 'bench', provider }],
      battery: { id: batteryId, name: 'bench', version: '1', hash: 'bench' },
      probes,
      concurrency,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (summary.done !== n) throw new Error(`stored ${summary.done} of ${n} (${summary.failed} failed)`);
    return { seconds, stored: summary.done };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same requests straight through the provider, 32 at a time, nothing stored: the cost the runner builds on. */
async function sdkAlone(provider: Provider, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await provider.complete({
        messages: [{ role: 'user', content: `benchmark question number ${i}` }],
        params: { temperature: 0 },
        signal: new AbortController().signal,
      });
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t0) / n;
}

const instant: Provider = {
  id: 'bench:instant',
  kind: 'exec',
  model: 'instant',
  complete: async (request) => ({
    text: `Answer to: ${request.messages[0]!.content}`,
    finishReason: 'stop',
    reportedModel: 'instant',
    usage: { inputTokens: 10, outputTokens: 5 },
  }),
};

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--responses');
  const n = flag > 0 ? countFlag('responses', process.argv[flag + 1] ?? '', 1) : 2000;

  const slow = await serverInWorker(50);
  await collect(createProvider(`openai-compatible:${slow.url}#bench`), 200, 32); // warm-up
  const a = await collect(createProvider(`openai-compatible:${slow.url}#bench`), n, 32);
  await slow.stop();
  const rate = a.stored / a.seconds;
  console.log(
    `50 ms latency, concurrency 32: ${rate.toFixed(0)} responses/s (${a.stored} in ${a.seconds.toFixed(2)} s; ceiling 640/s; target ≥ 400/s) ${rate >= 400 ? 'OK' : 'BELOW TARGET'}`,
  );

  const fast = await serverInWorker(0);
  const provider = createProvider(`openai-compatible:${fast.url}#bench`);
  await collect(provider, 200, 32);
  await sdkAlone(provider, 200, 32);
  const b = await collect(provider, n, 32);
  const sdk = await sdkAlone(provider, n, 32);
  await fast.stop();
  const perResponse = (b.seconds * 1000) / b.stored;
  const overhead = perResponse - sdk;
  console.log(
    `zero latency, concurrency 32: ${perResponse.toFixed(3)} ms per stored response end to end; the same requests through the SDK alone: ${sdk.toFixed(3)} ms`,
  );
  console.log(
    `  runner's own overhead (queue, timeouts, retry bookkeeping, SQLite write): ${overhead.toFixed(3)} ms per response (target < 1 ms) ${overhead < 1 ? 'OK' : 'ABOVE TARGET'}`,
  );

  await collect(instant, 200, 32);
  const c = await collect(instant, n * 2, 32);
  console.log(`  cross-check, a provider answering in-process (no HTTP): ${((c.seconds * 1000) / c.stored).toFixed(3)} ms per response`);
}

if (!isMainThread) {
  const { latencyMs } = workerData as ServerData;
  const server = await startMockServer({ latencyMs, recordRequests: false, answer: (r) => `Answer to: ${r.prompt}` });
  parentPort!.postMessage(server.openaiBaseUrl);
} else {
  await main();
}
