import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-info.js';

/** The deterministic example models shipped in data/examples/, run through `exec:` from the package root. */
export const EXAMPLE_MODELS: ReadonlyArray<{ label: string; spec: string; about: string }> = [
  { label: 'orion', spec: 'exec:node data/examples/orion.mjs', about: 'Orion by Acme: markdown-heavy assistant' },
  { label: 'student', spec: 'exec:node data/examples/student.mjs', about: "trained on Orion's answers, with variations" },
  { label: 'terse', spec: 'exec:node data/examples/terse.mjs', about: 'Flint: as few words as possible' },
  { label: 'plain', spec: 'exec:node data/examples/plain.mjs', about: 'Sage: plain polite prose' },
  { label: 'atlas', spec: 'exec:node data/examples/atlas.mjs', about: 'Atlas: numbered lists, signs its answers' },
];

/** The example models' specs are relative to this directory. */
export const EXAMPLES_ROOT = PACKAGE_ROOT;

export function examplesPresent(): boolean {
  return EXAMPLE_MODELS.every((m) => existsSync(join(EXAMPLES_ROOT, m.spec.replace(/^exec:node /, ''))));
}
