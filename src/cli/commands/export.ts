import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { commaList } from '../../util/comma-list.js';
import { notice, writeFileAtomically } from '../output.js';
import { exportStore } from '../../evidence/index.js';
import { UserError } from '../../util/errors.js';
import { examples } from '../help.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(COMMAND_SUMMARIES.export)
    .option('--models <models>', 'comma-separated models (default: all)')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', examples('export --out answers.jsonl', 'export --models orion,student | gzip > pair.jsonl.gz'))
    .option('--allow-mismatch', 'write answers that do not match their hash or seal, marked with a "mismatch" field, instead of failing')
    .action(async (flags: { models?: string; out?: string; allowMismatch?: boolean }, command: Command) => {
      await withStore(
        command,
        (store) => {
          const models = flags.models ? commaList(flags.models) : undefined;
          for (const name of models ?? []) if (!store.models.find(name)) throw new UserError(`unknown model "${name}"`);
          const options = { allowMismatch: flags.allowMismatch ?? false };
          let answers = 0;
          let seals = 0;
          let marked = 0;
          const lines = (function* () {
            for (const line of exportStore(store, models, options)) {
              if ('seal' in line) seals++;
              else if (!('end' in line)) {
                answers++;
                if (line.mismatch) marked++;
              }
              yield JSON.stringify(line) + '\n';
            }
          })();
          if (flags.out) writeFileAtomically(flags.out, lines);
          else {
            // What reaches stdout cannot be taken back: a first pass runs every check, so a store that
            // fails one writes nothing instead of half an export.
            for (const _ of exportStore(store, models, options));
            for (const line of lines) process.stdout.write(line);
          }
          if (flags.out) notice(`wrote ${plural(answers, 'answer')} and ${plural(seals, 'seal')} to ${flags.out}`);
          if (marked > 0)
            notice(`warning: ${plural(marked, 'answer')} did not match their hash or seal: marked "mismatch", and import refuses them`);
        },
        { readonly: true },
      );
    });
}
