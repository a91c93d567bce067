import { Store } from '../../src/store/index.js';
import { importTranscripts } from '../../src/import/index.js';
import { loadBattery } from '../../src/probes/index.js';
import { plannedProbes, runCollection } from '../../src/run/index.js';
import type { Completion, CompletionRequest, Provider } from '../../src/providers/index.js';
import { tempDbPath, writeTemp } from './temp.js';

/** A battery of three probes (q0, q1, q2: "question 0".."question 2"), two samples each. */
export function tinyBatteryFile(): string {
  const probes = [0, 1, 2].map((i) => `  - {id: q${i}, category: general, language: en, prompt: "question ${i}"}`);
  return writeTemp('tiny.yaml', `name: tiny\nversion: "1"\ndefaults:\n  samples: 2\nprobes:\n${probes.join('\n')}\n`);
}

/** A model that answers at once, without a process or a socket; `fail` makes chosen prompts fail. */
export function stubProvider(name: string, fail: (prompt: string) => boolean = () => false): Provider {
  return {
    id: `stub:${name}`,
    kind: 'exec',
    model: name,
    async complete(request: CompletionRequest): Promise<Completion> {
      const prompt = request.messages.at(-1)!.content;
      if (fail(prompt)) throw new Error('stub failure');
      return {
        text: `${name} on ${prompt} #${request.sampleIndex ?? 0}`,
        finishReason: 'stop',
        reportedModel: name,
        usage: { inputTokens: 1, outputTokens: 3 },
      };
    },
  };
}

/** Runs the tiny battery against stub models (failures are stored as such). */
export async function collect(store: Store, models: Array<{ label: string; provider: Provider }>) {
  const battery = loadBattery(tinyBatteryFile());
  const { batteryId, probes } = plannedProbes(store, battery);
  return runCollection(store, {
    models,
    battery: { id: batteryId, name: battery.name, version: battery.version, hash: battery.hash },
    probes,
    retries: 0,
  });
}

/** Lines of a JSONL transcript: each model answers "question 0".."question 2" with "<model> says <n>". */
export function transcript(models: readonly string[]): string {
  const lines = models.flatMap((model) =>
    [0, 1, 2].map((p) => JSON.stringify({ model, prompt: `question ${p}`, response: `${model} says ${p}` })),
  );
  return writeTemp('t.jsonl', lines.join('\n') + '\n');
}

/**
 * A sealed store with a chain of three seals: seal 1, an import of models a and b; seal 2, a live run of
 * "live" over the tiny battery (its probes ask the same prompts, so answers name probe keys); seal 3, an
 * import of model c. Four models over three prompts: enough to compare any two against the others.
 */
export async function sealedStore(path = tempDbPath()): Promise<Store> {
  const store = Store.open(path);
  importTranscripts(store, [transcript(['a', 'b'])], { format: 'jsonl' });
  await collect(store, [{ label: 'live', provider: stubProvider('live') }]);
  importTranscripts(store, [transcript(['c'])], { format: 'jsonl' });
  return store;
}
