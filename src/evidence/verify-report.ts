import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Store } from '../store/index.js';
import { UserError, errorMessage } from '../util/errors.js';
import { modelDigests } from './digest.js';
import { count } from '../util/numbers.js';
import type { Findings } from './verify-findings.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a JSON evidence report pins down about the store: each model's answers, and the seal chain's head. */
const anchorsSchema = z.object({
  digests: z.array(z.object({ model: z.string(), responses: z.number().int().min(0), sha256 })).min(1),
  seals: z.object({ head: sha256.nullable(), count: z.number().int().min(0) }).optional(),
});
export type ReportAnchors = z.infer<typeof anchorsSchema>;

/** A seal chain's head as `verify` prints it and a user may publish it: its position and hash. */
export interface SealHead {
  count: number;
  head: string;
}

/**
 * Reads a head given as SEQUENCE:HASH (as `verify` prints it): the anchor that makes the unkeyed chain
 * tamper-evident, since an edit followed by recomputing every later hash changes the head.
 */
export function parseSealHead(text: string): SealHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) {
    throw new UserError(`--head takes SEQUENCE:HASH as verify prints it (a seal's position, a colon, its 64-hex sha256), not "${text}"`);
  }
  return { count: Number(match[1]), head: match[2]! };
}

/** Reads the digests and seal head of a `report --format json` file; a file that is not one is a UserError. */
export function readReportAnchors(path: string): ReportAnchors {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read file: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not a JSON evidence report (write one with report --format json)`);
  }
  const parsed = anchorsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${path}: not a JSON evidence report: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The store against a report: every model's answers must give the report's digest, and the seal the
 * report names as the chain's head must be in the chain at its place (later seals may follow it) — or,
 * in a store rebuilt from an export, in the export's chain that an import run checked and recorded.
 */
export function checkAgainstReport(store: Store, anchors: ReportAnchors, findings: Findings): void {
  for (const expected of anchors.digests) {
    if (!store.models.find(expected.model)) {
      findings.problem({ kind: 'report', message: `model ${expected.model}, named in the report, is not in the store` });
      continue;
    }
    const [actual] = modelDigests(store, [expected.model]);
    if (actual!.sha256 !== expected.sha256) {
      findings.problem({
        kind: 'report',
        message:
          `model ${expected.model}: its answers do not match the report's digest ` +
          `(report: ${expected.responses} answers, ${expected.sha256.slice(0, 12)}; store: ${actual!.responses} answers, ${actual!.sha256.slice(0, 12)})`,
      });
    }
  }
  const head = anchors.seals;
  if (head && head.count > 0) {
    const hash = store.seals.hashAt(head.count);
    // A store rebuilt from an export has a chain of its own; its import run recorded the export's chain.
    const imported = store.runs.importedChains().find((c) => c.hashes[head.count - 1] === head.head);
    if (hash !== head.head && !imported) {
      findings.problem({
        kind: 'report',
        message:
          `the store's seal chain does not hold the ${anchors.digests.length > 0 ? "report's" : 'given'} head (seal ${head.count}, ${String(head.head).slice(0, 12)}): ` +
          (hash ? 'it holds another seal there' : `it has ${count(store.seals.count(), 'seal')}`),
      });
    }
  }
}
