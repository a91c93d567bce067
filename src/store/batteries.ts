import type { Db } from './database.js';
import { now } from './clock.js';

export interface NewProbe {
  batteryId: number;
  key: string;
  category: string;
  promptId: number;
  params?: unknown;
  samples?: number;
  language?: string | null;
}

/** Probe batteries (identified by their content hash) and their probes. */
export class BatteryRepository {
  constructor(private readonly db: Db) {}

  ensure(battery: { hash: string; name: string; version: string; source?: string | null }): number {
    const found = this.db.prepare('SELECT id FROM batteries WHERE hash = ?').get(battery.hash) as { id: number } | undefined;
    if (found) return found.id;
    return Number(
      this.db
        .prepare('INSERT INTO batteries (hash, name, version, source, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(battery.hash, battery.name, battery.version, battery.source ?? null, now()).lastInsertRowid,
    );
  }

  ensureProbe(probe: NewProbe): number {
    const found = this.db.prepare('SELECT id FROM probes WHERE battery_id = ? AND key = ?').get(probe.batteryId, probe.key) as
      | { id: number }
      | undefined;
    if (found) return found.id;
    return Number(
      this.db
        .prepare('INSERT INTO probes (battery_id, key, category, prompt_id, params, samples, language) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(
          probe.batteryId,
          probe.key,
          probe.category,
          probe.promptId,
          JSON.stringify(probe.params ?? {}),
          probe.samples ?? 1,
          probe.language ?? null,
        ).lastInsertRowid,
    );
  }
}
