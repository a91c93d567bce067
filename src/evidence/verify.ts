import type { ResponseHashRow, RunRow, Store } from '../store/index.js';
import { answerRecord, parseJsonColumn, parseMessages } from '../store/index.js';
import { batteryHash, type Probe } from '../probes/index.js';
import { promptSha256 } from '../prompt/index.js';
import { sha256Hex } from '../util/hash.js';
import { checkSeals, type SealCheck } from './verify-seals.js';
import { checkAgainstReport, type ReportAnchors, type SealHead } from './verify-report.js';
import { answerKey, answerRecordSha256 } from '../seal/index.js';
import { Findings, describeAnswer, reason, type AnswerRef, type IntegrityReport, type UsableAnswer } from './verify-findings.js';

export type { AnswerRef, IntegrityProblem, IntegrityReport, IntegrityWarning } from './verify-findings.js';

/**
 * Recomputes every hash the store keeps and checks the seal chain against the rows:
 * - each answer's text against its sha256, each prompt's messages against theirs, each battery's probes
 *   against its hash, every JSON column (a value that is not JSON is a problem, never a crash);
 * - each seal's hash, its link to the seal before, its manifest, and the run it seals as it is now;
 * - every usable answer against the manifests: an answer edited (with or without its sha256), deleted
 *   or added after its run was sealed is named by model, prompt (and probe), sample and run;
 * - SQLite's own structure.
 * Answers that no seal covers (an older file, a run still going) are warnings, not problems.
 * Reads only: open the store read-only.
 */
export function verifyStore(store: Store, options: { report?: ReportAnchors; head?: SealHead; strict?: boolean } = {}): IntegrityReport {
  const findings = new Findings();
  findings.guard('the database structure', () => {
    for (const message of store.integrity.sqliteProblems()) findings.problem({ kind: 'sqlite', message });
  });

  let schemaVersion = 0;
  findings.guard('the schema version', () => (schemaVersion = store.integrity.schemaVersion()));

  let probeKeys = new Map<string, string>();
  findings.guard('the probes', () => (probeKeys = store.integrity.probeKeysByPrompt()));

  let prompts = 0;
  findings.guard('the prompts', () => (prompts = checkPrompts(store, findings)));

  let batteries = 0;
  findings.guard('the batteries', () => (batteries = checkBatteries(store, findings)));

  let runs: RunRow[] = [];
  findings.guard('the runs', () => {
    runs = store.integrity.runs();
    for (const run of runs) {
      try {
        parseJsonColumn(run.config, `run ${run.id}: its configuration`);
      } catch (error) {
        findings.problem({ kind: 'run', id: run.id, message: reason(error) });
      }
    }
  });

  const usable = new Map<string, UsableAnswer>();
  const unusable = new Map<string, ResponseHashRow>();
  let responses = 0;
  findings.guard('the answers', () => {
    for (const row of store.integrity.responses()) {
      responses++;
      checkResponseRow(row, probeKeys, findings, usable, unusable);
    }
  });

  let seals: SealCheck = { count: 0, head: null, sealedAnswers: 0, unsealedAnswers: 0, unsealedRuns: [] };
  findings.guard('the seals', () => (seals = checkSeals(store, { runs, usable, unusable, probeKeys }, findings)));

  // Strict: an answer no seal covers is one nobody can vouch for (a live run killed before its seal looks
  // exactly like rows added by hand with a run marked running), so it fails the check instead of warning.
  if (options.strict) {
    for (const warning of findings.warnings.splice(0)) {
      findings.problem({ kind: 'run', id: warning.run, message: `${warning.message} (--strict: unsealed answers fail the check)` });
    }
  }
  if (options.head) {
    const seals = options.head;
    findings.guard('the store against the published head', () => checkAgainstReport(store, { digests: [], seals }, findings));
  }
  if (options.report) {
    const anchors = options.report;
    findings.guard('the store against the report', () => checkAgainstReport(store, anchors, findings));
  }

  return {
    ok: findings.problemCount === 0,
    schemaVersion,
    checked: { responses, prompts, batteries, runs: runs.length, seals: seals.count },
    seals: { count: seals.count, head: seals.head, sealedAnswers: seals.sealedAnswers },
    unsealed: { answers: seals.unsealedAnswers, runs: seals.unsealedRuns },
    problemCount: findings.problemCount,
    problems: findings.problems,
    warnings: findings.warnings,
  };
}

