import type { Command } from 'commander';
import { registerModels } from './models.js';
import { registerImport } from './import.js';
import { registerCompare } from './compare.js';
import { registerRank } from './rank.js';
import { registerMatrix } from './matrix.js';
import { registerVerify } from './verify.js';
import { registerReport } from './report.js';
import { registerExport } from './export.js';
import { registerProbes } from './probes.js';
import { registerEmbedders } from './embedders.js';
import { registerRun } from './run.js';
import { registerDemo } from './demo.js';
import { registerCalibrate } from './calibrate.js';
import { registerClaims } from './claims.js';

/** Every CLI command registers itself here; each lives in its own file beside this one. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerImport,
  registerModels,
  registerCompare,
  registerRank,
  registerMatrix,
  registerCalibrate,
  registerReport,
  registerExport,
  registerVerify,
  registerProbes,
  registerRun,
  registerDemo,
  registerEmbedders,
  registerClaims,
];
