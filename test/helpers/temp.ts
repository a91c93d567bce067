import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every folder made here is removed after its test file (test/setup.ts): tests make temporary folders
// only through these functions.
const created: string[] = [];

export function tempDir(prefix = 'llmfp-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'fingerprint.db');
}

export function writeTemp(name: string, content: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Removes every folder made so far by tempDir (and what is in it: databases, caches, model copies). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
