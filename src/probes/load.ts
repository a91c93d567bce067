import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, errorMessage } from '../util/errors.js';
import { PACKAGE_ROOT } from '../util/package-info.js';
import { parseBattery } from './parse.js';
import type { Battery } from './types.js';

/** Where the batteries shipped with the package live. */
export const BUILTIN_BATTERY_DIR = join(PACKAGE_ROOT, 'probes');

const BATTERY_NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const MAX_BATTERY_BYTES = 10 * 1024 * 1024;

/**
 * Loads a battery by built-in name (`default` → probes/default.yaml in the package) or by path.
 * Anything containing a path separator or ending in .yaml/.yml is a path; anything else is a name.
 */
export function loadBattery(nameOrPath: string): Battery {
  if (isPathLike(nameOrPath)) return loadBatteryFile(nameOrPath);
  if (!BATTERY_NAME.test(nameOrPath)) {
    throw new UserError(`"${nameOrPath}" is neither a battery name nor a path to a .yaml file`);
  }
  const builtin = listBuiltinBatteries();
  if (!builtin.includes(nameOrPath)) {
    throw new UserError(
      `no built-in battery named "${nameOrPath}" (built-in: ${builtin.join(', ') || 'none'}); give a path to a .yaml file for your own`,
    );
  }
  return loadBatteryFile(join(BUILTIN_BATTERY_DIR, `${nameOrPath}.yaml`));
}

/** Reads and validates one battery file; `path` is also how errors name it. */
export function loadBatteryFile(path: string): Battery {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError(`battery ${path} is not a file`);
    if (stat.size > MAX_BATTERY_BYTES) throw new UserError(`battery ${path} is larger than 10 MB; that is not a probe battery`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`battery file ${path} does not exist`);
    throw new UserError(`cannot read battery ${path}: ${errorMessage(error)}`);
  }
  return parseBattery(text, path);
}

/** Names of the batteries shipped in the package's probes/ folder. */
export function listBuiltinBatteries(): string[] {
  try {
    return readdirSync(BUILTIN_BATTERY_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}

function isPathLike(value: string): boolean {
  return value.includes('/') || value.includes('\\') || /\.ya?ml$/i.test(value);
}
