import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UserError, errorMessage } from '../util/errors.js';
import {
  alpacaEvalRecordSchema,
  fromAlpacaEval,
  fromJsonl,
  jsonlRecordSchema,
  type ImportFormat,
  type TranscriptRecord,
} from './formats.js';

export interface Transcript {
  path: string;
  bytes: Buffer;
  records: TranscriptRecord[];
}

/**
 * Reads and parses a whole transcript file, or throws a UserError naming the file and the record
 * (1-based; for JSONL the line) — so a file with one bad record is rejected before anything is stored.
 */
export function readTranscript(path: string, format: ImportFormat, modelOverride?: string): Transcript {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(`${path}: cannot read file: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UserError(`${path}: file is empty`);
  const records = format === 'alpaca-eval' ? parseAlpacaEval(path, text, modelOverride) : parseJsonl(path, text, modelOverride);
  if (records.length === 0) throw new UserError(`${path}: holds no records`);
  return { path, bytes, records };
}

function parseAlpacaEval(path: string, text: string, modelOverride?: string): TranscriptRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${errorMessage(error)})`);
  }
  if (!Array.isArray(data)) throw new UserError(`${path}: expected a JSON array of {instruction, output, generator} records`);
  return data.map((raw, i) => convert(path, `record ${i + 1}`, raw, alpacaEvalRecordSchema, (r) => fromAlpacaEval(r, modelOverride), '{instruction, output, generator}'));
}

function parseJsonl(path: string, text: string, modelOverride?: string): TranscriptRecord[] {
  const records: TranscriptRecord[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${path}: ${where}: not valid JSON (${errorMessage(error)})`);
    }
    records.push(convert(path, where, raw, jsonlRecordSchema, (r) => fromJsonl(r, modelOverride), '{model, prompt|messages, response}'));
  });
  return records;
}

function convert<S extends z.ZodType>(
  path: string,
  where: string,
  raw: unknown,
  schema: S,
  toRecord: (parsed: z.infer<S>) => TranscriptRecord,
  shape: string,
): TranscriptRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${path}: ${where}: expected a JSON object ${shape}, found ${kindOf(raw)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UserError(`${path}: ${where}: ${describeIssue(parsed.error.issues[0]!, raw)}`);
  try {
    return toRecord(parsed.data);
  } catch (error) {
    throw new UserError(`${path}: ${where}: ${errorMessage(error)}`);
  }
}

/** What a JSON value is, as an error message says it: "a string", "an array", "null". */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A value quoted in an error message, cut short: the message stays one readable line. */
const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

/** One schema issue as "FIELD must be WHAT, found WHAT", reading the offending value from the input itself. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = issue.path.length > 0 ? `"${issue.path.map(String).join('.')}" ` : '';
  const found = issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], raw);
  if (issue.code === 'invalid_type') {
    if (found === undefined) return `${field}is missing`;
    if (issue.expected === 'int' && typeof found === 'number') return `${field}must be a whole number, found ${found}`;
    return `${field}must be ${EXPECTED[issue.expected] ?? issue.expected}, found ${kindOf(found)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `${field}must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}, found ${shown(found)}`;
  }
  if (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) return `${field}must not be empty`;
  if (issue.code === 'invalid_value') {
    return `${field}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${shown(found)}`;
  }
  return `${field}${issue.message}`;
}
