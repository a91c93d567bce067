import { z } from 'zod';
import { canonicalJson } from '../prompt/index.js';
import { sha256Hex } from '../util/hash.js';

/**
 * The canonical form and hash of a seal: a record, made when a run ends, of exactly which answers the
 * run stored, chained to the seal before it (a transparency log; git chains commits the same way):
 *
 *   seal hash = sha256(previous seal hash + "\n" + canonical JSON of the seal's content)
 *
 * The content names the run (its metadata as stored) and carries the sha256 of the run's manifest:
 * one line per usable answer, `["model", "prompt sha256", sample, "text sha256", "record sha256"]`,
 * sorted, where the record is everything else stored with the answer (answerRecordSha256). Editing,
 * removing or adding an answer, editing what was recorded with it, or editing a run, a seal or the
 * order of seals, changes a hash that `verify` recomputes. Seals of format 1, made before records were
 * sealed, have four fields a line. Pure: no store, no files, so an export can be checked with the same code.
 */

export const SEAL_FORMAT = 'llm-fingerprint-seal/2';
/** Seals made before answer records were sealed: their manifest lines have no record field. */
export const SEAL_FORMAT_V1 = 'llm-fingerprint-seal/1';

/** The format an export's end line names: the line that says the export was written to its end. */
export const EXPORT_FORMAT = 'llm-fingerprint-export/1';

/** The "previous hash" of the first seal in a store. */
export const GENESIS_HASH = '0'.repeat(64);

/** One sealed answer: who answered which prompt (by sha256), which sample, and the sha256 of the text. */
export interface SealedAnswer {
  model: string;
  prompt: string;
  sample: number;
  text: string;
  /** sha256 of the answer's record (answerRecordSha256); absent in a format-1 seal. */
  record?: string;
}

/**
 * What is stored with an answer besides its text, as a seal covers it: the category its file gave and
 * its prompt's, the probe that asked, and the request's details and outcome. JSON columns as values.
 */
export interface AnswerRecord {
  category: string | null;
  promptCategory: string;
  probe: string | null;
  /** The category of the probe that asked (scoring reads it for a live answer); null without a probe. */
  probeCategory: string | null;
  finishReason: string | null;
  reportedModel: string | null;
  request: unknown;
  usage: unknown;
  latencyMs: number | null;
  startedAt: string | null;
  createdAt: string;
}

/** The sha256 of an answer's record, in canonical JSON (key order and spacing do not matter). */
export const answerRecordSha256 = (record: AnswerRecord): string => sha256Hex(canonicalJson(record));

const sha256Pattern = /^[0-9a-f]{64}$/;

export const sealedRunSchema = z.strictObject({
  id: z.number().int(),
  kind: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  toolVersion: z.string(),
  batteryHash: z.string().nullable(),
  source: z.string().nullable(),
  sourceSha256: z.string().nullable(),
  /** sha256 of the run's stored configuration text. */
  configSha256: z.string(),
});
/** A run's metadata as a seal records it. */
export type SealedRun = z.infer<typeof sealedRunSchema>;

export const sealContentSchema = z.strictObject({
  format: z.enum([SEAL_FORMAT_V1, SEAL_FORMAT]),
  /** Position in the chain: 1 for a store's first seal. */
  sequence: z.number().int().min(1),
  run: sealedRunSchema,
  /** Usable answers (text present, no error) the run stored. */
  answers: z.number().int().min(0),
  manifestSha256: z.string().regex(sha256Pattern),
  sealedAt: z.string(),
  /**
   * First seal only: the runs that had already ended, unsealed, when the store sealed its first run
   * (written by a version without seals). Any other run that ended without a seal lost it.
   */
  legacyRuns: z.array(z.number().int()).optional(),
});
export type SealContent = z.infer<typeof sealContentSchema>;

/** A seal as it is stored and exported. */
export interface Seal {
  sequence: number;
  previousHash: string;
  hash: string;
  content: SealContent;
}

