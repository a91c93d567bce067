import { Store } from './store.js';
import type { OpenOptions } from './database.js';

export { Store };

/** Opens (creating and migrating if needed) an llm-fingerprint store; throws UserError for a foreign or newer file. */
export function openStore(path: string, options: OpenOptions = {}): Store {
  return Store.open(path, options);
}
export type { ModelSummary, ModelRow } from './models.js';
export type { RunStart, RunStatus, RunRecord } from './runs.js';
export type { NewResponse, InsertOutcome, ScorableResponse, StoredAnswer } from './responses.js';
export type { NewProbe } from './batteries.js';
export type { ResponseHashRow, PromptRow, BatteryRows, RunRow } from './integrity.js';
export type { StoredSeal } from './seals.js';
export { ScoringCache } from './scoring-cache.js';
export { parseJsonColumn, DamagedRowError } from './json-columns.js';
export { parseMessages } from './prompts.js';
export { APPLICATION_ID, SCHEMA_VERSION, damagedStoreError } from './database.js';
export type { OpenOptions } from './database.js';
export { answerRecord, recordColumnsSql, type RecordColumns } from './answer-records.js';
