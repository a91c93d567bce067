import { UserError } from '../util/errors.js';

/** Where a provider's key comes from: a variable name, never the value, is what gets recorded. */
export interface KeySource {
  /** Variable to read; overrides the provider's default (OPENAI_API_KEY, ANTHROPIC_API_KEY). */
  apiKeyEnv?: string;
  env?: NodeJS.ProcessEnv;
}

export function readKey(defaultVar: string | null, source: KeySource, required: boolean, spec: string): string | undefined {
  const name = source.apiKeyEnv ?? defaultVar;
  if (!name) return undefined;
  const value = (source.env ?? process.env)[name];
  if (value && value.trim() !== '') return value.trim();
  if (required)
    throw new UserError(`${spec} needs an API key: set ${name} in the environment (or pick another variable with --api-key-env)`);
  return undefined;
}

/** Replaces every occurrence of the given secrets (and bearer tokens) in a message that will be stored or printed. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]');
}

const SECRET_QUERY = /key|token|secret|password|auth|sig/i;

/** A base URL safe to record: no user:password, no key-like query parameters. */
export function publicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (SECRET_QUERY.test(name)) url.searchParams.set(name, 'redacted');
  return url.toString().replace(/\/$/, '');
}

/** Cuts a message to one line of reasonable length for storage and display. */
export function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
