import type { Store } from '../store/index.js';
import { sha256Hex } from '../util/hash.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { readTranscript, type Transcript } from './read-transcript.js';
import type { ImportFormat } from './formats.js';
import { assignSamples } from './samples.js';

export interface ImportOptions {
  format: ImportFormat;
  /** Store every record under this model name instead of the one the file gives. */
  model?: string;
  /** Accept an export that carries no seals (its answers checked only against their own hashes). */
  allowUnsealed?: boolean;
}

export interface FileImportResult {
  file: string;
  records: number;
  added: number;
  /** Already stored with the same text: importing a file twice adds nothing. */
  unchanged: number;
  /** The slot holds another text already; the stored one is kept. */
  conflicts: number;
  models: string[];
}

/**
 * Imports transcript files. Every file is parsed completely before anything is written, and all are
 * written in one transaction: a bad file fails the import before the store changes.
 */
export function importTranscripts(store: Store, files: readonly string[], options: ImportOptions): FileImportResult[] {
  return storeTranscripts(store, readTranscripts(files, options), options);
}

/** Reads and checks every file, storing nothing: a bad file fails here, before any database is opened. */
export function readTranscripts(files: readonly string[], options: ImportOptions): Transcript[] {
  return files.map((file) => readTranscript(file, options.format, options));
}

/**
 * Stores transcripts already read, all in one transaction: the import lands whole or not at all, and
 * the store is synced once, not once a file. Each file is still its own sealed run. An import that
 * adds nothing is rolled back, leaving the file unchanged.
 */
export function storeTranscripts(store: Store, transcripts: readonly Transcript[], options: ImportOptions): FileImportResult[] {
  // An import that adds nothing writes nothing: its run, prompts and models are rolled back.
  return store.transactionIf(
    () => transcripts.map((transcript) => storeTranscript(store, transcript, options)),
    (results) => results.some((r) => r.added > 0),
  );
}

/** One file as one sealed run (inside the import's transaction). */
function storeTranscript(store: Store, transcript: Transcript, options: ImportOptions): FileImportResult {
  const runId = store.runs.start({
    kind: 'import',
    toolVersion: TOOL_VERSION,
    source: transcript.path,
    sourceSha256: sha256Hex(transcript.bytes),
    config: {
      format: options.format,
      ...(options.model ? { model: options.model } : {}),
      // An export's seal chain, verified before import: a report made on the original store names its head.
      ...(transcript.chain ? { exportSeals: transcript.chain } : {}),
    },
  });
  const result: FileImportResult = {
    file: transcript.path,
    records: transcript.records.length,
    added: 0,
    unchanged: 0,
    conflicts: 0,
    models: [],
  };
  const modelIds = new Map<string, number>();
  const slots = new Map<string, { modelId: number; promptId: number; records: number[] }>();
  const placed = transcript.records.map((record, i) => {
    let modelId = modelIds.get(record.model);
    if (modelId === undefined) {
      modelId = store.models.ensure(record.model, options.format);
      modelIds.set(record.model, modelId);
    }
    const promptId = store.prompts.ensure(record.messages, record.promptCategory ?? record.category).id;
    const key = `${modelId}:${promptId}`;
    const slot = slots.get(key) ?? slots.set(key, { modelId, promptId, records: [] }).get(key)!;
    slot.records.push(i);
    return { record, modelId, promptId };
  });
  const samples = transcript.records.map((record) => record.sample);
  for (const { modelId, promptId, records } of slots.values()) {
    if (records.every((i) => samples[i] !== undefined)) continue;
    const assigned = assignSamples(
      records.map((i) => ({ sample: samples[i], textSha256: () => sha256Hex(transcript.records[i]!.response) })),
      store.responses.slotsOf(modelId, promptId),
    );
    records.forEach((i, k) => (samples[i] = assigned[k]));
  }
  placed.forEach(({ record, modelId, promptId }, i) => {
    const outcome = store.responses.insert({
      runId,
      modelId,
      promptId,
      sampleIndex: samples[i]!,
      text: record.response,
      category: record.category ?? null,
    });
    result[outcome === 'added' ? 'added' : outcome === 'unchanged' ? 'unchanged' : 'conflicts']++;
  });
  if (result.added === 0) store.runs.deleteIfEmpty(runId);
  else store.endRun(runId, 'finished');
  result.models = [...modelIds.keys()];
  return result;
}
