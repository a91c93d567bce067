/**
 * Interactive commands at case scale (issue 11), each timed as a user meets it: the built CLI in a
 * fresh process, with its peak memory. The store: the AlpacaEval dev answers copied under 60 model
 * names, prompts widened to 805 with numbered variants (every text unique), one JSONL file a model.
 *   node dist/bench/case.js [--models 60] [--prompts 805]
 * Targets (2 cores): import 60 files ≤ 4 s; import + first matrix ≤ 12 s; matrix again ≤ 3 s;
 * compare ≤ 1.5 s; rank ≤ 2.5 s; report ≤ 2.5 s; models ≤ 0.8 s; --version well under 0.5 s;
 * peak memory ≤ 500 MB for compare, rank and report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { devFiles, readDevFile, requireDevData } from './dev-data.js';
import { benchArgs, countFlag } from './flags.js';

const args = benchArgs({ models: { type: 'string', default: '60' }, prompts: { type: 'string', default: '805' } });
const MODELS = countFlag('models', args.models, 2);
const PROMPTS = countFlag('prompts', args.prompts, 1);
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

requireDevData();
const work = mkdtempSync(join(tmpdir(), 'llmfp-bench-case-'));
const db = join(work, 'case.db');

function writeModels(): string[] {
  const sources = devFiles().map(readDevFile);
  const variants = Math.ceil(PROMPTS / sources[0]!.length);
  const files: string[] = [];
  for (let m = 0; m < MODELS; m++) {
    const records = sources[m % sources.length]!;
    const lines: string[] = [];
    for (let v = 0; v < variants; v++) {
      for (let p = 0; p < records.length && v * records.length + p < PROMPTS; p++) {
        const r = records[p]!;
        lines.push(
          JSON.stringify({
            model: `model-${String(m).padStart(2, '0')}`,
            prompt: `${r.instruction} (variant ${v})`,
            response: `${r.output}\n(${m}.${v})`,
          }),
        );
      }
    }
    const file = join(work, `model-${m}.jsonl`);
    writeFileSync(file, lines.join('\n'));
    files.push(file);
  }
  return files;
}

interface Timed {
  seconds: number;
  peakMiB: number;
}

/** Runs the CLI under /usr/bin/time: wall-clock seconds and peak resident memory. */
function cli(argv: readonly string[]): Timed {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, '--db', db, ...argv], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LLM_FINGERPRINT_OFFLINE: '1' },
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr.slice(0, 500)}`);
  const [seconds, kib] = last.split(' ').map(Number);
  return { seconds: seconds!, peakMiB: kib! / 1024 };
}

const rows: Array<[string, Timed, string]> = [];
const record = (name: string, timed: Timed, target: string) => {
  rows.push([name, timed, target]);
  console.log(
    `${name.padEnd(34)} ${timed.seconds.toFixed(2).padStart(6)} s  ${timed.peakMiB.toFixed(0).padStart(5)} MiB   target ${target}`,
  );
};

try {
  const files = writeModels();
  const a = 'model-00';
  const b = 'model-16'; // the same dev model as model-00 under another name: a related pair
  console.log(
    `case store: ${MODELS} models × ${PROMPTS} prompts (${MODELS * PROMPTS} answers); load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  record('--version', cli(['--version']), '< 0.5 s');
  const imported = cli(['import', ...files, '--format', 'jsonl']);
  record(`import (${MODELS} files)`, imported, '≤ 4 s');
  const first = cli(['matrix', '--embedder', 'style', '--json']);
  record('first matrix (embedding included)', first, `import + first ≤ 12 s (${(imported.seconds + first.seconds).toFixed(1)} s)`);
  record('matrix again', cli(['matrix', '--embedder', 'style', '--json']), '≤ 3 s');
  record(`compare ${a} ${b}`, cli(['compare', a, b, '--embedder', 'style', '--json']), '≤ 1.5 s, ≤ 500 MB');
  record(`rank ${b}`, cli(['rank', b, '--embedder', 'style', '--json']), '≤ 2.5 s, ≤ 500 MB');
  record(`report ${a} ${b}`, cli(['report', a, b, '--embedder', 'style', '--json']), '≤ 2.5 s, ≤ 500 MB');
  record('models', cli(['models', '--json']), '≤ 0.8 s');
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
