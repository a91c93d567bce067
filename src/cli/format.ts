import Table from 'cli-table3';

/** Numbers in terminal tables are written as in reports: one formatter for both. */
export { fixed, interval, pValue } from '../util/numbers.js';

/** A terminal table; plain (no colour codes) when stdout is not a terminal, so logs and pipes stay readable. */
export function newTable(head: string[], options: { compact?: boolean } = {}): Table.Table {
  const compact = options.compact ?? false;
  return new Table({ head, style: process.stdout.isTTY ? { compact } : { compact, head: [], border: [] } });
}
