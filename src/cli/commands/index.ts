import type { Command } from 'commander';
import { registerModels } from './models.js';

/** Every CLI command registers itself here; each lives in its own file beside this one. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerModels];
