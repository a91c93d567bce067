import type { Store } from '../store/index.js';
import { parseJsonColumn, parseMessages } from '../store/index.js';
import { batteryHash, type Probe } from '../probes/index.js';
import { promptSha256 } from '../prompt/index.js';
import { sha256Hex } from '../util/hash.js';
import { errorMessage } from '../util/errors.js';

export interface IntegrityProblem {
  kind: 'sqlite' | 'response' | 'prompt' | 'battery';
  /** Row id where there is one. */
  id?: number;
  message: string;
}

export interface IntegrityReport {
  ok: boolean;
  checked: { responses: number; prompts: number; batteries: number };
  problems: IntegrityProblem[];
}

/** More problems than this are counted but not listed: a damaged file should not flood the terminal. */
const MAX_LISTED = 50;

/**
 * Recomputes every hash the store keeps — each answer's text, each prompt's messages, each battery's
 * content — and checks SQLite's own structure. Anyone holding the database can run it to see that
 * nothing was altered after collection. A damaged row is a problem to report, never a crash.
 */
export function verifyStore(store: Store): IntegrityReport {
  const problems: IntegrityProblem[] = [];
  let total = 0;
  const report = (problem: IntegrityProblem) => {
    total++;
    if (problems.length < MAX_LISTED) problems.push(problem);
  };

  for (const message of store.integrity.sqliteProblems()) report({ kind: 'sqlite', message });

  let responses = 0;
  for (const row of store.integrity.responses()) {
    if (row.text === null) continue;
    responses++;
    if (sha256Hex(row.text) !== row.textSha256) {
      const where = `${row.model ?? '?'}'s answer to prompt ${(row.promptSha256 ?? '?').slice(0, 12)} (sample ${row.sample}, run ${row.runId})`;
      report({ kind: 'response', id: row.id, message: `${where}: text does not match its sha256` });
    }
  }

  let prompts = 0;
  for (const row of store.integrity.prompts()) {
    prompts++;
    const where = `prompt ${row.sha256.slice(0, 12)}`;
    try {
      if (promptSha256(parseMessages(row.messages, `${where} messages`)) !== row.sha256) {
        report({ kind: 'prompt', id: row.id, message: `${where}: messages do not match their sha256` });
      }
    } catch (error) {
      report({ kind: 'prompt', id: row.id, message: errorMessage(error) });
    }
  }

  const batteries = store.integrity.batteries();
  for (const battery of batteries) {
    const where = `battery ${battery.name} v${battery.version}`;
    try {
      const probes: Probe[] = battery.probes.map((r) => ({
        id: r.key,
        category: r.category,
        messages: parseMessages(r.messages ?? 'null', `${where}, probe ${r.key}: messages`),
        params: parseJsonColumn(r.params, `${where}, probe ${r.key}: params`) as Probe['params'],
        samples: r.samples,
        language: r.language ?? 'und',
      }));
      if (batteryHash(battery.name, battery.version, probes) !== battery.hash) {
        report({ kind: 'battery', id: battery.id, message: `${where}: stored probes do not match its hash` });
      }
    } catch (error) {
      report({ kind: 'battery', id: battery.id, message: errorMessage(error) });
    }
  }

  if (total > problems.length) problems.push({ kind: 'sqlite', message: `… and ${total - problems.length} more problems` });
  return { ok: total === 0, checked: { responses, prompts, batteries: batteries.length }, problems };
}
