export { verifyStore } from './verify.js';
export type { IntegrityReport, IntegrityProblem, IntegrityWarning, AnswerRef } from './verify.js';
export { parseSealHead, readReportAnchors, type ReportAnchors, type SealHead } from './verify-report.js';
export { modelDigests, digestOf } from './digest.js';
export type { ModelDigest } from './digest.js';
export { exportAnswers, exportSeals, exportStore } from './export.js';
export type { ExportedAnswer, ExportedEnd, ExportedSeal, ExportLine, ExportOptions } from './export.js';
