/** Dot product, unrolled four ways: this is the scorer's inner loop (models² × probes calls). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length - (a.length % 4);
  let i = 0;
  for (; i < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < a.length; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** Scales v to unit length in place; returns false (and leaves v) when it has no direction. */
export function normalizeInPlace(v: Float32Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-12)) return false;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return true;
}

export function addInto(target: Float32Array, v: Float32Array, scale = 1): void {
  for (let i = 0; i < target.length; i++) target[i]! += v[i]! * scale;
}

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}
