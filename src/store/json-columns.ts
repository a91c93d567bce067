import { UserError } from '../util/errors.js';

/**
 * JSON held in a text column (prompt messages, probe params, run config, request, usage). Every read
 * of such a column goes through here, so a damaged or tampered value is one clear error naming the
 * row, never a SyntaxError from deep inside a report.
 */
export function parseJsonColumn(text: string | null, where: string): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DamagedRowError(`${where} is not valid JSON`);
  }
}

/** A stored row that cannot be read as what it should be: the database was damaged or edited by hand. */
export class DamagedRowError extends UserError {
  override name = 'DamagedRowError';
  constructor(
    /** What is wrong, without the advice: verify lists it as it is. */
    readonly problem: string,
  ) {
    super(`the database holds a damaged row: ${problem} (run llm-fingerprint verify)`);
  }
}

/** Serialises a value for a JSON column; null and undefined are stored as SQL NULL. */
export const jsonColumn = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
