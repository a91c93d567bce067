import type { Store } from '../store/index.js';
import type { Battery } from './types.js';

export interface StoredBattery {
  batteryId: number;
  /** Probe id (the battery's key) → probes.id row. */
  probeIds: Map<string, number>;
  /** Probe id → prompts.id row (content-addressed: shared with imports of the same messages). */
  promptIds: Map<string, number>;
}

/**
 * Records the battery, its prompts and its probes in one transaction. Idempotent: a battery is
 * identified by its hash, so storing it again returns the rows stored the first time.
 */
export function storeBattery(store: Store, battery: Battery): StoredBattery {
  return store.transaction(() => {
    const batteryId = store.batteries.ensure({
      hash: battery.hash,
      name: battery.name,
      version: battery.version,
      source: battery.source,
    });
    const probeIds = new Map<string, number>();
    const promptIds = new Map<string, number>();
    for (const probe of battery.probes) {
      const prompt = store.prompts.ensure(probe.messages, probe.category);
      const probeId = store.batteries.ensureProbe({
        batteryId,
        key: probe.id,
        category: probe.category,
        promptId: prompt.id,
        params: probe.params,
        samples: probe.samples,
        language: probe.language,
      });
      probeIds.set(probe.id, probeId);
      promptIds.set(probe.id, prompt.id);
    }
    return { batteryId, probeIds, promptIds };
  });
}
