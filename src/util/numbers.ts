/**
 * How numbers are written, in terminal tables and in reports alike: fixed decimals, small p-values in
 * scientific notation, and a dash where a value is not defined.
 */
export const NOT_DEFINED = '–';

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NOT_DEFINED : value.toFixed(digits);
}

export function interval(ci: readonly [number, number] | null | undefined, digits = 2): string {
  return ci ? `${fixed(ci[0], digits)} to ${fixed(ci[1], digits)}` : NOT_DEFINED;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NOT_DEFINED;
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/** "1 probe", "3 probes". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
