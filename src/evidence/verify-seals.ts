import type { ResponseHashRow, RunRow, Store } from '../store/index.js';
import {
  SEAL_FORMAT,
  answerKey,
  linkProblems,
  manifestFitsFormat,
  parseManifest,
  parseSealContent,
  type SealedAnswer,
  type SealedRun,
} from '../seal/index.js';
import { sha256Hex } from '../util/hash.js';
import { errorMessage } from '../util/errors.js';
import { countOf, describeAnswer, type AnswerRef, type Findings, type UsableAnswer } from './verify-findings.js';

export interface SealCheck {
  count: number;
  head: string | null;
  sealedAnswers: number;
  unsealedAnswers: number;
  unsealedRuns: number[];
}

interface SealContext {
  runs: readonly RunRow[];
  usable: ReadonlyMap<string, UsableAnswer>;
  unusable: ReadonlyMap<string, ResponseHashRow>;
  probeKeys: ReadonlyMap<string, string>;
}

interface SealedSlot extends SealedAnswer {
  sequence: number;
  run: number;
}

/** The schema version that brought seals: an older file has none to check. */
const SEALS_SINCE = 3;

const RUN_FIELDS: Record<keyof SealedRun, string> = {
  id: 'id',
  kind: 'kind',
  status: 'status',
  startedAt: 'start time',
  finishedAt: 'end time',
  toolVersion: 'tool version',
  batteryHash: 'battery',
  source: 'source file',
  sourceSha256: 'source sha256',
  configSha256: 'configuration',
};

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/**
 * The seal chain against itself and against the rows: each link, each seal's content and manifest,
 * each sealed run as it is now, and every usable answer against the manifests.
 */
export function checkSeals(store: Store, context: SealContext, findings: Findings): SealCheck {
  if (!store.seals.available && store.integrity.schemaVersion() >= SEALS_SINCE) {
    findings.problem({ kind: 'seal', message: `the seals table is missing: a store of schema ${store.integrity.schemaVersion()} has one` });
  }
  const stored = store.seals.all();
  const sealed = new Map<string, SealedSlot>();
  const sealOfRun = new Map<number, number>();
  /** Runs whose manifest cannot be trusted (edited or unreadable): their answers are not checked one by one. */
  const unreadable = new Set<number>();
  let legacy = new Set<number>();
  // The chain first: a broken link is the finding that explains the others.
  let previous: { sequence: number; hash: string } | null = null;
  for (const row of stored) {
    try {
      const link = { sequence: row.sequence, previousHash: row.previousHash, hash: row.hash, contentText: row.content };
      for (const message of linkProblems(previous, link)) findings.problem({ kind: 'seal', id: row.sequence, message });
    } catch (error) {
      findings.problem({ kind: 'seal', id: row.sequence, message: `seal ${row.sequence}: ${errorMessage(error)}` });
    }
    previous = { sequence: row.sequence, hash: row.hash };
  }

  let recordsSealedFrom: number | null = null;
  for (const row of stored) {
    sealOfRun.set(row.runId, row.sequence);
    const where = `seal ${row.sequence} (run ${row.runId})`;
    try {
      if (typeof row.content !== 'string' || typeof row.manifest !== 'string') throw new Error('its content or manifest is not text');
      const content = parseSealContent(row.content);
      // Once a version that seals answer records has written to the store, every later seal has them.
      if (content.format === SEAL_FORMAT) recordsSealedFrom ??= row.sequence;
      else if (recordsSealedFrom !== null) {
        findings.problem({
          kind: 'seal',
          id: row.sequence,
          message: `${where}: a seal of format 1 after seal ${recordsSealedFrom} of format 2: what was recorded with its answers is not sealed`,
        });
      }
      if (content.sequence !== row.sequence) {
        findings.problem({ kind: 'seal', id: row.sequence, message: `${where}: its content says it is seal ${content.sequence}` });
      }
      if (content.run.id !== row.runId) {
        findings.problem({ kind: 'seal', id: row.sequence, message: `${where}: its content seals run ${content.run.id}` });
      }
      if (row.sequence === 1 && content.legacyRuns) legacy = new Set(content.legacyRuns);

      if (sha256Hex(row.manifest) !== content.manifestSha256) {
        unreadable.add(row.runId);
        findings.problem({
          kind: 'seal',
          id: row.sequence,
          message: `${where}: its manifest was edited: it does not match the sha256 in the seal`,
        });
      } else {
        const manifest = parseManifest(row.manifest);
        if (!manifestFitsFormat(content.format, manifest)) {
          findings.problem({
            kind: 'seal',
            id: row.sequence,
            message: `${where}: its manifest's lines do not have the fields a seal of ${content.format} lists`,
          });
        }
        if (manifest.length !== content.answers) {
          findings.problem({
            kind: 'seal',
            id: row.sequence,
            message: `${where}: its manifest lists ${manifest.length} answers, the seal ${content.answers}`,
          });
        }
        for (const entry of manifest) {
          const key = answerKey(entry);
          const other = sealed.get(key);
          if (other) {
            const ref = { ...entry, probe: context.probeKeys.get(entry.prompt) ?? null, run: row.runId };
            findings.problem({
              kind: 'seal',
              id: row.sequence,
              answer: ref,
              message: `${describeAnswer(ref)}: sealed twice (seals ${other.sequence} and ${row.sequence})`,
            });
          }
          sealed.set(key, { ...entry, sequence: row.sequence, run: row.runId });
        }
      }

      const now = store.seals.runMetadata(row.runId);
      if (!now) {
        findings.problem({ kind: 'run', id: row.runId, message: `run ${row.runId}, sealed by seal ${row.sequence}, was deleted` });
      } else {
        for (const field of Object.keys(RUN_FIELDS) as Array<keyof SealedRun>) {
          if (JSON.stringify(now[field]) === JSON.stringify(content.run[field])) continue;
          const change = field === 'configSha256' ? '' : ` (sealed ${shown(content.run[field])}, now ${shown(now[field])})`;
          findings.problem({
            kind: 'run',
            id: row.runId,
            message: `run ${row.runId} was edited after it was sealed: its ${RUN_FIELDS[field]} changed${change}`,
          });
        }
      }
    } catch (error) {
      unreadable.add(row.runId);
      findings.problem({ kind: 'seal', id: row.sequence, message: `${where}: ${errorMessage(error)}` });
    }
  }

  const unsealedByRun = new Map<number, number>();
  const seen = new Set<string>();
  for (const [key, answer] of context.usable) {
    const slot = sealed.get(key);
    const where = describeAnswer(answer);
    if (slot) {
      seen.add(key);
      // An edit that left the old sha256 in place was reported with the row; this one rewrote the hash too.
      if (slot.text !== answer.textSha256 && answer.textSha256 === answer.storedSha256) {
        findings.problem({
          kind: 'response',
          id: answer.id,
          answer: strip(answer),
          message: `${where}: edited after sealing: its text and sha256 differ from those in seal ${slot.sequence}`,
        });
      }
      if (slot.record !== undefined && answer.recordSha256 !== null && slot.record !== answer.recordSha256) {
        findings.problem({
          kind: 'response',
          id: answer.id,
          answer: strip(answer),
          message:
            `${where}: edited after sealing: what was recorded with it (its category or its prompt's, the probe, the finish ` +
            `reason, the reported model, the request, usage, latency or times) differs from seal ${slot.sequence}`,
        });
      }
      if (slot.run !== answer.run) {
        findings.problem({
          kind: 'response',
          id: answer.id,
          answer: strip(answer),
          message: `${where}: moved after sealing: seal ${slot.sequence} has it in run ${slot.run}`,
        });
      }
    } else if (sealOfRun.has(answer.run)) {
      if (!unreadable.has(answer.run)) {
        findings.problem({
          kind: 'response',
          id: answer.id,
          answer: strip(answer),
          message: `${where}: added after sealing: seal ${sealOfRun.get(answer.run)} of run ${answer.run} does not list it`,
        });
      }
    } else {
      unsealedByRun.set(answer.run, (unsealedByRun.get(answer.run) ?? 0) + 1);
    }
  }
  for (const [key, slot] of sealed) {
    if (seen.has(key)) continue;
    const row = context.unusable.get(key);
    const ref: AnswerRef = {
      model: slot.model,
      prompt: slot.prompt,
      probe: row?.probe ?? context.probeKeys.get(slot.prompt) ?? null,
      sample: slot.sample,
      run: slot.run,
    };
    const what = row
      ? `made unusable after sealing (its text removed or an error set; seal ${slot.sequence} lists it)`
      : `deleted after sealing (seal ${slot.sequence} lists it)`;
    findings.problem({ kind: 'response', ...(row ? { id: row.id } : {}), answer: ref, message: `${describeAnswer(ref)}: ${what}` });
  }

  const unsealedRuns = unsealedRunFindings(context.runs, sealOfRun, legacy, stored.length > 0, unsealedByRun, findings);
  let sealedAnswers = 0;
  for (const row of stored) {
    try {
      sealedAnswers += parseSealContent(row.content).answers;
    } catch {
      // reported above
    }
  }
  const last = stored.at(-1);
  return {
    count: stored.length,
    head: last?.hash ?? null,
    sealedAnswers,
    unsealedAnswers: [...unsealedByRun.values()].reduce((a, b) => a + b, 0),
    unsealedRuns,
  };
}

