import { spawn } from 'node:child_process';
import { AbortedError, FatalError, RetryableError, emptyAnswer } from './errors.js';
import { oneLine } from './secrets.js';
import type { Completion, CompletionRequest, Provider } from './types.js';

/** Exit status a program uses to say "try me again later" (sysexits EX_TEMPFAIL). */
export const EXEC_TEMPFAIL = 75;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * A local program as a model. It gets the prompt (the last user message) on stdin and writes the answer
 * to stdout. The whole conversation is in $LLMFP_MESSAGES (JSON array of {role, content}), the sampling
 * parameters in $LLMFP_PARAMS (JSON) and the sample number in $LLMFP_SAMPLE_INDEX, for programs that want them.
 * Exit 0 = answer; exit 75 = temporary failure (retried); any other exit = failed request.
 */
export class ExecProvider implements Provider {
  readonly id: string;
  readonly kind = 'exec' as const;
  readonly model: string;
  private readonly cwd: string | undefined;

  constructor(options: { id: string; command: string; cwd?: string }) {
    this.id = options.id;
    this.model = options.command;
    this.cwd = options.cwd;
  }

  complete(request: CompletionRequest): Promise<Completion> {
    const prompt = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    return new Promise<Completion>((resolve, reject) => {
      if (request.signal?.aborted) return reject(new AbortedError());
      const child = spawn(this.model, {
        shell: true,
        detached: true, // own process group, so an abort also ends whatever the shell started
        cwd: this.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          LLMFP_MESSAGES: JSON.stringify(request.messages.map((m) => ({ role: m.role, content: m.content }))),
          LLMFP_PARAMS: JSON.stringify(request.params),
          LLMFP_SAMPLE_INDEX: String(request.sampleIndex ?? 0),
        },
      });
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        request.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const killGroup = () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      };
      const onAbort = () => {
        killGroup();
        finish(() => reject(new AbortedError()));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > MAX_OUTPUT_BYTES) {
          killGroup();
          finish(() => reject(new FatalError(`program wrote more than ${MAX_OUTPUT_BYTES} bytes`)));
          return;
        }
        stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      child.on('error', (error) => finish(() => reject(new FatalError(`cannot run program: ${error.message}`))));
      // A program that exits without reading its input is fine; ignore the broken pipe.
      child.stdin.on('error', () => {});
      child.stdin.end(prompt);

      child.on('close', (code, signal) => {
        finish(() => {
          const lastLine = oneLine(stderr.trim().split('\n').pop() ?? '', 300);
          const detail = lastLine ? `: ${lastLine}` : '';
          if (code === EXEC_TEMPFAIL) return reject(new RetryableError(`program asked to retry (exit ${code})${detail}`));
          if (code !== 0) return reject(new FatalError(`program failed (${signal ? `signal ${signal}` : `exit ${code}`})${detail}`));
          const text = Buffer.concat(stdout).toString('utf8').trimEnd();
          if (text.trim() === '') return reject(emptyAnswer(null));
          resolve({ text, finishReason: 'stop', reportedModel: null, usage: { inputTokens: null, outputTokens: null } });
        });
      });
    });
  }
}
