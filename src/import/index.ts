export { importTranscripts, readTranscripts, storeTranscripts } from './import-transcripts.js';
export type { ImportOptions, FileImportResult } from './import-transcripts.js';
export { readTranscript, type Transcript } from './read-transcript.js';
export { IMPORT_FORMATS } from './formats.js';
export type { ImportFormat, TranscriptRecord } from './formats.js';
