export { runDemo, DEMO_DB, DEMO_SOURCE, DEMO_SUSPECT, demoReportPath } from './demo.js';
export type { DemoOptions, DemoResult } from './demo.js';
export { demoExplanation } from './explain.js';
