// The demo as a new user meets it: `demo` in an empty folder (first run: collect 1,595 answers from the
// five example models, score, rank, write the HTML report), then again (everything already stored).
//   npm run build && node dist/bench/demo.js
// Target (issue 10): first run within 30 s on the project's 2-core machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
const TARGET_S = 30;

function timedDemo(cwd: string): { seconds: number; collect: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'demo'], { cwd, encoding: 'utf8', env: { ...process.env, LLM_FINGERPRINT_DB: '' } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`demo failed (${result.status}): ${result.stderr}`);
  const collect = result.stderr.split('\n').find((line) => line.startsWith('run finished')) ?? '';
  return { seconds, collect };
}

const dir = mkdtempSync(join(tmpdir(), 'llmfp-bench-demo-'));
try {
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const first = timedDemo(dir);
  console.log(`demo, first run   ${first.seconds.toFixed(1)} s   (target < ${TARGET_S} s)   ${first.collect}`);
  const again = timedDemo(dir);
  console.log(`demo, rerun       ${again.seconds.toFixed(1)} s   ${again.collect}`);
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (first.seconds > TARGET_S) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
