import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * In-process HTTP servers speaking the OpenAI chat completions (POST /v1/chat/completions) and Anthropic
 * messages (POST /v1/messages) wire formats, with scripted failures. Tests, the SIGKILL test and the
 * runner benchmark talk to them through the real SDKs.
 */

export type MockAction =
  | { kind: 'answer'; text?: string; model?: string; finishReason?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'empty' }
  | { kind: 'reset' };

export interface MockRequest {
  api: 'openai' | 'anthropic';
  /** 0-based order of arrival over the server's life. */
  index: number;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The content of the last user message. */
  prompt: string;
  receivedAt: number;
}

export interface MockServerOptions {
  /** Delay before every answer. */
  latencyMs?: number;
  /** What to do with a request; undefined = answer normally. */
  script?: (request: MockRequest) => MockAction | undefined;
  /** The normal answer's text; default "Answer to: <prompt>". */
  answer?: (request: MockRequest) => string;
  /** Keep only the count of requests, not their bodies (benchmarks). */
  recordRequests?: boolean;
}

export interface MockServer {
  url: string;
  /** For the openai SDK / openai-compatible specs. */
  openaiBaseUrl: string;
  /** For the anthropic SDK (it appends /v1/messages itself). */
  anthropicBaseUrl: string;
  requests: MockRequest[];
  count(): number;
  /** Requests currently being answered or held (hanging). */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const requests: MockRequest[] = [];
  let count = 0;
  let inFlight = 0;
  const record = options.recordRequests ?? true;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const api = req.url === '/v1/chat/completions' ? 'openai' : req.url === '/v1/messages' ? 'anthropic' : null;
      if (req.method !== 'POST' || api === null) return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, 400, { error: { message: 'bad JSON' } });
      }
      const messages = (body.messages ?? []) as Array<{ role: string; content: string }>;
      const prompt = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const request: MockRequest = { api, index: count++, body, headers: req.headers, prompt, receivedAt: Date.now() };
      if (record) requests.push(request);
      const action = options.script?.(request) ?? { kind: 'answer' };
      inFlight++;
      let finished = false;
      const done = () => {
        if (!finished) inFlight--;
        finished = true;
      };
      res.on('close', done);
      if (action.kind === 'hang') return;
      if (action.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const respond = () => {
        if (res.destroyed) return;
        if (action.kind === 'status') {
          const payload =
            action.body ??
            (api === 'openai'
              ? { error: { message: `scripted ${action.status}`, type: 'server_error' } }
              : { type: 'error', error: { type: 'api_error', message: `scripted ${action.status}` } });
          return send(res, action.status, payload, action.headers);
        }
        if (action.kind === 'malformed') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"id": "cmpl-1", "choices": [ {"mess');
        }
        const text = action.kind === 'empty' ? '' : (action.text ?? options.answer?.(request) ?? `Answer to: ${prompt}`);
        const model = (action.kind === 'answer' && action.model) || `${String(body.model)}-2024-01-01`;
        const finish = action.kind === 'answer' && action.finishReason;
        send(res, 200, api === 'openai' ? openaiBody(text, model, finish || 'stop') : anthropicBody(text, model, finish || 'end_turn'));
      };
      if (options.latencyMs) setTimeout(respond, options.latencyMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    count: () => count,
    inFlight: () => inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function openaiBody(text: string, model: string, finishReason: string) {
  return {
    id: 'chatcmpl-mock',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 7, completion_tokens: words(text), total_tokens: 7 + words(text) },
  };
}

function anthropicBody(text: string, model: string, stopReason: string) {
  return {
    id: 'msg_mock',
    type: 'message',
    role: 'assistant',
    model,
    content: text === '' ? [] : [{ type: 'text', text }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 7, output_tokens: words(text) },
  };
}
