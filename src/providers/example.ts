import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../util/package-info.js';
import { AbortedError, FatalError, emptyAnswer } from './errors.js';
import type { Completion, CompletionRequest, Provider } from './types.js';

/** The example models shipped in data/examples/ (lib/personas.mjs), by name. */
export const EXAMPLE_NAMES = ['orion', 'student', 'terse', 'plain', 'atlas'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'data', 'examples');

interface ExampleEngine {
  answer(persona: unknown, request: { prompt: string; system: string; sample: number; temperature: number }): string;
}

let engine: Promise<{ answer: ExampleEngine['answer']; personas: Record<string, unknown> }> | undefined;

/** The example engine and personas, imported once per process and shared by every example model. */
function loadEngine() {
  engine ??= Promise.all([
    import(pathToFileURL(join(EXAMPLES_DIR, 'lib', 'engine.mjs')).href) as Promise<ExampleEngine>,
    import(pathToFileURL(join(EXAMPLES_DIR, 'lib', 'personas.mjs')).href) as Promise<Record<string, unknown>>,
  ]).then(([e, personas]) => ({ answer: e.answer, personas }));
  return engine;
}

/**
 * An example model answering in-process: the same engine and persona as `exec:node data/examples/<name>.mjs`,
 * so the same request gets the same text, without starting a program per answer (the demo's 1,595
 * answers take well under a second instead of minutes).
 */
export class ExampleProvider implements Provider {
  readonly id: string;
  readonly kind = 'example' as const;
  readonly model: string;

  constructor(options: { id: string; name: ExampleName }) {
    this.id = options.id;
    this.model = options.name;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    if (request.signal?.aborted) throw new AbortedError();
    let loaded: Awaited<ReturnType<typeof loadEngine>>;
    try {
      loaded = await loadEngine();
    } catch (error) {
      engine = undefined;
      throw new FatalError(`cannot load the example models from ${EXAMPLES_DIR}: ${(error as Error).message}`, { stopsModel: true });
    }
    const persona = loaded.personas[this.model];
    if (!persona) throw new FatalError(`no example model "${this.model}" in ${EXAMPLES_DIR}/lib/personas.mjs`, { stopsModel: true });
    // The exec: contract's view of a request: the last user message as the prompt, the system message beside it.
    const prompt = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
    const text = loaded
      .answer(persona, { prompt, system, sample: request.sampleIndex ?? 0, temperature: request.params.temperature ?? 0 })
      .trimEnd();
    if (text.trim() === '') throw emptyAnswer(null);
    return { text, finishReason: 'stop', reportedModel: null, usage: { inputTokens: null, outputTokens: null } };
  }
}
