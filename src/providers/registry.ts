import { basename, extname } from 'node:path';
import { UserError } from '../util/errors.js';
import { AnthropicProvider } from './anthropic.js';
import { ExecProvider } from './exec.js';
import { EXAMPLE_NAMES, ExampleProvider, type ExampleName } from './example.js';
import { OpenAIChatProvider } from './openai.js';
import { ReplayProvider } from './replay.js';
import { publicUrl, readKey, type KeySource } from './secrets.js';
import type { Provider, ProviderKind } from './types.js';

/** What a provider may need from its surroundings; all optional, defaults come from process.env. */
export interface ProviderContext extends KeySource {
  /** Working directory for exec: programs and relative replay: files. */
  cwd?: string;
}

interface ProviderFactory {
  kind: ProviderKind;
  form: string;
  /** Checks the part after the prefix; returns the secrets-free id and the default label. */
  parse(rest: string, spec: string): { id: string; label: string };
  create(rest: string, id: string, context: ProviderContext): Provider;
}

const env = (context: ProviderContext) => context.env ?? process.env;
const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

function splitUrlModel(rest: string, spec: string): { url: string; model: string } {
  const hash = rest.lastIndexOf('#');
  const url = hash < 0 ? '' : rest.slice(0, hash);
  const model = hash < 0 ? '' : rest.slice(hash + 1);
  if (!url || !model) throw malformedSpec(spec, 'expected openai-compatible:<base-url>#<model>');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw malformedSpec(spec, `"${publicUrl(url)}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw malformedSpec(spec, 'the base URL must be http or https');
  return { url, model };
}

/** "node data/examples/terse.mjs --x" → "terse": the last argument that is not a flag, without its extension. */
function execLabel(command: string): string {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => !w.startsWith('-'));
  const last = words[words.length - 1] ?? 'exec';
  const name = basename(last.replace(/^['"]|['"]$/g, ''));
  return name.slice(0, name.length - extname(name).length) || name || 'exec';
}

const FACTORIES: ReadonlyMap<string, ProviderFactory> = new Map<string, ProviderFactory>([
  [
    'openai',
    {
      kind: 'openai',
      form: 'openai:<model>',
      parse: (model, spec) => ({ id: spec, label: model }),
      create: (model, id, context) =>
        new OpenAIChatProvider({
          id,
          kind: 'openai',
          model,
          apiKey: readKey('OPENAI_API_KEY', context, true, id),
          baseURL: nonEmpty(env(context).OPENAI_BASE_URL),
          maxTokensField: 'max_completion_tokens',
        }),
    },
  ],
  [
    'anthropic',
    {
      kind: 'anthropic',
      form: 'anthropic:<model>',
      parse: (model, spec) => ({ id: spec, label: model }),
      create: (model, id, context) =>
        new AnthropicProvider({
          id,
          model,
          apiKey: readKey('ANTHROPIC_API_KEY', context, true, id)!,
          baseURL: nonEmpty(env(context).ANTHROPIC_BASE_URL),
        }),
    },
  ],
  [
    'openai-compatible',
    {
      kind: 'openai-compatible',
      form: 'openai-compatible:<base-url>#<model>',
      parse: (rest, spec) => {
        const { url, model } = splitUrlModel(rest, spec);
        return { id: `openai-compatible:${publicUrl(url)}#${model}`, label: model };
      },
      create: (rest, id, context) => {
        const { url, model } = splitUrlModel(rest, rest);
        // Local servers need no key; a hosted one (OpenRouter, DeepSeek…) reads it from --api-key-env.
        const apiKey = context.apiKeyEnv ? readKey(null, context, true, id) : undefined;
        return new OpenAIChatProvider({ id, kind: 'openai-compatible', model, baseURL: url, apiKey, maxTokensField: 'max_tokens' });
      },
    },
  ],
  [
    'ollama',
    {
      kind: 'ollama',
      form: 'ollama:<model>',
      parse: (model, spec) => ({ id: spec, label: model }),
      create: (model, id, context) => {
        const host = nonEmpty(env(context).OLLAMA_HOST) ?? 'http://127.0.0.1:11434';
        const base = (/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/+$/, '');
        return new OpenAIChatProvider({ id, kind: 'ollama', model, baseURL: `${base}/v1`, maxTokensField: 'max_tokens' });
      },
    },
  ],
  [
    'exec',
    {
      kind: 'exec',
      form: 'exec:<command>',
      parse: (command, spec) => ({ id: spec, label: execLabel(command) }),
      create: (command, id, context) => new ExecProvider({ id, command, ...(context.cwd ? { cwd: context.cwd } : {}) }),
    },
  ],
  [
    'replay',
    {
      kind: 'replay',
      form: 'replay:<file>[#<model>]',
      parse: (rest, spec) => {
        const { file, model } = splitReplay(rest);
        const name = basename(file);
        return { id: spec, label: model ?? (name.slice(0, name.length - extname(name).length) || name) };
      },
      create: (rest, id, context) => {
        const { file, model } = splitReplay(rest);
        const path = context.cwd && !file.startsWith('/') ? `${context.cwd}/${file}` : file;
        return new ReplayProvider({ id, file: path, ...(model ? { model } : {}) });
      },
    },
  ],
  [
    'example',
    {
      kind: 'example',
      form: 'example:<name>',
      parse: (name, spec) => {
        if (!(EXAMPLE_NAMES as readonly string[]).includes(name))
          throw malformedSpec(spec, `no example model "${name}" (there are ${EXAMPLE_NAMES.join(', ')})`);
        return { id: spec, label: name };
      },
      create: (name, id) => new ExampleProvider({ id, name: name as ExampleName }),
    },
  ],
]);

function splitReplay(rest: string): { file: string; model?: string } {
  const hash = rest.lastIndexOf('#');
  if (hash < 0) return { file: rest };
  return { file: rest.slice(0, hash), model: rest.slice(hash + 1) };
}

export const VALID_SPEC_FORMS: readonly string[] = [...FACTORIES.values()].map((f) => f.form);

function malformedSpec(spec: string, why: string): UserError {
  return new UserError(`bad model spec "${describe(spec)}": ${why}; valid forms: ${VALID_SPEC_FORMS.join(', ')}`);
}

/** A spec shown in an error: a URL in it loses any credentials. */
function describe(spec: string): string {
  return spec.replace(/https?:\/\/[^\s#]+/g, (url) => publicUrl(url));
}

export interface ParsedSpec {
  kind: ProviderKind;
  /** The spec without secrets: what gets stored and printed. */
  id: string;
  /** The name a model gets when --name does not give one. */
  defaultLabel: string;
  rest: string;
}

export function parseSpec(spec: string): ParsedSpec {
  const colon = spec.indexOf(':');
  const prefix = colon < 0 ? '' : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1).trim();
  const factory = FACTORIES.get(prefix);
  if (!factory) throw malformedSpec(spec, colon < 0 ? 'no provider prefix' : `unknown provider "${prefix}"`);
  if (!rest) throw malformedSpec(spec, `nothing after "${prefix}:"`);
  const { id, label } = factory.parse(rest, spec.trim());
  return { kind: factory.kind, id, defaultLabel: label, rest };
}

/** Builds the provider for a spec; throws a one-line UserError for a bad spec or a missing key. */
export function createProvider(spec: string, context: ProviderContext = {}): Provider {
  const parsed = parseSpec(spec);
  return FACTORIES.get(spec.slice(0, spec.indexOf(':')))!.create(parsed.rest, parsed.id, context);
}
