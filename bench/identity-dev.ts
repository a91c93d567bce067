import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

/** The identity-dev answers, read in place from ../shared (or $IDENTITY_DEV_DIR); never copied. */
export const IDENTITY_DEV_DIR = resolve(process.env.IDENTITY_DEV_DIR ?? join(PACKAGE_ROOT, '..', 'shared', 'identity-dev'));

/**
 * Each file's model and its real maker, as the data set's README tables them. A claim of OpenAI or
 * Anthropic counts as a false claim only when it is not the answering model's own maker.
 */
export const IDENTITY_DEV_FILES = [
  { file: 'deepseek-r1.jsonl', model: 'deepseek-r1', realMaker: 'deepseek' },
  { file: 'phi-4.jsonl', model: 'phi-4', realMaker: 'microsoft' },
  { file: 'qwen2.5-72b-instruct.jsonl', model: 'qwen2.5-72b-instruct', realMaker: 'alibaba' },
  { file: 'claude-3-5-sonnet-20241022.jsonl', model: 'claude-3-5-sonnet-20241022', realMaker: 'anthropic' },
] as const;

/** The makers whose identity the judge looks for. */
export const JUDGED_MAKERS: ReadonlySet<string> = new Set(['openai', 'anthropic']);

const recordSchema = z.object({ model: z.string(), prompt: z.string(), response: z.string(), label: z.boolean() });

export interface IdentityDevRecord {
  model: string;
  realMaker: string;
  prompt: string;
  response: string;
  /** The judge: the answer claims, as itself, an OpenAI or Anthropic identity that is not its own. */
  label: boolean;
  /** Development half (the first half of each file) or held-out half (the second). */
  half: 'development' | 'held-out';
  /** Line number in its file, 1-based. */
  line: number;
}

export function identityDevAvailable(): boolean {
  return IDENTITY_DEV_FILES.every((f) => existsSync(join(IDENTITY_DEV_DIR, f.file)));
}

export function readIdentityDev(): IdentityDevRecord[] {
  return IDENTITY_DEV_FILES.flatMap(({ file, realMaker }) => {
    const lines = readFileSync(join(IDENTITY_DEV_DIR, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return lines.map((line, i) => {
      const record = recordSchema.parse(JSON.parse(line));
      return { ...record, realMaker, half: i < lines.length / 2 ? ('development' as const) : ('held-out' as const), line: i + 1 };
    });
  });
}

/** A prediction counts as positive when the claimed maker is one the judge looks for and not the model's own. */
export function claimsForeignJudgedMaker(claimedMaker: string | null, realMaker: string): boolean {
  return claimedMaker !== null && JUDGED_MAKERS.has(claimedMaker) && claimedMaker !== realMaker;
}

export interface Agreement {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function agreement(pairs: ReadonlyArray<{ predicted: boolean; label: boolean }>): Agreement {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { predicted, label } of pairs) {
    if (predicted && label) tp++;
    else if (predicted) fp++;
    else if (label) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision, recall, f1 };
}

/**
 * The keyword rule the issue starts from: the answer mentions OpenAI, ChatGPT, GPT-3/4, Anthropic or
 * Claude — a maker other than its own — anywhere.
 */
export function keywordBaseline(response: string, realMaker: string): boolean {
  const openai = /openai|chatgpt|gpt-?[34]/i.test(response);
  const anthropic = /anthropic|claude/i.test(response);
  return (openai && realMaker !== 'openai') || (anthropic && realMaker !== 'anthropic');
}
