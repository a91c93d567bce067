export { verifyStore } from './verify.js';
export type { IntegrityReport, IntegrityProblem } from './verify.js';
export { modelDigests } from './digest.js';
export type { ModelDigest } from './digest.js';
