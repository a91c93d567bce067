import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { fixed, interval, newTable, pValue } from '../format.js';
import { addScoreFlags, withScoring } from '../score-options.js';
import { rank } from '../../analysis/index.js';
import { examples } from '../help.js';

export function registerRank(program: Command): void {
  addScoreFlags(
    program
      .command('rank')
      .description('rank the stored models as candidate sources of SUSPECT, most likely first')
      .argument('<suspect>', 'the model whose source is sought'),
  )
    .option('--json', 'print JSON')
    .addHelpText('after', examples('rank OpenHermes-2.5-Mistral-7B', 'rank student --embedder style --json'))
    .action(async (suspect: string, flags: { embedder: string; reference?: string; json?: boolean }, command: Command) => {
      const result = await withStore(command, (store) => withScoring(command, flags, (options) => rank(store, suspect, options)), {
        readonly: true,
      });
      if (flags.json) return printJson(result);
      printLine(`candidate sources of ${suspect} (views: ${result.embedder})`);
      const table = newTable(['#', 'model', 'score', '95% CI', 'p (Holm)', 'verdict', 'raw', 'probes']);
      result.ranking.forEach((r, i) =>
        table.push([i + 1, r.model, fixed(r.score), interval(r.ci), pValue(r.pValue), r.verdict, fixed(r.raw, 3), r.probes]),
      );
      printLine(table.toString());
      for (const r of result.ranking) if (r.whyNoScore) printLine(`${r.model}: no score: ${r.whyNoScore}`);
    });
}
