import { createProvider, parseSpec, type ProviderContext } from '../providers/index.js';
import { UserError } from '../util/errors.js';
import type { RunModel } from './runner.js';

export interface ModelArguments {
  /** --model SPEC, each labelled from its spec. */
  specs?: readonly string[];
  /** --name LABEL=SPEC: a model with a label of its own (also adds it when not among the specs). */
  named?: readonly string[];
  /** --api-key-env NAME (every model that takes a key) or LABEL=NAME (that model only). */
  apiKeyEnv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const LABEL = /^[^\s=,][^=,]*$/;

function splitPair(value: string, flag: string, form: string): [string, string] {
  const eq = value.indexOf('=');
  const left = eq < 0 ? '' : value.slice(0, eq).trim();
  const right = eq < 0 ? '' : value.slice(eq + 1).trim();
  if (!left || !right) throw new UserError(`${flag} expects ${form}, got "${value}"`);
  return [left, right];
}

/** Turns the run's model flags into labelled providers; every problem is a one-line UserError. */
export function resolveModels(args: ModelArguments): RunModel[] {
  const wanted = new Map<string, string>(); // spec → label
  for (const raw of args.named ?? []) {
    const [label, spec] = splitPair(raw, '--name', 'LABEL=SPEC');
    if (!LABEL.test(label)) throw new UserError(`--name: "${label}" is not a usable label (no "=", "," or leading space)`);
    if (wanted.has(spec) && wanted.get(spec) !== label) throw new UserError(`--name gives ${spec} two labels`);
    parseSpec(spec);
    wanted.set(spec, label);
  }
  for (const spec of args.specs ?? []) if (!wanted.has(spec)) wanted.set(spec, parseSpec(spec).defaultLabel);

  let keyForAll: string | undefined;
  const keyFor = new Map<string, string>();
  for (const raw of args.apiKeyEnv ?? []) {
    if (raw.includes('=')) {
      const [label, name] = splitPair(raw, '--api-key-env', 'NAME or LABEL=NAME');
      keyFor.set(label, name);
    } else {
      keyForAll = raw.trim();
    }
  }
  const labels = new Set(wanted.values());
  for (const label of keyFor.keys()) {
    if (!labels.has(label)) throw new UserError(`--api-key-env names model "${label}", which is not in this run`);
  }

  const context = (label: string): ProviderContext => {
    const apiKeyEnv = keyFor.get(label) ?? keyForAll;
    return { ...(apiKeyEnv ? { apiKeyEnv } : {}), ...(args.env ? { env: args.env } : {}), ...(args.cwd ? { cwd: args.cwd } : {}) };
  };
  return [...wanted].map(([spec, label]) => ({ label, provider: createProvider(spec, context(label)) }));
}
