import { prepare, type Db } from './database.js';
import { now } from './clock.js';

export interface ModelSummary {
  name: string;
  /** Usable answers: text present, no error. */
  responses: number;
  source: string;
}

export interface ModelRow {
  id: number;
  name: string;
  source: string;
  providerSpec: string | null;
}

/** The models under test, by name. */
export class ModelRepository {
  constructor(private readonly db: Db) {}

  ensure(name: string, source: string, providerSpec: string | null = null): number {
    const found = this.find(name);
    if (found) return found.id;
    return Number(
      this.db
        .prepare('INSERT INTO models (name, provider_spec, source, created_at) VALUES (?, ?, ?, ?)')
        .run(name, providerSpec, source, now()).lastInsertRowid,
    );
  }

  find(name: string): ModelRow | undefined {
    return prepare(this.db, 'SELECT id, name, source, provider_spec AS providerSpec FROM models WHERE name = ?').get(name) as
      | ModelRow
      | undefined;
  }

  /** The names of the models with at least one usable answer, in name order (cheaper than `list`). */
  withAnswers(): string[] {
    return this.db
      .prepare(
        `SELECT m.name FROM models m
         WHERE EXISTS (SELECT 1 FROM responses r WHERE r.model_id = m.id AND r.error IS NULL AND r.text_sha256 IS NOT NULL)
         ORDER BY m.name`,
      )
      .pluck()
      .all() as string[];
  }

  /** Every model with its count of usable answers, in name order. */
  list(): ModelSummary[] {
    return this.db
      .prepare(
        `SELECT m.name, m.source, count(r.id) AS responses
         FROM models m LEFT JOIN responses r ON r.model_id = m.id AND r.error IS NULL AND r.text_sha256 IS NOT NULL
         GROUP BY m.id ORDER BY m.name`,
      )
      .all() as ModelSummary[];
  }
}
