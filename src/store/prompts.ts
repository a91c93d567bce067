import { z } from 'zod';
import { prepare, type Db } from './database.js';
import { now } from './clock.js';
import { DamagedRowError, parseJsonColumn } from './json-columns.js';
import { canonicalMessages, chatMessageSchema, promptSha256, type ChatMessage } from '../prompt/index.js';

const messagesSchema = z.array(chatMessageSchema).min(1);

/** Reads a prompt's stored messages; a value that is not a chat list is a damaged row. */
export function parseMessages(text: string, where: string): ChatMessage[] {
  const parsed = messagesSchema.safeParse(parseJsonColumn(text, where));
  if (!parsed.success) throw new DamagedRowError(`${where} is not a list of chat messages`);
  return parsed.data;
}

/** Prompts are content-addressed: answers from imports and live runs line up by the sha256 of the messages. */
export class PromptRepository {
  constructor(private readonly db: Db) {}

  ensure(messages: readonly ChatMessage[], category = 'general'): { id: number; sha256: string } {
    const sha256 = promptSha256(messages);
    const found = prepare(this.db, 'SELECT id FROM prompts WHERE sha256 = ?').get(sha256) as { id: number } | undefined;
    if (found) return { id: found.id, sha256 };
    const id = Number(
      prepare(this.db, 'INSERT INTO prompts (sha256, messages, category, created_at) VALUES (?, ?, ?, ?)').run(
        sha256,
        canonicalMessages(messages),
        category,
        now(),
      ).lastInsertRowid,
    );
    return { id, sha256 };
  }

  /** The messages of the prompt with this sha256, or undefined when no such prompt is stored. */
  messages(sha256: string): ChatMessage[] | undefined {
    const text = this.db.prepare('SELECT messages FROM prompts WHERE sha256 = ?').pluck().get(sha256) as string | undefined;
    return text === undefined ? undefined : parseMessages(text, `prompt ${sha256.slice(0, 12)}`);
  }
}
