import { z } from 'zod';
import { promptSha256, type ChatMessage } from '../prompt/index.js';
import {
  EXPORT_FORMAT,
  SEAL_FORMAT,
  answerKey,
  canonicalSealContent,
  linkProblems,
  manifestFitsFormat,
  manifestLineSchema,
  manifestText,
  sealContentSchema,
  type SealedAnswer,
} from '../seal/index.js';
import { sha256Hex } from '../util/hash.js';
import { UserError } from '../util/errors.js';

/**
 * The proof an `export` file carries, checked before anything is imported: every answer line against
 * its own sha256 (and its prompt's), the end line against what the file holds, the seal lines as a
 * chain, and the answers against the manifests of their runs' seals. A plain transcript (no line
 * with what only export writes, no seals, no end line) has nothing to check.
 */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 (64 hex digits)');

/** A `{"seal": {...}}` line of an export. */
export const sealLineSchema = z.strictObject({
  seal: z.strictObject({
    sequence: z.number().int().min(1),
    previous_hash: sha256,
    hash: sha256,
    content: sealContentSchema,
    manifest: z.array(manifestLineSchema).nullable(),
  }),
});
export type SealLine = z.infer<typeof sealLineSchema>['seal'] & { line: number };

/** The `{"end": {...}}` line an export closes with. */
export const endLineSchema = z.strictObject({
  end: z.strictObject({
    format: z.literal(EXPORT_FORMAT),
    answers: z.number().int().min(0),
    seals: z.number().int().min(0),
  }),
});
export type EndLine = z.infer<typeof endLineSchema>['end'] & { line: number };

/** What an answer line says about itself, beside the transcript record. */
export interface AnswerLine {
  line: number;
  /** The model as the line names it (before any --model override). */
  model: string;
  messages: readonly ChatMessage[];
  response: string;
  sample?: number;
  sha256?: string;
  promptSha256?: string;
  runId?: number;
  /** The run's kind and status as the export wrote them (an export before this version wrote no status). */
  runKind?: string;
  runStatus?: string;
  /** Set by `export --allow-mismatch` on an answer it knew to be altered. */
  mismatch?: string;
  /** sha256 of what the line says was recorded with the answer (an export since format-2 seals). */
  record?: string;
}

/** What an export's proof established about its answers. */
export interface ExportProof {
  /** The seal chain, verified against the answers; absent for a plain transcript or an export without seals. */
  chain?: VerifiedChain;
  /** Answers no seal in the file covers, checked only against their own hashes. */
  unsealed: number;
}

/** The seal chain an export carried, as recorded with the import run that verified it. */
export interface VerifiedChain {
  count: number;
  head: string;
  /** Every seal's hash, in order: a report made on the original store names one of them as its head. */
  hashes: string[];
}

/** An answer line's own hashes: its response against `sha256`, its messages against `prompt_sha256`. */
export function checkAnswerLine(path: string, a: AnswerLine): void {
  const at = `${path}: line ${a.line}`;
  if (a.sha256 !== undefined && sha256Hex(a.response) !== a.sha256) {
    const marked = a.mismatch ? ` (the export marked it: ${a.mismatch})` : '';
    throw new UserError(`${at}: the response does not match its sha256${marked}`);
  }
  if (a.mismatch !== undefined) throw new UserError(`${at}: the export marked this answer as altered: ${a.mismatch}`);
  if (a.promptSha256 !== undefined && promptSha256(a.messages) !== a.promptSha256) {
    throw new UserError(`${at}: the prompt does not match its prompt_sha256`);
  }
}

/**
 * The file as a whole. A file with any line only `export` writes (an answer with `sha256`,
 * `prompt_sha256` or `run`, a seal line, the end line) is an export, and then: every answer line must
 * be an export's, with all of those and its `sample`; the end line must count what the file holds; a
 * file without it is refused as truncated, unless it was written before exports had one (its runs have
 * no status) and carries seals; and an export without seals is refused unless `allowUnsealed`, since
 * its answers could then be checked only against hashes anyone editing the file can rewrite.
 */
export function checkExport(
  path: string,
  file: { answers: readonly AnswerLine[]; seals: readonly SealLine[]; end: EndLine | undefined; lastLine: number },
  options: { allowUnsealed?: boolean } = {},
): ExportProof {
  const { answers, seals, end } = file;
  const fail = (line: number, message: string): never => {
    throw new UserError(`${path}: line ${line}: ${message}`);
  };
  const exportAnswer = answers.find((a) => a.sha256 !== undefined || a.promptSha256 !== undefined || a.runId !== undefined);
  if (!exportAnswer && seals.length === 0 && !end) return { unsealed: 0 };

  for (const a of answers) {
    const fields = { sha256: a.sha256, prompt_sha256: a.promptSha256, sample: a.sample, run: a.runId };
    const missing = Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [`"${name}"`] : []));
    if (missing.length > 0) fail(a.line, `an answer without ${missing.join(', ')}, in an export, which writes them beside every answer`);
  }
  if (end) {
    if (end.answers !== answers.length || end.seals !== seals.length) {
      fail(
        end.line,
        `the end line counts ${end.answers} answers and ${end.seals} seals, the file holds ${answers.length} and ${seals.length}: lines were removed or added`,
      );
    }
  } else if (answers.some((a) => a.runStatus !== undefined)) {
    fail(file.lastLine, 'the export stops here, without the end line it closes with: the file is truncated');
  } else if (seals.length === 0) {
    fail(
      exportAnswer!.line,
      'an export answer, in a file with neither the seals nor the end line an export writes: truncated, or its seals were removed',
    );
  }
  if (seals.length === 0) {
    if (!options.allowUnsealed) {
      fail(
        end!.line,
        'an export without seals: its answers can be checked only against their own hashes, which anyone editing the file can rewrite (--allow-unsealed imports it anyway)',
      );
    }
    return { unsealed: answers.length };
  }
  return checkExportSeals(path, answers, seals);
}

