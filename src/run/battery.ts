import { storeBattery, type Battery } from '../probes/index.js';
import type { Store } from '../store/index.js';
import type { PlannedProbe } from './plan.js';

/** Stores the battery (idempotent, by hash) and returns its probes with their stored ids. */
export function plannedProbes(store: Store, battery: Battery): { batteryId: number; probes: PlannedProbe[] } {
  const stored = storeBattery(store, battery);
  return {
    batteryId: stored.batteryId,
    probes: battery.probes.map((probe) => ({
      key: probe.id,
      probeId: stored.probeIds.get(probe.id)!,
      promptId: stored.promptIds.get(probe.id)!,
      messages: probe.messages,
      params: probe.params,
      samples: probe.samples,
    })),
  };
}