const strip = (a: UsableAnswer): AnswerRef => ({ model: a.model, prompt: a.prompt, probe: a.probe, sample: a.sample, run: a.run });

/**
 * Runs without a seal. Written before this store had seals, or still running: a warning. Ended after
 * sealing began and still unsealed: its seal was removed, or it was written outside the tool — a problem.
 */
function unsealedRunFindings(
  runs: readonly RunRow[],
  sealOfRun: ReadonlyMap<number, number>,
  legacy: ReadonlySet<number>,
  anySeals: boolean,
  unsealedByRun: ReadonlyMap<number, number>,
  findings: Findings,
): number[] {
  const listed: number[] = [];
  const known = new Set(runs.map((r) => r.id));
  for (const [run, answers] of unsealedByRun) {
    if (!known.has(run))
      findings.problem({ kind: 'run', id: run, message: `${countOf(answers, 'answer')} of run ${run}, which does not exist` });
  }
  for (const run of runs) {
    if (sealOfRun.has(run.id)) continue;
    const answers = unsealedByRun.get(run.id) ?? 0;
    const what = `run ${run.id} (${run.kind}, ${run.status})`;
    const warn = (message: string) => {
      if (answers === 0) return;
      listed.push(run.id);
      findings.warnings.push({ kind: 'unsealed', run: run.id, answers, message });
    };
    if (!anySeals) warn(`${what}: ${countOf(answers, 'answer')} unsealed: this store holds no seals (written before seals existed)`);
    else if (legacy.has(run.id)) warn(`${what}: ${countOf(answers, 'answer')} unsealed: the run ended before this store's first seal`);
    else if (run.status === 'running' && run.kind === 'live') {
      warn(
        `${what}: ${countOf(answers, 'answer')} not sealed yet: the run is still going, or was killed (the next run on its machine seals it)`,
      );
    } else {
      listed.push(run.id);
      findings.problem({
        kind: 'run',
        id: run.id,
        message: `${what} has no seal: its seal was removed, or it was written outside llm-fingerprint (${countOf(answers, 'answer')})`,
      });
    }
  }
  return listed;
}
