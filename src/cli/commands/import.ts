import { COMMAND_SUMMARIES } from './summaries.js';
import { type Command, Option } from 'commander';
import { withStore } from '../context.js';
import { notice, printJson, printLine } from '../output.js';
import { IMPORT_FORMATS, readTranscripts, storeTranscripts, type ImportFormat } from '../../import/index.js';
import { examples } from '../help.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(COMMAND_SUMMARIES.import)
    .argument('<files...>', 'transcript files')
    .addOption(new Option('--format <format>', 'file format').choices(IMPORT_FORMATS).makeOptionMandatory())
    .option('--model <name>', 'store every answer under this model name instead of the one in the file')
    .option('--allow-unsealed', 'import an export that carries no seals: its answers are then checked only against their own hashes')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('import outputs/*.json --format alpaca-eval', 'import logs.jsonl --format jsonl --model vendor-model'))
    .action(
      async (
        files: string[],
        options: { format: ImportFormat; model?: string; allowUnsealed?: boolean; json?: boolean },
        command: Command,
      ) => {
        const importOptions = {
          format: options.format,
          ...(options.model ? { model: options.model } : {}),
          ...(options.allowUnsealed ? { allowUnsealed: true } : {}),
        };
        const transcripts = readTranscripts(files, importOptions); // a bad file fails before the database is opened
        const results = await withStore(command, (store) => storeTranscripts(store, transcripts, importOptions));
        for (const t of transcripts) {
          if (t.unsealed === 0) continue;
          notice(
            `warning: ${t.path}: ${t.unsealed} of its ${t.records.length} answers have no seal in the file (an export without seals, ` +
              'a run that ended before seals existed, or a live run still going): they were checked only against their own hashes',
          );
        }
        if (options.json) return printJson(results);
        for (const r of results) {
          const extra = [
            r.unchanged && `${r.unchanged} already stored`,
            r.conflicts && `${r.conflicts} conflicting (kept the stored answer)`,
          ]
            .filter(Boolean)
            .join(', ');
          printLine(`${r.file}: ${r.added} of ${r.records} answers added for ${r.models.join(', ')}${extra ? ` (${extra})` : ''}`);
        }
      },
    );
}
