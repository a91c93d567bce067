import Database from 'better-sqlite3';
import { decodeVector, encodeVector } from './vector-codec.js';

/** 'LLMC' — marks the derived-data cache, so it is never mistaken for (or opened as) an evidence store. */
const CACHE_APPLICATION_ID = 0x4c4c4d43;
const CACHE_VERSION = 3;
/** Similarity tables kept: the most recently used ones, so the file stays bounded as the store changes. */
const TABLES_KEPT = 8;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS embedders (
    id          TEXT PRIMARY KEY,
    record      TEXT NOT NULL
  );
  -- Keyed by text, not answer: the same text is embedded once per embedder. A rowid table with a
  -- unique index: vectors are kilobytes, and large rows in the key's own b-tree made bulk reads slower.
  CREATE TABLE IF NOT EXISTS vectors (
    id           INTEGER PRIMARY KEY,
    text_sha256  TEXT NOT NULL,
    embedder_id  TEXT NOT NULL,
    vector       BLOB NOT NULL,
    UNIQUE (text_sha256, embedder_id)
  );
  -- Pair similarities of a whole population, keyed by a digest of everything they depend on (the
  -- embedders and every answer's model, prompt and text): a warm compare reads this, not the vectors.
  CREATE TABLE IF NOT EXISTS tables (
    key          TEXT PRIMARY KEY,
    header       TEXT NOT NULL,
    body         BLOB NOT NULL
  );
  -- Apart from the tables themselves: marking a table used must not rewrite its megabytes.
  CREATE TABLE IF NOT EXISTS table_use (
    key          TEXT PRIMARY KEY,
    used_at      INTEGER NOT NULL
  );
`;

/** Look-ups by many keys go in chunks, below SQLite's limit on bound parameters. */
const CHUNK = 500;

/** A stored table: its JSON header and its numbers, as one buffer. */
export interface CachedTable {
  header: string;
  body: Buffer;
}

/**
 * Derived scoring data, kept apart from the evidence database so that scoring never writes to the
 * evidence: vectors of answer texts per embedder, and whole similarity tables per population. The
 * file can be deleted at any time; it is rebuilt on demand and never changes a result. A cache that
 * cannot be opened or written (read-only folder, damaged file) is replaced by one in memory.
 */
export class ScoringCache {
  private constructor(private readonly db: Database.Database) {}

  /** The cache file that belongs to an evidence database. */
  static pathFor(storePath: string): string {
    return storePath === ':memory:' ? ':memory:' : `${storePath}.cache`;
  }

  static open(path: string): ScoringCache {
    if (path !== ':memory:') {
      try {
        return new ScoringCache(prepare(new Database(path)));
      } catch {
        // a read-only folder, or some other file at the cache's path (never deleted): keep going in memory
      }
    }
    return new ScoringCache(prepare(new Database(':memory:')));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Vectors held for these texts, decoded; texts without one are absent from the map. */
  get(embedderId: string, textSha256s: Iterable<string>): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    const wanted = [...new Set(textSha256s)];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      const rows = this.db
        .prepare(
          `SELECT text_sha256 AS sha, vector FROM vectors WHERE embedder_id = ? AND text_sha256 IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(embedderId, ...chunk) as Array<{ sha: string; vector: Buffer }>;
      for (const row of rows) {
        if (row.vector.byteLength % 4 === 0) out.set(row.sha, decodeVector(row.vector)); // a damaged entry is recomputed
      }
    }
    return out;
  }

  /** Adds vectors in one transaction; a write that fails (disk full, read-only) is not an error: it is only a cache. */
  put(embedderId: string, record: unknown, vectors: ReadonlyArray<{ textSha256: string; vector: Float32Array }>): void {
    try {
      const insert = this.db.prepare('INSERT OR IGNORE INTO vectors (text_sha256, embedder_id, vector) VALUES (?, ?, ?)');
      this.db.transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO embedders (id, record) VALUES (?, ?)').run(embedderId, JSON.stringify(record));
        for (const v of vectors) insert.run(v.textSha256, embedderId, encodeVector(v.vector));
      })();
    } catch {
      // nothing stored: the next job embeds these texts again
    }
  }

  /** The table stored under this key, if any (and marks it used). */
  getTable(key: string): CachedTable | undefined {
    const row = this.db.prepare('SELECT header, body FROM tables WHERE key = ?').get(key) as CachedTable | undefined;
    if (row) {
      try {
        this.db.prepare('INSERT OR REPLACE INTO table_use (key, used_at) VALUES (?, ?)').run(key, Date.now());
      } catch {
        // a read-only cache still serves what it holds
      }
    }
    return row;
  }

  /** Stores a table, keeping only the most recently used few. A failed write is not an error. */
  putTable(key: string, table: CachedTable): void {
    try {
      this.db.transaction(() => {
        this.db.prepare('INSERT OR REPLACE INTO tables (key, header, body) VALUES (?, ?, ?)').run(key, table.header, table.body);
        this.db.prepare('INSERT OR REPLACE INTO table_use (key, used_at) VALUES (?, ?)').run(key, Date.now());
        this.db
          .prepare('DELETE FROM table_use WHERE key NOT IN (SELECT key FROM table_use ORDER BY used_at DESC, key LIMIT ?)')
          .run(TABLES_KEPT);
        this.db.prepare('DELETE FROM tables WHERE key NOT IN (SELECT key FROM table_use)').run();
      })();
    } catch {
      // not stored: the next job builds the table again
    }
  }

  /** How many vectors the cache holds per embedder: a read-only look at the cache, for checking it. */
  counts(): Record<string, number> {
    const rows = this.db
      .prepare('SELECT embedder_id AS id, count(*) AS n FROM vectors GROUP BY embedder_id ORDER BY embedder_id')
      .all() as Array<{
      id: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.id, r.n]));
  }
}

function prepare(db: Database.Database): Database.Database {
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const tables = db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).pluck().get() as number;
    if (applicationId !== CACHE_APPLICATION_ID && tables > 0) throw new Error('not a cache file');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (tables > 0 && version !== CACHE_VERSION) {
      db.exec('DROP TABLE IF EXISTS vectors; DROP TABLE IF EXISTS embedders; DROP TABLE IF EXISTS tables; DROP TABLE IF EXISTS table_use;');
    }
    // A rollback journal: a bulk insert of vectors is written once (WAL writes it twice, then checkpoints).
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF'); // a cache lost in a crash is rebuilt
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    db.pragma(`application_id = ${CACHE_APPLICATION_ID}`);
    db.pragma(`user_version = ${CACHE_VERSION}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
