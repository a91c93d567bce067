import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError, errorMessage } from '../util/errors.js';
import { sha256Hex } from '../util/hash.js';
import { canonicalJson, canonicalMessages, type ChatMessage } from '../prompt/index.js';
import { batteryFileSchema, type BatteryFile, type ProbeEntry } from './schema.js';
import type { Battery, Probe, SamplingParams } from './types.js';
import { YamlLocator, type DataPath } from './yaml-locator.js';

/**
 * Parses and validates a battery from YAML text. Pure: `source` only names the text in errors and in
 * the result. Any problem throws a UserError whose message is one line: `source:line:col: what is wrong`.
 */
export function parseBattery(yamlText: string, source: string): Battery {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = new YamlLocator(doc, lineCounter);
  const fail = (line: number, col: number, message: string): never => {
    throw new UserError(`${source}:${line}:${col}: ${message}`);
  };

  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = locator.lineCol(syntaxError.pos[0]);
    const more = doc.errors.length > 1 ? ` (and ${plural(doc.errors.length - 1, 'more YAML error')})` : '';
    fail(line, col, `YAML syntax error: ${firstLine(syntaxError.message)}${more}`);
  }
  if (doc.contents === null) fail(1, 1, 'the file is empty; a battery needs name, version and probes');

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail(1, 1, `cannot read the YAML: ${firstLine(errorMessage(error))}`);
  }

  const parsed = batteryFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => describeIssue(issue, data, locator))
      .sort((a, b) => a.line - b.line || a.col - b.col);
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${plural(problems.length - 1, 'more problem')})` : '';
    fail(first.line, first.col, first.message + more);
  }
  const file = (parsed as { data: BatteryFile }).data;

  const probes = file.probes.map((entry, index) => resolveProbe(entry, file, index, locator, fail));
  checkUnique(probes, locator, fail);

  const battery: Battery = {
    name: file.name,
    version: file.version,
    hash: batteryHash(file.name, file.version, probes),
    source,
    probes,
  };
  if (file.description !== undefined) battery.description = file.description;
  return battery;
}

/**
 * The battery's identity: sha256 of the canonical JSON of its resolved content — name, version and
 * every probe's id, category, language, messages, params and samples, probes in id order. Because it
 * is computed after parsing and after defaults are applied, comments, quoting, key order, probe order
 * and moving a value into `defaults` leave it unchanged, while any change to what is sent to a model
 * (or how often) changes it. The description is documentation and is not part of the identity.
 */
export function batteryHash(name: string, version: string, probes: readonly Probe[]): string {
  const content = {
    name,
    version,
    probes: [...probes]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((p) => ({
        id: p.id,
        category: p.category,
        language: p.language,
        messages: p.messages.map((m) => ({ role: m.role, content: m.content })),
        params: p.params,
        samples: p.samples,
      })),
  };
  return sha256Hex(canonicalJson(content));
}

type Fail = (line: number, col: number, message: string) => never;

function resolveProbe(entry: ProbeEntry, file: BatteryFile, index: number, locator: YamlLocator, fail: Fail): Probe {
  const messages: ChatMessage[] = entry.messages?.map((m) => ({ role: m.role, content: m.content })) ?? [
    ...(entry.system !== undefined ? [{ role: 'system' as const, content: entry.system }] : []),
    { role: 'user' as const, content: entry.prompt! },
  ];
  const language = entry.language ?? file.defaults?.language;
  if (language === undefined) {
    const { line, col } = locator.value(['probes', index]);
    fail(line, col, `probe "${entry.id}": no language; set language on the probe or defaults.language`);
  }
  return {
    id: entry.id,
    category: entry.category,
    messages,
    params: mergeParams(file.defaults?.params, entry.params),
    samples: entry.samples ?? file.defaults?.samples ?? 1,
    language: language!,
  };
}

/** Probe params override the battery defaults key by key. */
function mergeParams(defaults: SamplingParams | undefined, own: SamplingParams | undefined): SamplingParams {
  const merged: SamplingParams = {};
  for (const source of [defaults, own]) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source) as Array<[keyof SamplingParams, unknown]>) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
    }
  }
  return merged;
}

/**
 * Probe ids must be unique, and so must their messages: responses are stored per prompt (by its
 * sha256), so two probes sending the same messages would share, and fight over, the same answers.
 */
function checkUnique(probes: readonly Probe[], locator: YamlLocator, fail: Fail): void {
  const byId = new Map<string, number>();
  const byPrompt = new Map<string, number>();
  probes.forEach((probe, index) => {
    const firstWithId = byId.get(probe.id);
    if (firstWithId !== undefined) {
      const { line, col } = locator.value(['probes', index, 'id']);
      fail(line, col, `duplicate probe id "${probe.id}" (first defined at line ${locator.value(['probes', firstWithId]).line})`);
    }
    byId.set(probe.id, index);
    const prompt = canonicalMessages(probe.messages);
    const firstWithPrompt = byPrompt.get(prompt);
    if (firstWithPrompt !== undefined) {
      const { line, col } = locator.value(['probes', index]);
      const other = probes[firstWithPrompt]!;
      fail(
        line,
        col,
        `probe "${probe.id}" sends the same messages as probe "${other.id}" (line ${locator.value(['probes', firstWithPrompt]).line}); responses are keyed by prompt, so every probe needs distinct messages`,
      );
    }
    byPrompt.set(prompt, index);
  });
}

interface Problem {
  line: number;
  col: number;
  message: string;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, locator: YamlLocator): Problem {
  const label = pathLabel(issue.path, data);
  const prefix = (path: DataPath) => {
    const l = pathLabel(path, data);
    return l ? `${l}: ` : '';
  };
  if (issue.code === 'unrecognized_keys') {
    const where = locator.key([...issue.path, issue.keys[0]!]);
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { ...where, message: `${prefix(issue.path)}unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}` };
  }
  const where = locator.value(issue.path);
  if (where.missingKey !== undefined && issue.path.length > 0 && String(issue.path[issue.path.length - 1]) === where.missingKey) {
    const parent = issue.path.slice(0, -1);
    return { line: where.line, col: where.col, message: `${prefix(parent)}missing required key "${where.missingKey}"` };
  }
  return { line: where.line, col: where.col, message: `${label ? `${label}: ` : ''}${issue.message}` };
}

/** `probe "greeting-en": params.temperature` inside a probe with a readable id, else `probes[3].params`. */
function pathLabel(path: DataPath, data: unknown): string {
  if (path.length === 0) return '';
  const segments = path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${String(s)}`));
  if (path[0] === 'probes' && typeof path[1] === 'number') {
    const id = probeIdAt(data, path[1]);
    if (id !== undefined) {
      const rest = segments.slice(2).join('').replace(/^\./, '');
      return rest ? `probe "${id}": ${rest}` : `probe "${id}"`;
    }
  }
  return segments.join('').replace(/^\./, '');
}

function probeIdAt(data: unknown, index: number): string | undefined {
  const probes = (data as { probes?: unknown } | null)?.probes;
  const probe = Array.isArray(probes) ? (probes[index] as { id?: unknown } | undefined) : undefined;
  return typeof probe?.id === 'string' && /^[\w.-]{1,80}$/.test(probe.id) ? probe.id : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
