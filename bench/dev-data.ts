import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

/** The AlpacaEval dev outputs, read in place from ../shared (or $ALPACA_DEV_DIR); never copied. */
export const DEV_DIR = resolve(process.env.ALPACA_DEV_DIR ?? join(PACKAGE_ROOT, '..', 'shared', 'alpaca-dev'));

export function requireDevData(): void {
  if (!existsSync(join(DEV_DIR, 'labels.json'))) {
    console.error(`dev data not found at ${DEV_DIR} (set ALPACA_DEV_DIR)`);
    process.exit(1);
  }
}

export function devFiles(): string[] {
  return readdirSync(DEV_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'labels.json')
    .sort()
    .map((f) => join(DEV_DIR, f));
}

export function devLabels(): unknown {
  return JSON.parse(readFileSync(join(DEV_DIR, 'labels.json'), 'utf8'));
}

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
