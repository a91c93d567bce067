/** Splits a comma-separated value ("a,b , c") into trimmed, non-empty names. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
