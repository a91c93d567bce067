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
  return data.map((raw, i) => convert(path, `record ${i + 1}`, raw, alpacaEvalRecordSchema, (r) => fromAlpacaEval(r, modelOverride)));
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
    records.push(convert(path, where, raw, jsonlRecordSchema, (r) => fromJsonl(r, modelOverride)));
  });
  return records;
}

function convert<S extends z.ZodType>(
  path: string,
  where: string,
  raw: unknown,
  schema: S,
  toRecord: (parsed: z.infer<S>) => TranscriptRecord,
): TranscriptRecord {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? `"${issue.path.join('.')}" ` : '';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
    throw new UserError(`${path}: ${where}: ${field}${message}`);
  }
  try {
    return toRecord(parsed.data);
  } catch (error) {
    throw new UserError(`${path}: ${where}: ${errorMessage(error)}`);
  }
}
