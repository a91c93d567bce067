import type { Command } from 'commander';
import { withStore } from '../context.js';
import { printJson, printLine } from '../output.js';
import { fixed, newTable } from '../format.js';
import { addScoreFlags, scoreOptions } from '../score-options.js';
import { compare } from '../../score/index.js';

export function registerCompare(program: Command): void {
  addScoreFlags(
    program
      .command('compare')
      .description('score how strongly SUSPECT reproduces SOURCE, calibrated against the reference models')
      .argument('<source>', 'the model that may have been copied')
      .argument('<suspect>', 'the model that may reproduce it'),
  )
    .option('--json', 'print JSON')
    .action(async (source: string, suspect: string, flags: { embedder: string; reference?: string; json?: boolean }, command: Command) => {
      const options = await scoreOptions(flags);
      const result = await withStore(command, (store) => compare(store, source, suspect, options));
      if (flags.json) return printJson(result);
      printLine(`${suspect} as a reproduction of ${source} (views: ${result.embedder}; ${result.references.length} reference models)`);
      printLine(`calibrated score ${fixed(result.score)}   raw cosine ${fixed(result.raw, 3)}   probes ${result.probes}`);
      const table = newTable(['category', 'score', 'raw', 'probes']);
      for (const [category, s] of Object.entries(result.categories)) table.push([category, fixed(s.score), fixed(s.raw, 3), s.probes]);
      printLine(table.toString());
    });
}
