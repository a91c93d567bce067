import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * The built CLI, run as a user would. `npm test` builds once before any test runs (package.json's
 * pretest); no test builds, since other test files execute dist/ at the same time.
 */
export const CLI = join(ROOT, 'dist/src/cli/main.js');

let checked = false;

/** Throws a clear error when dist/ is missing or older than a source file (a test would run stale code). */
export function assertBuilt(): void {
  if (checked) return;
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test builds first)`);
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = join(ROOT, 'dist', relative(ROOT, path)).replace(/\.ts$/, '.js');
        if (!existsSync(built) || statSync(built).mtimeMs < statSync(path).mtimeMs) stale.push(relative(ROOT, path));
      }
    }
  };
  walk(join(ROOT, 'src'));
  if (stale.length > 0) {
    throw new Error(
      `dist/ is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ` and ${stale.length - 3} more` : ''}: run \`npm run build\` (npm test builds first)`,
    );
  }
  checked = true;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in a child process and resolves when it exits. Never spawnSync: a test worker blocked for
 * a minute (a file of CLI tests on a loaded machine) misses vitest's own messages and fails the run.
 * `env` is added to this process's environment, or replaces it with `inheritEnv: false`.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  options: { inheritEnv?: boolean; cwd?: string } = {},
): Promise<CliResult> {
  assertBuilt();
  return runProcess(process.execPath, [CLI, ...args], {
    env: options.inheritEnv === false ? env : { ...process.env, ...env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
}

/** Any program, run like runCli: asynchronously, collecting its output. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    // stdin is empty (as with spawnSync): a program that reads it gets end-of-file, not a wait forever.
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}
