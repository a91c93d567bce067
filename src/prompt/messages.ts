import { z } from 'zod';
import { sha256Hex } from '../util/hash.js';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Canonical form of a prompt: only role and content, in order, so the same prompt hashes the same everywhere. */
export function canonicalMessages(messages: readonly ChatMessage[]): string {
  return JSON.stringify(messages.map((m) => ({ role: m.role, content: m.content })));
}

/** The prompt's identity: responses from imports and live runs line up by this hash. */
export function promptSha256(messages: readonly ChatMessage[]): string {
  return sha256Hex(canonicalMessages(messages));
}
