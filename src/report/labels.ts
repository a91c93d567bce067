import { readFileSync } from 'node:fs';
import { pairLabelsSchema, type PairLabels } from '../score/index.js';
import { UserError, errorMessage } from '../util/errors.js';

/** Reads a pair-labels file (the format of alpaca-dev's labels.json); a bad one is a one-line UserError. */
export function readPairLabels(path: string): PairLabels {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code ? `cannot read file: ${code}` : `not JSON: ${errorMessage(error)}`}`);
  }
  const parsed = pairLabelsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${path}: not a pair-labels file: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}
