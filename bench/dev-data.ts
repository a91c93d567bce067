import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

/** The shared data sets, read in place from ../shared (never copied into the project). */
export const SHARED_DIR = resolve(process.env.LLM_FINGERPRINT_SHARED_DIR ?? join(PACKAGE_ROOT, '..', 'shared'));

/** The AlpacaEval dev outputs (16 models); $ALPACA_DEV_DIR overrides. */
export const DEV_DIR = resolve(process.env.ALPACA_DEV_DIR ?? join(SHARED_DIR, 'alpaca-dev'));
/** The accuracy benchmark (44 models); $ALPACA_BENCH_DIR overrides. */
export const BENCH_DIR = resolve(process.env.ALPACA_BENCH_DIR ?? join(SHARED_DIR, 'alpaca-bench'));

export const datasetPresent = (dir: string): boolean => existsSync(join(dir, 'labels.json'));

export function requireDevData(dir = DEV_DIR): void {
  if (!datasetPresent(dir)) {
    console.error(`data not found at ${dir} (set ALPACA_DEV_DIR / ALPACA_BENCH_DIR or LLM_FINGERPRINT_SHARED_DIR)`);
    process.exit(1);
  }
}

/** The model output files of a data set folder, in name order. */
export function datasetFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'labels.json')
    .sort()
    .map((f) => join(dir, f));
}

export function datasetLabels(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
}

export const devFiles = (): string[] => datasetFiles(DEV_DIR);
export const devLabels = (): unknown => datasetLabels(DEV_DIR);

export interface DevRecord {
  instruction: string;
  output: string;
  generator: string;
}

export function readDevFile(path: string): DevRecord[] {
  return JSON.parse(readFileSync(path, 'utf8')) as DevRecord[];
}

export const peakRssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
export const seconds = (ms: number) => (ms / 1000).toFixed(2);
