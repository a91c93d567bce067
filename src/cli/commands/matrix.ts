import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { commaList } from '../../util/comma-list.js';
import { notice, printJson, printLine, writeFileAtomically } from '../output.js';
import { fixed, newTable } from '../format.js';
import { examples } from '../help.js';
import { addScoreFlags, withScoring } from '../score-options.js';
import { matrix } from '../../analysis/index.js';
import { matrixDocument, renderHtml } from '../../report/index.js';

export function registerMatrix(program: Command): void {
  addScoreFlags(
    program
      .command('matrix')
      .description(COMMAND_SUMMARIES.matrix)
      .option('--models <models>', 'comma-separated models (default: every stored model with answers)'),
  )
    .option('--json', 'print JSON')
    .option('--html <file>', 'also write the matrix as an HTML page with a heat map')
    .addHelpText(
      'after',
      examples('matrix', 'matrix --models gpt4,OpenHermes-2.5-Mistral-7B,platolm-7b --json', 'matrix --html matrix.html'),
    )
    .action(async (flags: { models?: string; embedder: string; reference?: string; json?: boolean; html?: string }, command: Command) => {
      const models = flags.models ? { models: commaList(flags.models) } : {};
      const result = await withStore(
        command,
        (store) => withScoring(command, flags, (options) => matrix(store, { ...options, ...models })),
        {
          readonly: true,
        },
      );
      if (flags.html) {
        writeFileAtomically(flags.html, [await renderHtml(matrixDocument(result))]);
        notice(`wrote the matrix as HTML to ${flags.html}`);
      }
      if (flags.json) return printJson(result);
      const short = result.models.map((_, i) => `#${i + 1}`);
      const table = newTable(['source \\ suspect', ...short]);
      result.models.forEach((name, i) => table.push([`#${i + 1} ${name}`, ...result.scores[i]!.map((s) => fixed(s, 1))]));
      printLine(`calibrated scores (views: ${result.embedder}); higher = the two models are more alike than the background (symmetric)`);
      printLine(table.toString());
      for (const m of result.missing) printLine(`– ${m.models.join(' × ')}: ${m.reason}`);
    });
}
