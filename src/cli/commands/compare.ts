import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { calibrationLine, fixed, interval, newTable, pValue } from '../format.js';
import { CALIBRATION_OPTION_HELP, addScoreFlags, withScoring } from '../score-options.js';
import { compare } from '../../analysis/index.js';
import { verdictMeaning } from '../../report/index.js';
import { examples } from '../help.js';

export function registerCompare(program: Command): void {
  addScoreFlags(
    program
      .command('compare')
      .description(COMMAND_SUMMARIES.compare)
      .argument('<source>', 'the model that may have been copied')
      .argument('<suspect>', 'the model that may reproduce it'),
  )
    .option('--calibration <file>', CALIBRATION_OPTION_HELP)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      examples('compare gpt4 OpenHermes-2.5-Mistral-7B', 'compare orion student --embedder style --json', 'compare a b --reference c,d,e'),
    )
    .action(async (source: string, suspect: string, flags: { embedder: string; reference?: string; json?: boolean }, command: Command) => {
      const result = await withStore(
        command,
        (store) => withScoring(command, flags, (options) => compare(store, source, suspect, options)),
        { readonly: true },
      );
      if (flags.json) return printJson(result);
      printLine(`${suspect} as a reproduction of ${source} (views: ${result.embedder}; ${result.references.length} reference models)`);
      const thresholds = calibrationLine(result.calibration, result.verdictRule);
      if (thresholds) printLine(thresholds);
      if (result.whyNoScore) printLine(`no calibrated score: ${result.whyNoScore}`);
      printLine(
        `verdict ${result.verdict}: calibrated score ${fixed(result.score)} (95% CI ${interval(result.ci)}), ` +
          `p ${pValue(result.pValue)}, raw cosine ${fixed(result.raw, 3)}, ${result.probes} probes`,
      );
      printLine(`in words: ${verdictMeaning(result.verdict, source, suspect, result.ci, result.verdictRule)}`);
      if (result.sameModel) {
        printLine(
          `same-model test: p ${pValue(result.sameModel.pValue)} over ${result.sameModel.probes} probes with several samples from both`,
        );
      }
      if (result.identity && result.identity.naming > 0) {
        const names = Object.entries(result.identity.namesUsed)
          .map(([n, c]) => `${n} ×${c}`)
          .join(', ');
        printLine(
          `identity: ${suspect} gives ${source}'s names in ${result.identity.naming} of ${result.identity.suspectAnswers} identity answers (${names})`,
        );
      } else if (result.identity) {
        printLine(
          `identity: ${suspect} never gives ${source}'s names (${result.identity.sourceNames.join(', ') || 'none found'}) in ${result.identity.suspectAnswers} identity answers`,
        );
      }
      const claims = result.identityClaims;
      if (claims?.sourceMaker) {
        printLine(
          `claimed maker ${claims.sourceMaker}: ${source} ${claims.source.claims}/${claims.source.answers}, ${suspect} ` +
            `${claims.suspect.claims}/${claims.suspect.answers}, references ${claims.references.claims}/${claims.references.answers} ` +
            `(Fisher p ${pValue(claims.pValue)}; shown beside the score, never part of it)`,
        );
      }
      const table = newTable(['category', 'score', '95% CI', 'p', 'raw', 'probes']);
      for (const [category, s] of Object.entries(result.categories)) {
        table.push([category, fixed(s.score), interval(s.ci), pValue(s.pValue), fixed(s.raw, 3), s.probes]);
      }
      printLine(table.toString());
      printLine('the score is symmetric: it says how alike the two are, not which one copied the other');
    });
}