/** Canonical order of sealed answers: model name, prompt sha256, sample index (then text, for a total order). */
export function compareSealedAnswers(a: SealedAnswer, b: SealedAnswer): number {
  return cmp(a.model, b.model) || cmp(a.prompt, b.prompt) || a.sample - b.sample || cmp(a.text, b.text);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The key that names an answer slot across stores: model, prompt sha256, sample. */
export const answerKey = (a: { model: string; prompt: string; sample: number }): string => JSON.stringify([a.model, a.prompt, a.sample]);

/** The manifest text: one JSON line per answer, in canonical order. Its sha256 goes into the seal. */
export function manifestText(answers: readonly SealedAnswer[]): string {
  return [...answers]
    .sort(compareSealedAnswers)
    .map(
      (a) =>
        JSON.stringify(a.record === undefined ? [a.model, a.prompt, a.sample, a.text] : [a.model, a.prompt, a.sample, a.text, a.record]) +
        '\n',
    )
    .join('');
}

const sealedFields = [z.string(), z.string().regex(sha256Pattern), z.number().int().min(0), z.string().regex(sha256Pattern)] as const;
/** A manifest line: four fields (format 1), or five with the record's sha256 (format 2). */
export const manifestLineSchema = z.union([z.tuple([...sealedFields, z.string().regex(sha256Pattern)]), z.tuple(sealedFields)]);

/** Whether a manifest's lines have the shape its seal's format gives them: records in format 2 only. */
export const manifestFitsFormat = (format: SealContent['format'], manifest: readonly SealedAnswer[]): boolean =>
  manifest.every((a) => (a.record !== undefined) === (format === SEAL_FORMAT));

/** Reads a manifest back into answers; throws an Error naming the first bad line. */
export function parseManifest(text: string): SealedAnswer[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('the manifest does not end with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new Error(`manifest line ${i + 1} is not valid JSON`);
      }
      const parsed = manifestLineSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`manifest line ${i + 1} is not [model, prompt sha256, sample, text sha256, record sha256]`);
      const [model, prompt, sample, textSha, record] = parsed.data;
      return { model, prompt, sample, text: textSha, ...(record !== undefined ? { record } : {}) };
    });
}

/** The exact text a seal's hash covers (with the previous hash). */
export const canonicalSealContent = (content: SealContent): string => canonicalJson(content);

export const sealHash = (previousHash: string, contentText: string): string => sha256Hex(`${previousHash}\n${contentText}`);

/** Builds the next seal of a chain. */
export function makeSeal(
  previous: { hash: string; sequence: number } | null,
  fields: Omit<SealContent, 'format' | 'sequence' | 'answers' | 'manifestSha256'>,
  answers: ReadonlyArray<Required<SealedAnswer>>,
): { seal: Seal; contentText: string; manifest: string } {
  const manifest = manifestText(answers);
  const content: SealContent = {
    format: SEAL_FORMAT,
    sequence: (previous?.sequence ?? 0) + 1,
    answers: answers.length,
    manifestSha256: sha256Hex(manifest),
    ...fields,
  };
  const previousHash = previous?.hash ?? GENESIS_HASH;
  const contentText = canonicalSealContent(content);
  return { seal: { sequence: content.sequence, previousHash, hash: sealHash(previousHash, contentText), content }, contentText, manifest };
}

/** Parses a seal's stored content text; throws an Error saying what is wrong. */
export function parseSealContent(text: string): SealContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('its content is not valid JSON');
  }
  const parsed = sealContentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`its content is not a seal (${issue.path.join('.') || 'content'}: ${issue.message})`);
  }
  return parsed.data;
}

/** One stored or exported link of the chain, with the exact text its hash covers. */
export interface ChainLink {
  sequence: number;
  previousHash: string;
  hash: string;
  contentText: string;
}

/**
 * What is wrong with one link, given the link before it (null for the first): its place in the chain,
 * its pointer to the previous seal, and its own hash. An empty list when the link is sound.
 */
export function linkProblems(previous: { sequence: number; hash: string } | null, link: ChainLink): string[] {
  const problems: string[] = [];
  const expected = (previous?.sequence ?? 0) + 1;
  if (link.sequence !== expected) {
    problems.push(`the seal chain is broken: seal ${link.sequence} comes where seal ${expected} should (a seal was removed or reordered)`);
  } else if (link.previousHash !== (previous?.hash ?? GENESIS_HASH)) {
    problems.push(
      previous
        ? `the seal chain is broken at seal ${link.sequence}: it does not point to seal ${previous.sequence}'s hash`
        : `the seal chain is broken at seal 1: it does not start from the genesis hash`,
    );
  }
  if (sealHash(link.previousHash, link.contentText) !== link.hash) {
    problems.push(`seal ${link.sequence} was edited: its content does not match its hash`);
  }
  return problems;
}
