import { DamagedRowError } from '../store/index.js';
import { errorMessage } from '../util/errors.js';

/** Which answer a finding is about: enough to find it in the store, an export or a report. */
export interface AnswerRef {
  model: string;
  /** The prompt's sha256. */
  prompt: string;
  /** The key of a probe that asks this prompt, when a stored battery has one. */
  probe: string | null;
  sample: number;
  run: number | null;
}

export interface IntegrityProblem {
  kind: 'sqlite' | 'response' | 'prompt' | 'battery' | 'run' | 'seal' | 'report';
  /** Row id where there is one. */
  id?: number;
  answer?: AnswerRef;
  message: string;
}

/** Something a reader should know that is not tampering: answers no seal covers. */
export interface IntegrityWarning {
  kind: 'unsealed';
  run: number;
  answers: number;
  message: string;
}

export interface IntegrityReport {
  /** False when any problem was found; warnings (unsealed answers) leave it true. */
  ok: boolean;
  schemaVersion: number;
  checked: { responses: number; prompts: number; batteries: number; runs: number; seals: number };
  /** The seal chain: its length, its newest hash, and how many answers its seals cover. */
  seals: { count: number; head: string | null; sealedAnswers: number };
  /** Usable answers that no seal covers, and the runs they belong to. */
  unsealed: { answers: number; runs: number[] };
  /** Every problem found; only the first MAX_LISTED are listed. */
  problemCount: number;
  problems: IntegrityProblem[];
  warnings: IntegrityWarning[];
}

/** More problems than this are counted but not listed: a damaged file should not flood the terminal. */
export const MAX_LISTED = 50;

/** A thrown error as a finding's message: a damaged row says what is wrong without advising to run verify. */
export const reason = (error: unknown): string => (error instanceof DamagedRowError ? error.problem : errorMessage(error));

/** Collects findings; stops listing (but keeps counting) after MAX_LISTED problems. */
export class Findings {
  problemCount = 0;
  readonly problems: IntegrityProblem[] = [];
  readonly warnings: IntegrityWarning[] = [];

  problem(problem: IntegrityProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED) this.problems.push(problem);
  }

  /** Runs one part of the check; anything it throws (a damaged file SQLite cannot read) is a problem, never a crash. */
  guard(what: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      this.problem({ kind: 'sqlite', message: `cannot check ${what}: ${reason(error)}` });
    }
  }
}

/** "gpt4's answer to prompt 1a2b3c4d5e6f (probe identity-01), sample 0, run 3" */
export function describeAnswer(a: AnswerRef): string {
  return `${a.model}'s answer to prompt ${a.prompt.slice(0, 12)}${a.probe ? ` (probe ${a.probe})` : ''}, sample ${a.sample}${a.run === null ? '' : `, run ${a.run}`}`;
}

/** A usable answer (text present, no error) as verify sees it: its slot, its run, and its text's real hash. */
export interface UsableAnswer extends AnswerRef {
  id: number;
  run: number;
  /** sha256 of the text as stored now. */
  textSha256: string;
  /** The sha256 the row holds for its text. */
  storedSha256: string | null;
  /** sha256 of the answer's record as stored now (what a format-2 seal lists); null when it cannot be read. */
  recordSha256: string | null;
}

/** "1 answer", "3 answers". */
export const countOf = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
