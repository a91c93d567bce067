import { COMMAND_SUMMARIES } from './summaries.js';
import { examples } from '../help.js';
import { type Command, Option } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { newTable } from '../format.js';
import { IMPORT_FORMATS, readTranscript, type ImportFormat } from '../../import/index.js';
import { claimRatesByModel, claimRows, type AnswerToRead, type ClaimRow, type MakerId } from '../../identity/index.js';
import { IDENTITY_CATEGORY_PREFIX } from '../../identity/index.js';
import type { Store } from '../../store/index.js';
import { UserError } from '../../util/errors.js';

interface ClaimsOptions {
  format?: ImportFormat;
  model?: string;
  category?: string;
  json?: boolean;
}

export function registerClaims(program: Command): void {
  program
    .command('claims')
    .description(COMMAND_SUMMARIES.claims)
    .argument('[files...]', 'transcript files; without them, the stored answers of --model')
    .addOption(new Option('--format <format>', 'file format (with files)').choices(IMPORT_FORMATS))
    .option('--model <name>', 'with files: the model name for every answer; without: the stored model to read')
    .option(
      '--category <prefix>',
      `stored answers: probe categories starting with this (default "${IDENTITY_CATEGORY_PREFIX}"; "" for all)`,
    )
    .option('--json', 'print a JSON array, one object per answer in input order')
    .addHelpText(
      'after',
      examples('claims --model student', 'claims answers.jsonl --format jsonl --json', 'claims --model mine --category ""'),
    )
    .action(async (files: string[], options: ClaimsOptions, command: Command) => {
      const rows =
        files.length > 0
          ? claimsOfFiles(files, options)
          : await withStore(command, (store) => claimsOfStore(store, options), { readonly: true });
      if (options.json) return printJson(rows);
      if (rows.length === 0)
        return printLine(
          files.length > 0
            ? 'no answers to read'
            : `no stored answers of ${options.model} in probe categories starting with "${options.category ?? IDENTITY_CATEGORY_PREFIX}" (--category "" reads all)`,
        );
      printRates(rows);
    });
}

function claimsOfFiles(files: readonly string[], options: ClaimsOptions): ClaimRow[] {
  if (!options.format) throw new UserError(`claims: --format is required with files (${IMPORT_FORMATS.join(' or ')})`);
  if (options.category !== undefined) throw new UserError('claims: --category selects stored answers; it does not apply to files');
  // Every file is read and parsed before anything is printed: a bad record fails the whole command.
  const answers: AnswerToRead[] = files.flatMap(
    (file) => readTranscript(file, options.format!, options.model ? { model: options.model } : {}).records,
  );
  return claimRows(answers);
}

function claimsOfStore(store: Store, options: ClaimsOptions): ClaimRow[] {
  if (!options.model) throw new UserError("claims: give transcript files, or --model NAME to read that model's stored answers");
  if (!store.models.find(options.model)) throw new UserError(`claims: unknown model "${options.model}" (see: llm-fingerprint models)`);
  const categoryPrefix = options.category ?? IDENTITY_CATEGORY_PREFIX;
  const stored = store.responses.withPrompts([options.model], categoryPrefix === '' ? {} : { categoryPrefix });
  return claimRows(stored.map((r) => ({ model: r.model, messages: r.messages, response: r.text })));
}

function printRates(rows: readonly ClaimRow[]): void {
  const rates = claimRatesByModel(rows);
  const totals = new Map<MakerId, number>();
  for (const r of rates)
    for (const [maker, n] of Object.entries(r.byMaker) as Array<[MakerId, number]>) totals.set(maker, (totals.get(maker) ?? 0) + n);
  const makers = [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([maker]) => maker);
  const cell = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}% (${n})`;
  const table = newTable(['model', 'answers', ...makers, 'no claim']);
  for (const r of rates)
    table.push([r.model, r.answers, ...makers.map((m) => cell(r.byMaker[m] ?? 0, r.answers)), cell(r.none, r.answers)]);
  printLine(table.toString());
}
