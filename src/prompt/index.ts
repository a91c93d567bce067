export { chatMessageSchema, canonicalMessages, promptSha256, type ChatMessage } from './messages.js';
export { canonicalJson } from './canonical-json.js';
