import { describe, expect, it } from 'vitest';
import { fisherExact, hypergeometricLogPmf, logFactorial, type TwoByTwo } from '../src/score/fisher.js';

/** Brute force: enumerate every table with the observed margins, probabilities from plain binomials. */
function bruteForce(table: TwoByTwo, alternative: 'greater' | 'less' | 'two-sided'): number {
  const [[a, b], [c, d]] = table;
  const choose = (n: number, k: number): number => {
    let r = 1;
    for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
  };
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const p = (x: number) => (choose(col1, x) * choose(n - col1, row1 - x)) / choose(n, row1);
  const xs: number[] = [];
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x++) xs.push(x);
  if (alternative === 'greater') return xs.filter((x) => x >= a).reduce((s, x) => s + p(x), 0);
  if (alternative === 'less') return xs.filter((x) => x <= a).reduce((s, x) => s + p(x), 0);
  return xs.filter((x) => p(x) <= p(a) * (1 + 1e-7)).reduce((s, x) => s + p(x), 0);
}

describe('Fisher exact test', () => {
  it("gives the lady tasting tea's one-sided p = 0.2429", () => {
    expect(
      fisherExact(
        [
          [3, 1],
          [1, 3],
        ],
        'greater',
      ),
    ).toBeCloseTo(17 / 70, 10);
    expect(
      fisherExact(
        [
          [3, 1],
          [1, 3],
        ],
        'greater',
      ).toFixed(4),
    ).toBe('0.2429');
    expect(
      fisherExact(
        [
          [4, 0],
          [0, 4],
        ],
        'greater',
      ),
    ).toBeCloseTo(1 / 70, 12);
  });

  it('matches known two-sided values (R: fisher.test)', () => {
    expect(
      fisherExact(
        [
          [3, 1],
          [1, 3],
        ],
        'two-sided',
      ),
    ).toBeCloseTo(0.4857143, 6);
    // R: fisher.test(matrix(c(1, 11, 9, 3), 2))$p.value (rows 1,9 / 11,3)
    expect(
      fisherExact(
        [
          [1, 9],
          [11, 3],
        ],
        'two-sided',
      ),
    ).toBeCloseTo(0.002759456, 8);
  });

  it('agrees with a brute-force sum over tables with the same margins', () => {
    const tables: TwoByTwo[] = [
      [
        [3, 1],
        [1, 3],
      ],
      [
        [0, 5],
        [5, 0],
      ],
      [
        [7, 2],
        [3, 12],
      ],
      [
        [12, 38],
        [4, 96],
      ],
      [
        [1, 0],
        [0, 0],
      ],
      [
        [20, 30],
        [25, 25],
      ],
    ];
    for (const table of tables) {
      for (const alternative of ['greater', 'less', 'two-sided'] as const) {
        expect(fisherExact(table, alternative)).toBeCloseTo(Math.min(1, bruteForce(table, alternative)), 10);
      }
    }
  });

  it('stays exact and finite for large tables (log space)', () => {
    const p = fisherExact(
      [
        [300, 700],
        [100, 3900],
      ],
      'greater',
    );
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-100);
    expect(
      fisherExact(
        [
          [250, 750],
          [1000, 3000],
        ],
        'greater',
      ),
    ).toBeGreaterThan(0.4);
  });

  it('returns 1 when a margin is empty and rejects bad counts', () => {
    expect(
      fisherExact(
        [
          [0, 0],
          [3, 4],
        ],
        'greater',
      ),
    ).toBe(1);
    expect(
      fisherExact(
        [
          [0, 5],
          [0, 7],
        ],
        'greater',
      ),
    ).toBe(1);
    expect(() =>
      fisherExact([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fisherExact([
        [-1, 2],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });

  it('has log factorials and a hypergeometric pmf that sums to one', () => {
    expect(logFactorial(0)).toBe(0);
    expect(Math.exp(logFactorial(10))).toBeCloseTo(3628800, 4);
    let sum = 0;
    for (let x = 0; x <= 5; x++) sum += Math.exp(hypergeometricLogPmf(x, 20, 8, 5));
    expect(sum).toBeCloseTo(1, 12);
    expect(hypergeometricLogPmf(6, 20, 8, 5)).toBe(-Infinity);
  });
});
