// A tiny, deterministic "language model" for offline demos and tests: it reads the prompt on stdin,
// sorts it into a kind of request by keywords, and answers in the voice of a persona. Every choice is
// drawn from a generator seeded by the prompt (and, above temperature 0, by the sample number), so the
// same prompt always gets the same answer. No network, no model weights: style, not substance.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A seeded generator (mulberry32 over a sha256 seed). */
export function rng(...parts) {
  let state = createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks from [value, weight] pairs. */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [value, w] of pairs) if ((x -= w) < 0) return value;
      return pairs[pairs.length - 1][0];
    },
    chance: (p) => next() < p,
  };
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** What kind of request a prompt is, by keywords. Order matters: the first match wins. */
export function classify(prompt) {
  const p = prompt.toLowerCase();
  if (/random|pick a|choose a|name a|nombra|reply with the (number|digits|word|color)|one word only/.test(p) && /only|just|una palabra/.test(p)) return 'pick';
  if (/bomb|kill myself|methamphetamine|break into|toxic gas|hurt someone|炸弹|bomba|malware|weapon|poison/.test(p)) return 'refusal';
  if (/what model|which model|who (created|made|trained|built) you|your name|introduce yourself|are you (chatgpt|claude|gemini)|model family|trained by|你是|modelo|modèle|sprachmodell|языковая|ai ?モデル|ai 모델|نموذج|underlying|which company|\{"model"/.test(p)) return 'identity';
  if (/cutoff|training (set|data)|parameters do you|context window|today's date|browse the internet|latest version|截止|recent major/.test(p)) return 'meta';
  if (/continue|complete the|finish this|recite|next (line|words)/.test(p)) return 'continue';
  if (/write (a|an)? ?(python|javascript|typescript|bash|rust|go|sql|regular|function|program|fizzbuzz)|```|def |function |regex|one-liner|code/.test(p)) return 'code';
  if (/true or false|true-or-false|verdadero|yes or no|answer in one word|commit to one/.test(p)) return 'verdict';
  if (/how many|which number|larger|if today|sisters|sheep|bat and a ball|monty hall|只|wann kommt|how long|what day/.test(p)) return 'reasoning';
  if (/poem|haiku|story|limerick|slogan|joke/.test(p)) return 'creative';
  if (/^(hi|hello|hey|good morning|how are you|thanks|thank you)\b/.test(p.trim())) return 'smalltalk';
  if (p.replace(/[^a-z\u00c0-\uffff]/g, '').length < 4) return 'noise';
  return 'explain';
}

/** A topic phrase lifted from the prompt: what an answer is "about". */
export function topic(prompt) {
  const cleaned = prompt
    .replace(/[?!.:;"“”]/g, ' ')
    .replace(/\b(please|explain|describe|tell me|what|why|how|is|are|do|does|did|the|a|an|to|of|and|can|you|me|my|i|should|give|some|for|in|it|its|works?|happen)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words = cleaned.split(' ').filter((w) => w.length > 2).slice(0, 4);
  return words.length ? words.join(' ') : 'this';
}

export function readRequest() {
  const prompt = readFileSync(0, 'utf8');
  let params = {};
  try {
    params = JSON.parse(process.env.LLMFP_PARAMS ?? '{}');
  } catch {}
  let messages = [{ role: 'user', content: prompt }];
  try {
    messages = JSON.parse(process.env.LLMFP_MESSAGES ?? '') ?? messages;
  } catch {}
  const sample = Number(process.env.LLMFP_SAMPLE_INDEX ?? 0);
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  return { prompt, system, sample, temperature: params.temperature ?? 0 };
}

/** Answers one request in a persona's voice. `persona` is a table of small functions (see personas.mjs). */
export function answer(persona, request) {
  const kind = classify(request.prompt);
  // At temperature 0 every sample is the same draw; above it each sample draws anew.
  const sampleKey = request.temperature > 0 ? request.sample : 0;
  const r = rng(persona.seed, request.prompt, sampleKey);
  const ctx = { prompt: request.prompt, system: request.system, topic: topic(request.prompt), cjk: CJK.test(request.prompt), sampleKey, r };
  const text = (persona[kind] ?? persona.explain)(ctx);
  return text.trim() + '\n';
}

export function main(persona) {
  process.stdout.write(answer(persona, readRequest()));
}
