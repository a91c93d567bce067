import Table from 'cli-table3';

/** Numbers in terminal tables: fixed decimals, and a dash for "not defined". */
export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

export function interval(ci: readonly [number, number] | null | undefined, digits = 2): string {
  return ci ? `${fixed(ci[0], digits)} … ${fixed(ci[1], digits)}` : '–';
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** A terminal table; plain (no colour codes) when stdout is not a terminal, so logs and pipes stay readable. */
export function newTable(head: string[], options: { compact?: boolean } = {}): Table.Table {
  const compact = options.compact ?? false;
  return new Table({ head, style: process.stdout.isTTY ? { compact } : { compact, head: [], border: [] } });
}
