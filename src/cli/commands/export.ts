import type { Command } from 'commander';
import { withStore } from '../context.js';
import { commaList } from '../../util/comma-list.js';
import { notice, writeFileAtomically } from '../output.js';
import { exportAnswers } from '../../report/index.js';
import { UserError } from '../../util/errors.js';
import { examples } from '../help.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the stored answers as JSONL (hashes and run details included; importable with import --format jsonl)')
    .option('--models <models>', 'comma-separated models (default: all)')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', examples('export --out answers.jsonl', 'export --models orion,student | gzip > pair.jsonl.gz'))
    .action(async (flags: { models?: string; out?: string }, command: Command) => {
      await withStore(
        command,
        (store) => {
          const models = flags.models ? commaList(flags.models) : undefined;
          for (const name of models ?? []) if (!store.models.find(name)) throw new UserError(`unknown model "${name}"`);
          let count = 0;
          const lines = (function* () {
            for (const answer of exportAnswers(store, models)) {
              count++;
              yield JSON.stringify(answer) + '\n';
            }
          })();
          if (flags.out) {
            writeFileAtomically(flags.out, lines);
            notice(`wrote ${count} answers to ${flags.out}`);
          } else {
            for (const line of lines) process.stdout.write(line);
          }
        },
        { readonly: true },
      );
    });
}
