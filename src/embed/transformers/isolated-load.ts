import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * onnxruntime is native code: a malformed model can abort or segfault the whole process instead of
 * throwing. So a model is first opened — and run once on a two-token input — in a throwaway child
 * process; only a model that survived that is loaded in-process.
 */

export interface TrialResult {
  ok: boolean;
  inputs?: string[];
  outputs?: string[];
  /** Why the trial failed: onnxruntime's message, or how the child died. */
  problem?: string;
}

const require = createRequire(import.meta.url);

// Runs in the child (CommonJS via `node -e`): argv[1] = onnxruntime-node path, argv[2] = model file.
const TRIAL_SCRIPT = `
const ort = require(process.argv[1]);
const report = (value, code) => { process.stdout.write(JSON.stringify(value)); process.exitCode = code; };
(async () => {
  const session = await ort.InferenceSession.create(process.argv[2]);
  const inputs = session.inputNames, outputs = session.outputNames;
  const feeds = {};
  const ids = (values) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
  const known = { input_ids: [0, 0], attention_mask: [1, 1], token_type_ids: [0, 0], position_ids: [0, 1] };
  for (const name of inputs) if (known[name]) feeds[name] = ids(known[name]);
  if (Object.keys(feeds).length === inputs.length) await session.run(feeds);
  report({ ok: true, inputs, outputs }, 0);
})().catch((error) => report({ ok: false, problem: String((error && error.message) || error) }, 3));
`;

/** Runs a Node.js script in a child process and reports how it ended; never throws for a crash. */
export function runIsolated(
  script: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Interprets how the trial child ended. Exported for tests of the crash handling. */
export function trialOutcome(result: Awaited<ReturnType<typeof runIsolated>>): TrialResult {
  if (result.timedOut) return { ok: false, problem: 'onnxruntime did not finish opening the model in time' };
  if (result.signal) return { ok: false, problem: `onnxruntime crashed while opening the model (${result.signal})` };
  try {
    const parsed = JSON.parse(result.stdout) as TrialResult;
    if (typeof parsed.ok === 'boolean') return parsed;
  } catch {
    // fall through: the child died without reporting
  }
  const detail = result.stderr.trim().split('\n').filter(Boolean).pop();
  return { ok: false, problem: `onnxruntime exited with code ${result.code}${detail ? `: ${detail}` : ''}` };
}

const verified = new Map<string, TrialResult>();

/** Opens and runs the model in a child process; results are remembered per file hash for this process. */
export async function trialLoad(onnxFile: string, sha256: string, timeoutMs = 120_000): Promise<TrialResult> {
  const known = verified.get(sha256);
  if (known) return known;
  const result = trialOutcome(await runIsolated(TRIAL_SCRIPT, [require.resolve('onnxruntime-node'), onnxFile], timeoutMs));
  if (result.ok) verified.set(sha256, result);
  return result;
}
