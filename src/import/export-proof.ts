import { z } from 'zod';
import { promptSha256, type ChatMessage } from '../prompt/index.js';
import { answerKey, canonicalSealContent, linkProblems, manifestText, sealContentSchema, type SealedAnswer } from '../seal/index.js';
import { sha256Hex } from '../util/hash.js';
import { UserError } from '../util/errors.js';

/**
 * The proof an `export` file carries, checked before anything is imported: every answer line against
 * its own sha256 (and its prompt's), the seal lines as a chain, and the answers against the manifests
 * of their runs' seals. A plain transcript (no hashes, no seals) has nothing to check.
 */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 (64 hex digits)');

/** A `{"seal": {...}}` line of an export. */
export const sealLineSchema = z.strictObject({
  seal: z.strictObject({
    sequence: z.number().int().min(1),
    previous_hash: sha256,
    hash: sha256,
    content: sealContentSchema,
    manifest: z.array(z.tuple([z.string(), sha256, z.number().int().min(0), sha256])).nullable(),
  }),
});
export type SealLine = z.infer<typeof sealLineSchema>['seal'] & { line: number };

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
  /** Set by `export --allow-mismatch` on an answer it knew to be altered. */
  mismatch?: string;
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
 * The seal lines as a chain (each pointing to the one before, each matching its hash, each manifest
 * matching the sha256 in its seal), then the answer lines against the manifests: an answer of a sealed
 * run must be the one sealed, and every sealed answer of a model the file holds must be in the file.
 * Returns the chain, or undefined for a file without seals.
 */
export function checkExportSeals(path: string, answers: readonly AnswerLine[], seals: readonly SealLine[]): VerifiedChain | undefined {
  if (seals.length === 0) return undefined;
  const fail = (line: number, message: string): never => {
    throw new UserError(`${path}: line ${line}: ${message}`);
  };

  let previous: { sequence: number; hash: string } | null = null;
  const byRun = new Map<number, { seal: SealLine; manifest: Map<string, SealedAnswer> | null }>();
  for (const seal of seals) {
    const contentText = canonicalSealContent(seal.content);
    const link = { sequence: seal.sequence, previousHash: seal.previous_hash, hash: seal.hash, contentText };
    const [problem] = linkProblems(previous, link);
    if (problem) fail(seal.line, problem);
    if (seal.content.sequence !== seal.sequence)
      fail(seal.line, `seal ${seal.sequence}: its content says it is seal ${seal.content.sequence}`);
    let manifest: Map<string, SealedAnswer> | null = null;
    if (seal.manifest !== null) {
      const entries = seal.manifest.map(([model, prompt, sample, text]) => ({ model, prompt, sample, text }));
      if (sha256Hex(manifestText(entries)) !== seal.content.manifestSha256 || entries.length !== seal.content.answers) {
        fail(seal.line, `seal ${seal.sequence}: its manifest does not match the sha256 in the seal`);
      }
      manifest = new Map(entries.map((e) => [answerKey(e), e]));
    }
    if (byRun.has(seal.content.run.id)) fail(seal.line, `seal ${seal.sequence}: run ${seal.content.run.id} is sealed twice`);
    byRun.set(seal.content.run.id, { seal, manifest });
    previous = { sequence: seal.sequence, hash: seal.hash };
  }

  const present = new Set<string>();
  const models = new Set<string>();
  for (const a of answers) {
    models.add(a.model);
    if (a.runId === undefined) continue;
    const sealed = byRun.get(a.runId);
    if (!sealed) continue; // a run the original store never sealed (written before seals existed)
    const where = `this answer of run ${a.runId}`;
    if (sealed.manifest === null) fail(a.line, `${where}: the seal of its run (seal ${sealed.seal.sequence}) carries no manifest`);
    if (a.sample === undefined) fail(a.line, `${where} has no "sample": it cannot be checked against seal ${sealed.seal.sequence}`);
    const key = answerKey({ model: a.model, prompt: a.promptSha256 ?? promptSha256(a.messages), sample: a.sample! });
    const entry = sealed.manifest!.get(key);
    if (!entry) fail(a.line, `${where} is not in its seal (seal ${sealed.seal.sequence}): it was added after sealing`);
    if (entry!.text !== sha256Hex(a.response)) fail(a.line, `${where} differs from the one sealed in seal ${sealed.seal.sequence}`);
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
  return { count: seals.length, head: seals.at(-1)!.hash, hashes: seals.map((s) => s.hash) };
}
