import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../providers/index.js';

/**
 * The deterministic example models shipped in data/examples/, answering in-process (`example:<name>`);
 * `exec:node data/examples/<name>.mjs` runs the same model as a program and gives the same answers.
 */
export const EXAMPLE_MODELS: ReadonlyArray<{ label: string; spec: string; about: string }> = [
  { label: 'orion', spec: 'example:orion', about: 'calls itself Orion, by Acme: a markdown-heavy assistant' },
  { label: 'student', spec: 'example:student', about: "calls itself Nova, by Stellar Labs: trained on orion's answers, with variations" },
  { label: 'terse', spec: 'example:terse', about: 'calls itself Flint: as few words as possible' },
  { label: 'plain', spec: 'example:plain', about: 'calls itself Sage: plain polite prose' },
  { label: 'atlas', spec: 'example:atlas', about: 'calls itself Atlas: numbered lists, signs its answers' },
];

/** The folder holding the example models. */
export const EXAMPLES_ROOT = EXAMPLES_DIR;

export function examplesPresent(): boolean {
  return ['engine.mjs', 'personas.mjs'].every((file) => existsSync(join(EXAMPLES_DIR, 'lib', file)));
}
