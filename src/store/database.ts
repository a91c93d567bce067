import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { MIGRATIONS } from './migrations.js';
import { UserError, errorMessage } from '../util/errors.js';

/** 'LLMF' — marks a SQLite file as ours, so a foreign database is never migrated into shape. */
export const APPLICATION_ID = 0x4c4c4d46;
export const SCHEMA_VERSION = MIGRATIONS.length;

const SQLITE_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Open without creating or migrating; fails if the file does not exist. */
  readonly?: boolean;
  /** Fail instead of creating a new, empty database (commands that only read what was collected). */
  mustExist?: boolean;
}

export type Db = Database.Database;

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const isMemory = path === ':memory:';
  const existed = isMemory ? false : existsSync(path);
  if ((options.readonly || options.mustExist) && !existed && !isMemory) {
    throw new UserError(`no database at ${path}: import answers or run a collection first, or point --db (or LLM_FINGERPRINT_DB) at one`);
  }
  if (existed && options.readonly) rollBackInterruptedWrite(path);
  if (existed) assertSqliteFile(path, options.readonly ?? false);

  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    if (isDamage(error)) throw new UserError(`${path} is damaged (${errorMessage(error)}): SQLite cannot open it`, { cause: error });
    throw new UserError(`cannot open database ${path}: ${errorMessage(error)}`);
  }
  try {
    checkAndMigrate(db, path, options.readonly ?? false);
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_READONLY_ROLLBACK') {
      throw new UserError(
        `${path} cannot be read: ${path}-journal holds a write that was interrupted, which SQLite must roll back first, ` +
          `and this process cannot write ${path} or its folder; run the command again with write access to both`,
        { cause: error },
      );
    }
    if (isDamage(error))
      throw new UserError(`${path} is damaged (${errorMessage(error)}): SQLite cannot read its schema`, { cause: error });
    throw new UserError(`cannot use database ${path}: ${errorMessage(error)}`);
  }
  return db;
}

/**
 * Whether SQLite found the file damaged: pages that do not hold what the structure says they do
 * (SQLITE_CORRUPT and its extended codes) or a header that is no database's (SQLITE_NOTADB). Such an
 * error can come from any query, whenever it first reads a damaged page, not only at open.
 */
export function isDamage(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB)/.test(error.code);
}

/**
 * The one-line error for a store whose damage a query ran into (see isDamage); any other error is
 * returned as it is. verify reads what can still be read and names what cannot.
 */
export function damagedStoreError(path: string, error: unknown): unknown {
  if (!isDamage(error)) return error;
  return new UserError(`${path} is damaged (${errorMessage(error)}): run \`verify\` to see what can be read`, { cause: error });
}

/**
 * A write killed mid-transaction (kill -9 of `import` or `run`, a power cut) leaves `<db>-journal`
 * holding the original content of every page it had begun to change. SQLite puts those pages back the
 * next time the file is opened by a connection that can write; a read-only connection cannot, and
 * every read then fails ("attempt to write a readonly database"). So a command that only reads opens
 * the file read-write once and reads, which makes SQLite roll the journal back and do nothing else: the
 * file returns to its last committed state, the same as a writing command's open does today. What was
 * committed is unchanged; only the pages of the write that never committed go. Whether the journal is
 * "hot" is SQLite's own decision (not while a live writer holds its lock), so a write in progress is
 * never touched. Only a file whose header is ours is rolled back: a foreign database is left as it is.
 * (The header is read from the file as the write left it: an interrupted write does not change its mark.)
 */
function rollBackInterruptedWrite(path: string): void {
  const journal = `${path}-journal`;
  if (!existsSync(journal) || statSync(journal).size === 0) return;
  const head = readHeader(path, 72);
  if (head.length < 72 || head.toString('latin1', 0, 16) !== SQLITE_HEADER) return; // refused as not SQLite (or empty) next
  if (head.readUInt32BE(68) !== APPLICATION_ID) {
    throw new UserError(
      `${path} is not an llm-fingerprint database (its header does not mark it as one; the interrupted write in ${journal} is left as it is)`,
    );
  }
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.prepare(`SELECT count(*) FROM sqlite_master`).get();
  } catch {
    // the read-only open that follows reports what is wrong
  } finally {
    db?.close();
  }
}

/** The first bytes of a file (fewer if it is shorter): only the header, the file may be a case's worth of answers. */
function readHeader(path: string, bytes: number): Buffer {
  const head = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Says how to fill an empty file: a command that only reads finds nothing in it. */
const FILL_IT = 'import answers or run a collection to fill it';

function assertSqliteFile(path: string, readonly: boolean): void {
  if (statSync(path).size === 0) {
    // An empty file is a new database to SQLite: a writing command creates the schema in it.
    if (readonly) throw new UserError(`${path} is empty: not an llm-fingerprint database yet (${FILL_IT})`);
    return;
  }
  if (readHeader(path, 16).toString('latin1') !== SQLITE_HEADER) {
    throw new UserError(`${path} is not an llm-fingerprint database (not a SQLite file)`);
  }
}

function checkAndMigrate(db: Db, path: string, readonly: boolean): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n;

  if (applicationId !== APPLICATION_ID && (tableCount > 0 || version !== 0)) {
    throw new UserError(`${path} is not an llm-fingerprint database (it holds other tables)`);
  }
  if (applicationId !== APPLICATION_ID && readonly) {
    throw new UserError(`${path} is an empty SQLite database: not an llm-fingerprint database yet (${FILL_IT})`);
  }
  if (version > SCHEMA_VERSION) {
    throw new UserError(
      `${path} has schema version ${version}, newer than this llm-fingerprint understands (${SCHEMA_VERSION}); upgrade the tool`,
    );
  }
  if (!readonly) {
    // A rollback journal, not WAL: a read-only connection to a WAL database leaves -wal and -shm files
    // beside the evidence, and the evidence file should be the whole record. A database written as WAL by
    // an earlier version is converted the first time a writing command opens it.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A read-only connection reads an older schema as it is (readers cope with what older versions
  // lacked); only a writing command migrates, so reading never changes the file.
  if (version < SCHEMA_VERSION && !readonly) migrate(db, version);
}

/** The first schema without the embeddings tables: migrating across it frees their pages. */
const DROPS_EMBEDDINGS = 3;

function migrate(db: Db, from: number): void {
  db.transaction(() => {
    if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  // Old files cached vectors in the evidence database; give that space back (VACUUM cannot run in a transaction).
  if (from > 0 && from < DROPS_EMBEDDINGS) db.exec('VACUUM');
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement for this SQL on this connection, prepared once: repositories run the same few
 * statements thousands of times in an import, and preparing costs as much as running.
 */
export function prepare(db: Db, sql: string, mode: 'rows' | 'pluck' | 'raw' = 'rows'): Database.Statement {
  let byText = statements.get(db);
  if (!byText) {
    byText = new Map();
    statements.set(db, byText);
  }
  const key = `${mode}\u0000${sql}`;
  let statement = byText.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode === 'pluck') statement.pluck();
    if (mode === 'raw') statement.raw();
    byText.set(key, statement);
  }
  return statement;
}
