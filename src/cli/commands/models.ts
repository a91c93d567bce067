import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { newTable } from '../format.js';
import { examples } from '../help.js';

export function registerModels(program: Command): void {
  program
    .command('models')
    .description(COMMAND_SUMMARIES.models)
    .option('--json', 'print JSON')
    .addHelpText('after', examples('models', '--db audit.db models --json'))
    .action(async (options: { json?: boolean }, command: Command) => {
      const models = await withStore(command, (store) => store.models.list(), { readonly: true });
      if (options.json) return printJson(models);
      if (models.length === 0) return printLine('no models stored yet (see: llm-fingerprint import --help)');
      const table = newTable(['model', 'responses', 'source']);
      for (const m of models) table.push([m.name, m.responses, m.source]);
      printLine(table.toString());
    });
}