/**
 * The seal lines as a chain (each pointing to the one before, each matching its hash, each manifest
 * matching the sha256 in its seal), then the answer lines against the manifests: an answer of a sealed
 * run must be the one sealed, every sealed answer of a model the file holds must be in the file, and
 * an answer of a run without a seal in the file must belong to a run that cannot have one (ended before
 * seals existed, or a live run still going when exported).
 */
function checkExportSeals(path: string, answers: readonly AnswerLine[], seals: readonly SealLine[]): ExportProof {
  const fail = (line: number, message: string): never => {
    throw new UserError(`${path}: line ${line}: ${message}`);
  };
  let previous: { sequence: number; hash: string } | null = null;
  let recordsSealedFrom: number | null = null;
  const byRun = new Map<number, { seal: SealLine; manifest: Map<string, SealedAnswer> | null }>();
  for (const seal of seals) {
    if (seal.content.format === SEAL_FORMAT) recordsSealedFrom ??= seal.sequence;
    else if (recordsSealedFrom !== null) {
      fail(
        seal.line,
        `seal ${seal.sequence}: a seal of format 1 after seal ${recordsSealedFrom} of format 2: what was recorded with its answers is not sealed`,
      );
    }
    const contentText = canonicalSealContent(seal.content);
    const link = { sequence: seal.sequence, previousHash: seal.previous_hash, hash: seal.hash, contentText };
    const [problem] = linkProblems(previous, link);
    if (problem) fail(seal.line, problem);
    if (seal.content.sequence !== seal.sequence)
      fail(seal.line, `seal ${seal.sequence}: its content says it is seal ${seal.content.sequence}`);
    let manifest: Map<string, SealedAnswer> | null = null;
    if (seal.manifest !== null) {
      const entries = seal.manifest.map(([model, prompt, sample, text, record]) => ({
        model,
        prompt,
        sample,
        text,
        ...(record !== undefined ? { record } : {}),
      }));
      if (!manifestFitsFormat(seal.content.format, entries)) {
        fail(seal.line, `seal ${seal.sequence}: its manifest's lines do not have the fields a seal of ${seal.content.format} lists`);
      }
      if (sha256Hex(manifestText(entries)) !== seal.content.manifestSha256 || entries.length !== seal.content.answers) {
        fail(seal.line, `seal ${seal.sequence}: its manifest does not match the sha256 in the seal`);
      }
      manifest = new Map(entries.map((e) => [answerKey(e), e]));
    }
    if (byRun.has(seal.content.run.id)) fail(seal.line, `seal ${seal.sequence}: run ${seal.content.run.id} is sealed twice`);
    byRun.set(seal.content.run.id, { seal, manifest });
    previous = { sequence: seal.sequence, hash: seal.hash };
  }

  // Runs that had ended before the store's first seal was made: never sealed.
  const legacy = new Set(seals[0]!.content.legacyRuns ?? []);
  let unsealed = 0;
  const present = new Set<string>();
  const models = new Set<string>();
  for (const a of answers) {
    models.add(a.model);
    const sealed = byRun.get(a.runId!);
    if (!sealed) {
      if (legacy.has(a.runId!) || (a.runKind === 'live' && a.runStatus === 'running')) {
        unsealed++;
        continue;
      }
      const run = [a.runKind, a.runStatus].filter(Boolean).join(', ');
      fail(
        a.line,
        `run ${a.runId}${run ? ` (${run})` : ''} has no seal in the file: a run is sealed when it ends, and its seal line is missing`,
      );
    }
    const { seal, manifest } = sealed!;
    const where = `this answer of run ${a.runId}`;
    const run = seal.content.run;
    if ((a.runKind !== undefined && a.runKind !== run.kind) || (a.runStatus !== undefined && a.runStatus !== run.status)) {
      fail(
        a.line,
        `${where} says its run is ${a.runKind}, ${a.runStatus ?? '–'}; its seal (seal ${seal.sequence}) says ${run.kind}, ${run.status}`,
      );
    }
    if (manifest === null) fail(a.line, `${where}: the seal of its run (seal ${seal.sequence}) carries no manifest`);
    const key = answerKey({ model: a.model, prompt: a.promptSha256!, sample: a.sample! });
    const entry = manifest!.get(key);
    if (!entry) fail(a.line, `${where} is not in its seal (seal ${seal.sequence}): it was added after sealing`);
    if (entry!.text !== sha256Hex(a.response)) fail(a.line, `${where} differs from the one sealed in seal ${seal.sequence}`);
    if (entry!.record !== undefined && a.record !== entry!.record) {
      fail(
        a.line,
        a.record === undefined
          ? `${where} lacks what was recorded with it (request, times, categories), which its seal (seal ${seal.sequence}) covers`
          : `${where}: what was recorded with it (categories, probe, finish reason, reported model, request, usage, latency or times) differs from seal ${seal.sequence}`,
      );
    }
    present.add(key);
  }
  for (const { seal, manifest } of byRun.values()) {
    for (const [key, entry] of manifest ?? []) {
      if (!models.has(entry.model) || present.has(key)) continue;
      fail(
        seal.line,
        `seal ${seal.sequence} (run ${seal.content.run.id}) lists ${entry.model}'s answer to prompt ${entry.prompt.slice(0, 12)}, sample ${entry.sample}, which the file lacks`,
      );
    }
  }
  return { chain: { count: seals.length, head: seals.at(-1)!.hash, hashes: seals.map((s) => s.hash) }, unsealed };
}
