/**
 * One line on what each command does: the top-level help lists these without loading any command's
 * module, and each command's own help shows the same line.
 */
export const COMMAND_SUMMARIES = {
  import: 'import transcripts of model answers (AlpacaEval model_outputs.json or JSONL)',
  models: 'list the models under test in the store, with response counts and sources',
  compare: 'score how strongly SUSPECT reproduces SOURCE, calibrated against the reference models',
  rank: 'rank the stored models as candidate sources of SUSPECT, most likely first',
  matrix: 'calibrated scores for every pair of models: row = source, column = suspect',
  calibrate: 'measure the scorer on your own labelled pairs and save the threshold for a false-positive rate (for --calibration)',
  report: 'an evidence report: the verdict in plain words, charts, statistics, identity claims, closest answers, provenance',
  export: 'write the stored answers, then the seal chain, as JSONL (importable, and checked, with import --format jsonl)',
  verify: 'recompute every stored hash and check the seal chain against the answers (read-only)',
  claims: 'read which maker and model each answer claims to be (local rules, no model, no network)',
  probes: 'inspect and check probe batteries',
  run: "collect the battery's answers from live models; rerun the same command to resume",
  demo: 'the whole job offline, in seconds: five example models answer the default battery, then they are scored and a report is written',
  embedders: 'the embedding models that turn answers into vectors (style is built in; minilm and others are downloaded)',
} as const;

export type CommandName = keyof typeof COMMAND_SUMMARIES;
