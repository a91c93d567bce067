import Database from 'better-sqlite3';
import { decodeVector, encodeVector } from './vector-codec.js';
import { isDamage } from './database.js';

/** 'LLMC' — marks the derived-data cache, so it is never mistaken for (or opened as) an evidence store. */
const CACHE_APPLICATION_ID = 0x4c4c4d43;
const CACHE_VERSION = 4;
/** The oldest cache version whose vectors table is the current one. */
const VECTORS_UNCHANGED_SINCE = 3;
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
  -- embedders and every answer's model, prompt and text): a warm compare reads this, not the vectors,
  -- and only the pairs of its two models: each pair's per-probe series is a row of its own.
  CREATE TABLE IF NOT EXISTS tables (
    key          TEXT PRIMARY KEY,
    header       TEXT NOT NULL,
    view_means   BLOB NOT NULL
  );
  CREATE TABLE IF NOT EXISTS table_pairs (
    table_key    TEXT NOT NULL,
    pair         INTEGER NOT NULL,
    body         BLOB NOT NULL,
    PRIMARY KEY (table_key, pair)
  );
  -- Apart from the tables themselves: marking a table used must not rewrite its megabytes.
  CREATE TABLE IF NOT EXISTS table_use (
    key          TEXT PRIMARY KEY,
    used_at      INTEGER NOT NULL
  );
`;

/** Look-ups by many keys go in chunks, below SQLite's limit on bound parameters. */
const CHUNK = 500;

/** A stored table: its JSON header, its view means, and the series of the pairs read (pair index, bytes). */
export interface CachedTable {
  header: string;
  viewMeans: Uint8Array;
  pairs: Array<[number, Uint8Array]>;
}

/** A table to store: header, view means, and every pair's series by pair index. */
export interface TableToStore {
  header: string;
  viewMeans: Uint8Array;
  pairs: number;
  pair(k: number): Uint8Array;
}

/**
 * Derived scoring data, kept apart from the evidence database so that scoring never writes to the
 * evidence: vectors of answer texts per embedder, and whole similarity tables per population. The
 * file can be deleted at any time; it is rebuilt on demand and never changes a result. A cache that
 * cannot be opened or written (read-only folder, damaged file) is replaced by one in memory.
 */
export class ScoringCache {
  private constructor(private db: Database.Database) {}

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

  /**
   * A read of the cache file, or `missing` when the file turns out to be damaged: it then holds no
   * answer this job can trust, and the job goes on with an empty cache in memory, as when the file
   * cannot be opened (a damage error must not reach the caller, who would take it for the evidence
   * database's). The damaged file is left where it is, for the user to delete.
   */
  private read<T>(query: () => T, missing: T): T {
    try {
      return query();
    } catch (error) {
      if (!isDamage(error)) throw error;
      this.db.close();
      this.db = prepare(new Database(':memory:'));
      return missing;
    }
  }

  /** Vectors held for these texts, decoded; texts without one are absent from the map. */
  get(embedderId: string, textSha256s: Iterable<string>): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    const wanted = [...new Set(textSha256s)];
    return this.read(() => {
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
    }, new Map());
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

  /**
   * The table stored under this key, if any (and marks it used): every pair, or only the pairs listed.
   * Pairs missing from the store are missing from the answer; the caller checks it got what it asked for.
   */
  getTable(key: string, only?: readonly number[]): CachedTable | undefined {
    return this.read(() => this.readTable(key, only), undefined);
  }

  private readTable(key: string, only?: readonly number[]): CachedTable | undefined {
    const head = this.db.prepare('SELECT header, view_means AS viewMeans FROM tables WHERE key = ?').get(key) as
      | { header: string; viewMeans: Buffer }
      | undefined;
    if (!head) return undefined;
    const pairs: Array<[number, Uint8Array]> = [];
    if (only) {
      for (let i = 0; i < only.length; i += CHUNK) {
        const chunk = only.slice(i, i + CHUNK);
        const rows = this.db
          .prepare(`SELECT pair, body FROM table_pairs WHERE table_key = ? AND pair IN (${chunk.map(() => '?').join(',')})`)
          .raw()
          .all(key, ...chunk) as Array<[number, Buffer]>;
        pairs.push(...rows);
      }
    } else {
      pairs.push(
        ...(this.db.prepare('SELECT pair, body FROM table_pairs WHERE table_key = ? ORDER BY pair').raw().all(key) as Array<
          [number, Buffer]
        >),
      );
    }
    try {
      this.db.prepare('INSERT OR REPLACE INTO table_use (key, used_at) VALUES (?, ?)').run(key, Date.now());
    } catch {
      // a read-only cache still serves what it holds
    }
    return { header: head.header, viewMeans: head.viewMeans, pairs };
  }

  /** Stores a table, keeping only the most recently used few. A failed write is not an error. */
  putTable(key: string, table: TableToStore): void {
    try {
      this.db.transaction(() => {
        this.db.prepare('INSERT OR REPLACE INTO tables (key, header, view_means) VALUES (?, ?, ?)').run(key, table.header, table.viewMeans);
        this.db.prepare('DELETE FROM table_pairs WHERE table_key = ?').run(key);
        const insert = this.db.prepare('INSERT INTO table_pairs (table_key, pair, body) VALUES (?, ?, ?)');
        for (let k = 0; k < table.pairs; k++) insert.run(key, k, table.pair(k));
        this.db.prepare('INSERT OR REPLACE INTO table_use (key, used_at) VALUES (?, ?)').run(key, Date.now());
        this.db
          .prepare('DELETE FROM table_use WHERE key NOT IN (SELECT key FROM table_use ORDER BY used_at DESC, key LIMIT ?)')
          .run(TABLES_KEPT);
        this.db.prepare('DELETE FROM tables WHERE key NOT IN (SELECT key FROM table_use)').run();
        this.db.prepare('DELETE FROM table_pairs WHERE table_key NOT IN (SELECT key FROM table_use)').run();
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
      // Version 3 stored similarity tables whole; its vectors are still good and are kept.
      const keepsVectors = version === VECTORS_UNCHANGED_SINCE;
      db.exec(
        `${keepsVectors ? '' : 'DROP TABLE IF EXISTS vectors; DROP TABLE IF EXISTS embedders; '}` +
          'DROP TABLE IF EXISTS tables; DROP TABLE IF EXISTS table_pairs; DROP TABLE IF EXISTS table_use;',
      );
    }
    // Rows here are kilobytes (a style vector 5.2 KB, a pair's series 6.4 KB at 805 probes): on 16 KiB
    // pages they need no overflow chains, and writing 48,300 vectors took 0.46 s instead of 0.84 s,
    // reading them 0.23 s instead of 0.41 s. Only a new file takes it; an existing one keeps its pages.
    if (tables === 0) db.pragma('page_size = 16384');
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
