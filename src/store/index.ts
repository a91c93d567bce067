export { Store } from './store.js';
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
