import { UserError } from '../util/errors.js';

/** A numeric flag's value, checked: undefined when absent, a one-line UserError when it is not what it must be. */
export function optionalNumber(
  value: string | undefined,
  flag: string,
  rule: { integer?: boolean; min?: number; max?: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const kind = rule.integer ? 'a whole number' : 'a number';
  const range = rule.max !== undefined ? ` between ${rule.min} and ${rule.max}` : rule.min !== undefined ? ` of at least ${rule.min}` : '';
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    (rule.integer && !Number.isInteger(n)) ||
    (rule.min !== undefined && n < rule.min) ||
    (rule.max !== undefined && n > rule.max)
  ) {
    throw new UserError(`${flag} must be ${kind}${range}, got "${value}"`);
  }
  return n;
}

/** Collects a repeatable option's values. */
export const collectValues = (value: string, previous: string[] = []): string[] => [...previous, value];