function checkResponseRow(
  row: ResponseHashRow,
  probeKeys: ReadonlyMap<string, string>,
  findings: Findings,
  usable: Map<string, UsableAnswer>,
  unusable: Map<string, ResponseHashRow>,
): void {
  if (row.model === null || row.promptSha256 === null) {
    const missing = row.model === null ? 'a model' : 'a prompt';
    findings.problem({
      kind: 'response',
      id: row.id,
      message: `answer row ${row.id} (run ${row.runId}) refers to ${missing} that does not exist`,
    });
    return;
  }
  const answer: AnswerRef = {
    model: row.model,
    prompt: row.promptSha256,
    probe: row.probe ?? probeKeys.get(row.promptSha256) ?? null,
    sample: row.sample,
    run: row.runId,
  };
  const where = describeAnswer(answer);
  if (row.probeInRunBattery === 0) {
    findings.problem({ kind: 'response', id: row.id, answer, message: `${where}: asked by a probe of another battery than its run's` });
  }
  let damaged = false;
  for (const [column, value] of [
    ['request', row.request],
    ['usage', row.usage],
  ] as const) {
    try {
      parseJsonColumn(value, `${where}: its ${column}`);
    } catch (error) {
      damaged = true;
      findings.problem({ kind: 'response', id: row.id, answer, message: reason(error) });
    }
  }
  // What a format-2 seal holds of the answer besides its text; unreadable JSON was reported just above.
  const recordSha256 = damaged ? null : answerRecordSha256(answerRecord({ ...row, promptCategory: row.promptCategory ?? '' }, where));
  if (typeof row.text !== 'string') {
    if (row.text !== null) findings.problem({ kind: 'response', id: row.id, answer, message: `${where}: its text is not text` });
    // The tool writes a row without text only for a failed attempt (error set, no sha256): anything else
    // would be scored, or hide from the seals, by a rule of its own.
    else if (row.error === null || row.textSha256 !== null) {
      findings.problem({
        kind: 'response',
        id: row.id,
        answer,
        message: `${where}: a row without text that is not a failed attempt (${row.error === null ? 'no error' : 'a text sha256 but no text'})`,
      });
    }
    unusable.set(answerKey(answer), row);
    return;
  }
  const textSha256 = sha256Hex(row.text);
  if (textSha256 !== row.textSha256) {
    findings.problem({ kind: 'response', id: row.id, answer, message: `${where}: edited: its text does not match its sha256` });
  }
  if (row.error !== null) unusable.set(answerKey(answer), row);
  else usable.set(answerKey(answer), { ...answer, id: row.id, run: row.runId, textSha256, storedSha256: row.textSha256, recordSha256 });
}

function checkPrompts(store: Store, findings: Findings): number {
  let prompts = 0;
  for (const row of store.integrity.prompts()) {
    prompts++;
    const where = `prompt ${String(row.sha256).slice(0, 12)}`;
    try {
      if (promptSha256(parseMessages(row.messages, `${where}: its messages text`)) !== row.sha256) {
        findings.problem({ kind: 'prompt', id: row.id, message: `${where}: its messages do not match their sha256` });
      }
    } catch (error) {
      findings.problem({ kind: 'prompt', id: row.id, message: reason(error) });
    }
  }
  return prompts;
}

function checkBatteries(store: Store, findings: Findings): number {
  const batteries = store.integrity.batteries();
  for (const battery of batteries) {
    const where = `battery ${battery.name} v${battery.version}`;
    try {
      const probes: Probe[] = battery.probes.map((r) => ({
        id: r.key,
        category: r.category,
        messages: parseMessages(r.messages ?? 'null', `${where}, probe ${r.key}: its messages text`),
        params: parseJsonColumn(r.params, `${where}, probe ${r.key}: its params text`) as Probe['params'],
        samples: r.samples,
        language: r.language ?? 'und',
      }));
      if (batteryHash(battery.name, battery.version, probes) !== battery.hash) {
        findings.problem({ kind: 'battery', id: battery.id, message: `${where}: its stored probes do not match its hash` });
      }
    } catch (error) {
      findings.problem({ kind: 'battery', id: battery.id, message: reason(error) });
    }
  }
  return batteries.length;
}
