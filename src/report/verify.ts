import type { Store } from '../store/index.js';
import { batteryHash, type Probe } from '../probes/index.js';
import { promptSha256, type ChatMessage } from '../prompt/index.js';
import { sha256Hex } from '../util/hash.js';

export interface IntegrityProblem {
  kind: 'sqlite' | 'response' | 'prompt' | 'battery' | 'embedding';
  /** Row id where there is one. */
  id?: number;
  message: string;
}

export interface IntegrityReport {
  ok: boolean;
  checked: { responses: number; prompts: number; batteries: number; embeddings: number };
  problems: IntegrityProblem[];
}

/** More problems than this are counted but not listed: a damaged file should not flood the terminal. */
const MAX_LISTED = 50;

/**
 * Recomputes every hash the store keeps — each answer's text, each prompt's messages, each battery's
 * content — and checks SQLite's own structure and the vectors' sizes. Anyone holding the database
 * can run it to see that nothing was altered after collection.
 */
export function verifyStore(store: Store): IntegrityReport {
  const problems: IntegrityProblem[] = [];
  let total = 0;
  const report = (problem: IntegrityProblem) => {
    total++;
    if (problems.length < MAX_LISTED) problems.push(problem);
  };
  const db = store.db;

  const sqlite = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
  for (const row of sqlite) if (row.integrity_check !== 'ok') report({ kind: 'sqlite', message: row.integrity_check });

  let responses = 0;
  for (const row of db.prepare('SELECT id, text, text_sha256 AS sha FROM responses WHERE text IS NOT NULL').iterate() as IterableIterator<{
    id: number;
    text: string;
    sha: string | null;
  }>) {
    responses++;
    if (sha256Hex(row.text) !== row.sha) report({ kind: 'response', id: row.id, message: `response ${row.id}: text does not match its sha256` });
  }

  let prompts = 0;
  for (const row of db.prepare('SELECT id, sha256 AS sha, messages FROM prompts').iterate() as IterableIterator<{ id: number; sha: string; messages: string }>) {
    prompts++;
    let actual: string | null = null;
    try {
      actual = promptSha256(JSON.parse(row.messages) as ChatMessage[]);
    } catch {
      // unreadable messages are reported below as a mismatch
    }
    if (actual !== row.sha) report({ kind: 'prompt', id: row.id, message: `prompt ${row.id}: messages do not match their sha256` });
  }

  const batteries = db.prepare('SELECT id, hash, name, version FROM batteries').all() as Array<{ id: number; hash: string; name: string; version: string }>;
  const probesOf = db.prepare(
    `SELECT pr.key AS id, pr.category, pr.params, pr.samples, pr.language, p.messages
     FROM probes pr JOIN prompts p ON p.id = pr.prompt_id WHERE pr.battery_id = ?`,
  );
  for (const battery of batteries) {
    const rows = probesOf.all(battery.id) as Array<{ id: string; category: string; params: string; samples: number; language: string | null; messages: string }>;
    const probes: Probe[] = rows.map((r) => ({
      id: r.id,
      category: r.category,
      messages: JSON.parse(r.messages) as ChatMessage[],
      params: JSON.parse(r.params) as Probe['params'],
      samples: r.samples,
      language: r.language ?? 'und',
    }));
    if (batteryHash(battery.name, battery.version, probes) !== battery.hash) {
      report({ kind: 'battery', id: battery.id, message: `battery ${battery.name} v${battery.version}: stored probes do not match its hash` });
    }
  }

  let embeddings = 0;
  for (const row of db.prepare('SELECT id, dimension, length(vector) AS bytes FROM embeddings').iterate() as IterableIterator<{
    id: number;
    dimension: number;
    bytes: number;
  }>) {
    embeddings++;
    if (row.bytes !== row.dimension * 4) report({ kind: 'embedding', id: row.id, message: `embedding ${row.id}: ${row.bytes} bytes for ${row.dimension} dimensions` });
  }
  if (total > problems.length) problems.push({ kind: 'sqlite', message: `… and ${total - problems.length} more problems` });
  return { ok: total === 0, checked: { responses, prompts, batteries: batteries.length, embeddings }, problems };
}
