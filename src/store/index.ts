import { Store } from './store.js';
import type { OpenOptions } from './database.js';

export { Store };

/** Opens (creating and migrating if needed) an llm-fingerprint store; throws UserError for a foreign or newer file. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  return Store.open(path, options);
}
export type {
  ModelSummary,
  ModelRow,
  RunStart,
  NewResponse,
  InsertOutcome,
  ScorableResponse,
  EmbedderRecord,
} from './store.js';
export { APPLICATION_ID, SCHEMA_VERSION } from './database.js';
export type { OpenOptions } from './database.js';
