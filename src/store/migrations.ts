/**
 * Schema migrations, applied in order. The index + 1 is the schema version stored in
 * `PRAGMA user_version`. Never edit a migration that has shipped: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE batteries (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     TEXT NOT NULL,
    source      TEXT,
    created_at  TEXT NOT NULL
  );

  -- A prompt is content-addressed: responses from imports and live runs align by sha256.
  CREATE TABLE prompts (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    messages    TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT 'general',
    created_at  TEXT NOT NULL
  );

  CREATE TABLE probes (
    id          INTEGER PRIMARY KEY,
    battery_id  INTEGER NOT NULL REFERENCES batteries(id),
    key         TEXT NOT NULL,
    category    TEXT NOT NULL,
    prompt_id   INTEGER NOT NULL REFERENCES prompts(id),
    params      TEXT NOT NULL DEFAULT '{}',
    samples     INTEGER NOT NULL DEFAULT 1,
    language    TEXT,
    UNIQUE (battery_id, key)
  );

  CREATE TABLE models (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    provider_spec TEXT,
    source        TEXT NOT NULL,
    notes         TEXT,
    created_at    TEXT NOT NULL
  );

  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('import', 'live')),
    status        TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    tool_version  TEXT NOT NULL,
    git_commit    TEXT,
    battery_id    INTEGER REFERENCES batteries(id),
    source        TEXT,
    source_sha256 TEXT,
    config        TEXT NOT NULL DEFAULT '{}'
  );

  CREATE TABLE responses (
    id             INTEGER PRIMARY KEY,
    run_id         INTEGER NOT NULL REFERENCES runs(id),
    model_id       INTEGER NOT NULL REFERENCES models(id),
    prompt_id      INTEGER NOT NULL REFERENCES prompts(id),
    probe_id       INTEGER REFERENCES probes(id),
    sample_index   INTEGER NOT NULL,
    text           TEXT,
    text_sha256    TEXT,
    finish_reason  TEXT,
    reported_model TEXT,
    request        TEXT,
    usage          TEXT,
    latency_ms     REAL,
    error          TEXT,
    started_at     TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (model_id, prompt_id, sample_index)
  );
  CREATE INDEX responses_by_prompt ON responses (prompt_id);
  CREATE INDEX responses_by_text ON responses (text_sha256);

  CREATE TABLE embedders (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    model_name   TEXT,
    file_sha256  TEXT,
    pooling      TEXT,
    normalize    INTEGER NOT NULL DEFAULT 1,
    dimension    INTEGER NOT NULL,
    version      TEXT NOT NULL,
    created_at   TEXT NOT NULL
  );

  -- Keyed by text, not response: the same text is embedded once per embedder. A rowid table with a
  -- unique index, not WITHOUT ROWID: vectors are kilobytes, and large rows in the key's own b-tree
  -- made bulk reads several times slower.
  CREATE TABLE embeddings (
    id           INTEGER PRIMARY KEY,
    text_sha256  TEXT NOT NULL,
    embedder_id  TEXT NOT NULL REFERENCES embedders(id),
    dimension    INTEGER NOT NULL,
    vector       BLOB NOT NULL,
    UNIQUE (text_sha256, embedder_id)
  );
  `,
  /* 2 */ `
  -- Which process ran a live run, so that a later run can tell a run killed with kill -9 (still
  -- marked running) from one that is really still going.
  ALTER TABLE runs ADD COLUMN pid INTEGER;
  ALTER TABLE runs ADD COLUMN host TEXT;
  `,
  /* 3 */ `
  -- Seals: when a run ends, a record of exactly which answers it stored (the manifest, one line per
  -- usable answer), chained to the seal before it by hash. See src/seal/seal.ts for what is hashed.
  CREATE TABLE seals (
    sequence       INTEGER PRIMARY KEY,               -- 1, 2, 3…: the position in the chain
    run_id         INTEGER NOT NULL UNIQUE REFERENCES runs(id),
    previous_hash  TEXT NOT NULL,
    hash           TEXT NOT NULL UNIQUE,
    content        TEXT NOT NULL,                     -- canonical JSON; the hash covers it
    manifest       TEXT NOT NULL                      -- its sha256 is in the content
  );

  -- Vectors live in the cache file beside the database (<db>.cache); nothing reads or writes these
  -- tables and columns any more.
  DROP TABLE embeddings;
  DROP TABLE embedders;
  ALTER TABLE runs DROP COLUMN git_commit;
  ALTER TABLE models DROP COLUMN notes;
  `,
  /* 4 */ `
  -- The usable answers by model, with everything scoring reads of them: a covering index, so listing
  -- a case's answers never reads their texts (text_sha256 is set exactly when text is). Derived from
  -- the rows; it changes no answer.
  CREATE INDEX responses_answered ON responses (model_id, prompt_id, sample_index, text_sha256, probe_id, error)
    WHERE error IS NULL AND text_sha256 IS NOT NULL;
  -- A run's usable answers, for sealing it and checking its seal, without a scan of every answer.
  CREATE INDEX responses_by_run ON responses (run_id, model_id, prompt_id, sample_index, text_sha256, error)
    WHERE error IS NULL AND text_sha256 IS NOT NULL;
  `,
  /* 5 */ `
  -- The category an imported answer came with (its file's category or dataset field), kept with the
  -- answer: a prompt's first import no longer decides it for every later one, so the same answers give
  -- the same categories in whatever order they were imported. NULL for live answers (their probe says)
  -- and for answers stored before this column.
  ALTER TABLE responses ADD COLUMN category TEXT;
  CREATE INDEX responses_category ON responses (prompt_id, category)
    WHERE category IS NOT NULL AND error IS NULL AND text_sha256 IS NOT NULL;
  `,
];
