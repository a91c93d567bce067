import Table from 'cli-table3';

/** Numbers in terminal tables: fixed decimals, and a dash for "not defined". */
export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A terminal table; plain (no colour codes) when stdout is not a terminal, so logs and pipes stay readable. */
export function newTable(head: string[]): Table.Table {
  return new Table(process.stdout.isTTY ? { head } : { head, style: { head: [], border: [] } });
}
