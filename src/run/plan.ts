import type { ChatMessage } from '../prompt/index.js';
import type { SamplingParams } from '../providers/index.js';
import type { Store } from '../store/index.js';

/** A battery probe as the runner needs it: stored ids plus what to send. */
export interface PlannedProbe {
  key: string;
  probeId: number;
  promptId: number;
  messages: readonly ChatMessage[];
  params: SamplingParams;
  samples: number;
}

/** One answer to collect: a model, a probe, a sample index. */
export interface Slot<M> {
  model: M;
  probe: PlannedProbe;
  sampleIndex: number;
}

export interface Plan<M> {
  /** Slots with no answer yet (never asked, or asked and failed). */
  missing: Slot<M>[];
  /** Slots already holding an answer: not asked again. */
  answered: number;
}

/**
 * Battery probes × models × samples, minus the slots that already hold an answer in the store. A slot is
 * (model, prompt, sample): two probes with the same prompt share their answers, so they are asked once.
 */
export function planRun<M extends { modelId: number }>(
  store: Store,
  models: readonly M[],
  probes: readonly PlannedProbe[],
  samplesOverride?: number,
): Plan<M> {
  const missing: Slot<M>[] = [];
  let answered = 0;
  for (const model of models) {
    const taken = new Set(store.responses.answeredSlots(model.modelId).map((s) => `${s.promptId}:${s.sampleIndex}`));
    const planned = new Set<string>();
    for (const probe of probes) {
      const samples = samplesOverride ?? probe.samples;
      for (let sampleIndex = 0; sampleIndex < samples; sampleIndex++) {
        const key = `${probe.promptId}:${sampleIndex}`;
        if (planned.has(key)) continue;
        planned.add(key);
        if (taken.has(key)) answered++;
        else missing.push({ model, probe, sampleIndex });
      }
    }
  }
  return { missing, answered };
}

/** The probe's parameters with the run's overrides (--temperature, --max-tokens) on top. */
export function requestParams(probe: SamplingParams, overrides: SamplingParams): SamplingParams {
  const out: SamplingParams = { ...probe };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof SamplingParams, unknown]>) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
