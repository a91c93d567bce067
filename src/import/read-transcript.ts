import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UserError, errorMessage } from '../util/errors.js';
import { answerRecordSha256 } from '../seal/index.js';
import {
  checkAnswerLine,
  checkExport,
  endLineSchema,
  sealLineSchema,
  type AnswerLine,
  type EndLine,
  type SealLine,
  type VerifiedChain,
} from './export-proof.js';
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
  /** The seal chain an export carried, verified against its answers; absent for a plain transcript. */
  chain?: VerifiedChain;
  /** Answers of an export that no seal in it covers (checked only against their own hashes). */
  unsealed: number;
}

export interface ReadOptions {
  /** Store every record under this model name instead of the one the file gives. */
  model?: string;
  /** Accept an export that carries no seals. */
  allowUnsealed?: boolean;
}

/**
 * Reads and parses a whole transcript file, or throws a UserError naming the file and the record
 * (1-based; for JSONL the line) — so a file with one bad record is rejected before anything is stored.
 */
export function readTranscript(path: string, format: ImportFormat, options: ReadOptions = {}): Transcript {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(`${path}: cannot read file: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
  const { records, chain, unsealed } =
    format === 'alpaca-eval'
      ? { records: parseAlpacaEval(path, decoded(path, bytes), options.model), chain: undefined, unsealed: 0 }
      : parseJsonl(path, bytes, options);
  if (records.length === 0) throw new UserError(`${path}: holds no records`);
  return { path, bytes, records, unsealed, ...(chain ? { chain } : {}) };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The file as text, without a byte-order mark; an empty or blank file is an error. */
function decoded(path: string, bytes: Buffer): string {
  const text = bytes.toString('utf8', bytes.subarray(0, 3).equals(BOM) ? 3 : 0);
  if (text.trim() === '') throw new UserError(`${path}: file is empty`);
  return text;
}

/**
 * The lines of a file, each decoded on its own: a line of plain ASCII then decodes on V8's fast path,
 * where one string of the whole file would be decoded slowly as soon as any line holds a non-ASCII
 * character (several times slower on a case-sized import).
 */
function lines(path: string, bytes: Buffer): string[] {
  const out: string[] = [];
  let start = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  let blank = true;
  while (start <= bytes.length) {
    const newline = bytes.indexOf(10, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
    if (blank && line.trim() !== '') blank = false;
    out.push(line);
    if (newline < 0) break;
    start = newline + 1;
  }
  if (blank) throw new UserError(`${path}: file is empty`);
  return out;
}

function parseAlpacaEval(path: string, text: string, modelOverride?: string): TranscriptRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${errorMessage(error)})`);
  }
  if (!Array.isArray(data)) throw new UserError(`${path}: expected a JSON array of {instruction, output, generator} records`);
  return data.map((raw, i) =>
    convert(
      path,
      `record ${i + 1}`,
      raw,
      alpacaEvalRecordSchema,
      (r) => fromAlpacaEval(r, modelOverride),
      '{instruction, output, generator}',
    ),
  );
}

/**
 * JSONL: one answer a line; an export adds `{"seal": {...}}` lines after its answers and an
 * `{"end": {...}}` line last. Answers are checked against the hashes they carry as they are read,
 * and the file as an export once all are read.
 */
function parseJsonl(
  path: string,
  bytes: Buffer,
  options: ReadOptions,
): { records: TranscriptRecord[]; chain: VerifiedChain | undefined; unsealed: number } {
  const records: TranscriptRecord[] = [];
  const answers: AnswerLine[] = [];
  const seals: SealLine[] = [];
  let end: EndLine | undefined;
  let lastLine = 0;
  lines(path, bytes).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    if (end) throw new UserError(`${path}: ${where}: a line after the end line an export closes with`);
    lastLine = i + 1;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${path}: ${where}: not valid JSON (${errorMessage(error)})`);
    }
    if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, 'seal')) {
      const seal = sealLineSchema.safeParse(raw);
      if (!seal.success) {
        const issue = seal.error.issues[0]!;
        throw new UserError(`${path}: ${where}: not a seal record: "${issue.path.join('.')}": ${issue.message}`);
      }
      seals.push({ ...seal.data.seal, line: i + 1 });
      return;
    }
    if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, 'end')) {
      const parsed = endLineSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UserError(`${path}: ${where}: not an export's end line: "${issue.path.join('.')}": ${issue.message}`);
      }
      end = { ...parsed.data.end, line: i + 1 };
      return;
    }
    let proof: AnswerLine | undefined;
    const record = convert(
      path,
      where,
      raw,
      jsonlRecordSchema,
      (r) => {
        proof = {
          line: i + 1,
          model: r.model ?? '',
          messages: r.messages ?? [{ role: 'user', content: r.prompt! }],
          response: r.response,
          ...(r.sample !== undefined ? { sample: r.sample } : {}),
          ...(r.sha256 !== undefined ? { sha256: r.sha256 } : {}),
          ...(r.prompt_sha256 !== undefined ? { promptSha256: r.prompt_sha256 } : {}),
          ...(r.run !== undefined
            ? { runId: r.run.id, runKind: r.run.kind, ...(r.run.status !== undefined ? { runStatus: r.run.status } : {}) }
            : {}),
          ...(r.mismatch !== undefined ? { mismatch: r.mismatch } : {}),
          ...(r.created_at !== undefined && r.prompt_category !== undefined
            ? {
                record: answerRecordSha256({
                  category: r.recorded_category ?? null,
                  promptCategory: r.prompt_category,
                  probe: r.probe ?? null,
                  probeCategory: r.probe_category ?? null,
                  finishReason: r.finish_reason ?? null,
                  reportedModel: r.reported_model ?? null,
                  request: r.request ?? null,
                  usage: r.usage ?? null,
                  latencyMs: r.latency_ms ?? null,
                  startedAt: r.started_at ?? null,
                  createdAt: r.created_at,
                }),
              }
            : {}),
        };
        return fromJsonl(r, options.model);
      },
      '{model, prompt|messages, response}',
    );
    checkAnswerLine(path, proof!);
    if (seals.length > 0) throw new UserError(`${path}: ${where}: an answer after the seal lines (an export writes its seals last)`);
    records.push(record);
    answers.push(proof!);
  });
  const proof = checkExport(path, { answers, seals, end, lastLine }, options);
  return { records, chain: proof.chain, unsealed: proof.unsealed };
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
