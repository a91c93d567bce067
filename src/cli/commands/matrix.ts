import type { Command } from 'commander';
import { withStore } from '../context.js';
import { commaList } from '../../util/comma-list.js';
import { printJson, printLine } from '../output.js';
import { fixed, newTable } from '../format.js';
import { addScoreFlags, withScoring } from '../score-options.js';
import { matrix } from '../../analysis/index.js';

export function registerMatrix(program: Command): void {
  addScoreFlags(
    program
      .command('matrix')
      .description('calibrated scores for every pair of models: row = source, column = suspect')
      .option('--models <models>', 'comma-separated models (default: every stored model with answers)'),
  )
    .option('--json', 'print JSON')
    .action(async (flags: { models?: string; embedder: string; reference?: string; json?: boolean }, command: Command) => {
      const models = flags.models ? { models: commaList(flags.models) } : {};
      const result = await withStore(command, (store) => withScoring(command, flags, (options) => matrix(store, { ...options, ...models })), {
        readonly: true,
      });
      if (flags.json) return printJson(result);
      const short = result.models.map((_, i) => `#${i + 1}`);
      const table = newTable(['source \\ suspect', ...short]);
      result.models.forEach((name, i) => table.push([`#${i + 1} ${name}`, ...result.scores[i]!.map((s) => fixed(s, 1))]));
      printLine(`calibrated scores (views: ${result.embedder}); higher = the column model reproduces the row model more`);
      printLine(table.toString());
    });
}
