import type { Command } from 'commander';
import { COMMAND_SUMMARIES, type CommandName } from './summaries.js';

/**
 * Every CLI command, each in its own file beside this one, loaded only when it runs: start-up reads
 * this list, not the modules behind the commands (the store, the scorer, the charts…).
 */
export const COMMANDS: ReadonlyArray<{ name: CommandName; load: () => Promise<(program: Command) => void> }> = [
  { name: 'import', load: async () => (await import('./import.js')).registerImport },
  { name: 'models', load: async () => (await import('./models.js')).registerModels },
  { name: 'compare', load: async () => (await import('./compare.js')).registerCompare },
  { name: 'rank', load: async () => (await import('./rank.js')).registerRank },
  { name: 'matrix', load: async () => (await import('./matrix.js')).registerMatrix },
  { name: 'calibrate', load: async () => (await import('./calibrate.js')).registerCalibrate },
  { name: 'report', load: async () => (await import('./report.js')).registerReport },
  { name: 'export', load: async () => (await import('./export.js')).registerExport },
  { name: 'verify', load: async () => (await import('./verify.js')).registerVerify },
  { name: 'claims', load: async () => (await import('./claims.js')).registerClaims },
  { name: 'probes', load: async () => (await import('./probes.js')).registerProbes },
  { name: 'run', load: async () => (await import('./run.js')).registerRun },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemo },
  { name: 'embedders', load: async () => (await import('./embedders.js')).registerEmbedders },
];

export { COMMAND_SUMMARIES };
