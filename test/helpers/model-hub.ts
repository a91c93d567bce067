import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A local stand-in for the Hugging Face hub: serves model folders at /<org>/<name>/resolve/main/<file>,
 * so `embedders pull` is tested end to end without leaving the machine.
 */
export interface ModelHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startModelHub(models: Record<string, string>, options: { cutAfterBytes?: number } = {}): Promise<ModelHub> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const match = /^\/(.+?\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
    const folder = match ? models[match[1]!] : undefined;
    const file = folder && match ? join(folder, match[2]!) : undefined;
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-length': String(body.length) });
    if (options.cutAfterBytes !== undefined && file.endsWith('.onnx')) {
      // The connection drops as soon as the first bytes are out: they reach the client together with the reset.
      res.write(body.subarray(0, options.cutAfterBytes), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
