import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { calibrationLine, fixed, interval, newTable, pValue } from '../format.js';
import { CALIBRATION_OPTION_HELP, addScoreFlags, withScoring } from '../score-options.js';
import { rank } from '../../analysis/index.js';
import { examples } from '../help.js';
import { commaList } from '../../util/comma-list.js';

export function registerRank(program: Command): void {
  addScoreFlags(program.command('rank').description(COMMAND_SUMMARIES.rank).argument('<suspect>', 'the model whose source is sought'))
    .option('--candidates <models>', 'comma-separated candidate sources to rank (default: every reference model)')
    .option('--calibration <file>', CALIBRATION_OPTION_HELP)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      examples(
        'rank OpenHermes-2.5-Mistral-7B',
        'rank student --embedder style --json',
        'rank student --candidates gpt4,Mixtral-8x7B-Instruct-v0.1',
      ),
    )
    .action(
      async (suspect: string, flags: { embedder: string; reference?: string; candidates?: string; json?: boolean }, command: Command) => {
        const candidates = flags.candidates === undefined ? {} : { candidates: commaList(flags.candidates) };
        const result = await withStore(
          command,
          (store) => withScoring(command, flags, (options) => rank(store, suspect, { ...options, ...candidates })),
          { readonly: true },
        );
        if (flags.json) return printJson(result);
        printLine(`candidate sources of ${suspect} (views: ${result.embedder})`);
        const thresholds = calibrationLine(result.calibration, result.verdictRule);
        if (thresholds) printLine(thresholds);
        const { answer, sources, margin } = result.attribution;
        printLine(
          answer === 'none'
            ? 'attribution: none — no candidate is derived (nothing stands out from the references)'
            : answer === 'single'
              ? `attribution: ${sources[0]} — derived, and closer than every other candidate (margin ${fixed(margin)})`
              : `attribution: one of ${sources.join(', ')} — derived, but the battery cannot tell them apart`,
        );
        const table = newTable(['#', 'model', 'view rank', 'score', '95% CI', 'p (Holm)', 'verdict', 'raw', 'probes']);
        result.ranking.forEach((r, i) =>
          table.push([
            i + 1,
            r.model,
            fixed(r.viewRank, 1),
            fixed(r.score),
            interval(r.ci),
            pValue(r.pValue),
            r.verdict,
            fixed(r.raw, 3),
            r.probes,
          ]),
        );
        printLine(table.toString());
        for (const r of result.ranking) if (r.whyNoScore) printLine(`${r.model}: no score: ${r.whyNoScore}`);
      },
    );
}
