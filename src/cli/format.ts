import Table from 'cli-table3';
import type { CalibrationRef } from '../analysis/index.js';
import { VERDICT_RULE, type VerdictRule } from '../score/index.js';
import { fixed } from '../util/numbers.js';

/** Numbers in terminal tables are written as in reports: one formatter for both. */
export { count, fixed, interval, pValue } from '../util/numbers.js';

/** A terminal table; plain (no colour codes) when stdout is not a terminal, so logs and pipes stay readable. */
export function newTable(head: string[], options: { compact?: boolean } = {}): Table.Table {
  const compact = options.compact ?? false;
  return new Table({ head, style: process.stdout.isTTY ? { compact } : { compact, head: [], border: [] } });
}

/** The line naming the calibration file a verdict used (the JSON carries it as `calibration`); null: the defaults. */
export function calibrationLine(calibration: CalibrationRef | null, rule: VerdictRule): string | null {
  if (!calibration) return null;
  return (
    `thresholds from calibration ${calibration.file} (sha256 ${calibration.sha256}): derived needs a score of at least ` +
    `${fixed(rule.derivedMinScore)} and an interval from ${fixed(rule.derivedMinLower)} up ` +
    `(by default ${fixed(VERDICT_RULE.derivedMinScore)} and ${fixed(VERDICT_RULE.derivedMinLower)})`
  );
}
