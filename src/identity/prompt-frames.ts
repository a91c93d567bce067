import { evidenceText, type ClaimFound } from './claim.js';
import { frameHolds } from './context.js';
import { findNames } from './lexicon.js';
import { foldCase } from './slots.js';

/**
 * Claims the answer makes together with its prompt: "Yes." to "Are you ChatGPT?", and "OpenAI." to
 * "Complete this sentence: I am a large language model trained by". The name must come from the
 * answer or be affirmed by it; a name the prompt merely mentions is never the answer's claim.
 */

/** A second-person identity question or assertion just before a name: "Are you", "you're", "你是". */
const YOU_ARE =
  /(?:are\s+you|were\s+you|you\s+are|you['’]re|你是|您是|你就是|您就是|eres|es-tu|êtes-vous|tu\s+es|vous\s+êtes|bist\s+du|sind\s+sie|ты|вы|あなたは|당신은|너는|você\s+é|هل\s+أنت|أنت)[^.?!。？！\n]{0,30}$/iu;
/** An answer that opens by agreeing. */
const AFFIRMATIVE =
  /^[\s*_#>"“'「([]*(yes|yeah|yep|yup|correct|that['’]s\s+(?:right|correct)|indeed|affirmative|confirmed|是的|对的|对|没错|正确|确实如此|确实|sí|oui|ja|да|はい|ええ|네|예|맞습니다|맞아요|sim|نعم)(?![\p{L}])/iu;
/** How far from the end of the prompt the question may stand. */
const QUESTION_TAIL = 400;

export function promptedAffirmation(answer: string, speaking: string, prompt: string): ClaimFound | null {
  const yes = AFFIRMATIVE.exec(speaking);
  if (!yes) return null;
  const tail = prompt.slice(-QUESTION_TAIL);
  const asked = findNames(tail).filter((name) => {
    const before = tail.slice(Math.max(0, name.start - 60), name.start);
    const you = YOU_ARE.exec(before);
    // The prompt asks, so its question ends right after the name; negation and pretence still count.
    const after = tail.slice(name.end).split(/[?？.!。！\n]/u)[0]!;
    return you !== null && frameHolds({ before: foldCase(before.slice(0, you.index)), frame: foldCase(you[0]), after: foldCase(after) });
  });
  const name = asked[asked.length - 1];
  if (!name) return null;
  const start = yes.index + yes[0].length - yes[1]!.length;
  const end = yes.index + yes[0].length;
  return {
    maker: name.maker,
    model: name.model,
    kind: 'identity',
    rule: 'prompted-yes',
    start,
    end,
    evidence: evidenceText(answer, start, end),
  };
}

/** A first person in the prompt's unfinished last sentence: the answer is asked to finish it. */
const FIRST_PERSON = /(?<![\p{L}])(?:i|my|yo|je|ich|eu|я|أنا)(?![\p{L}])|我|私|저는/iu;

/**
 * The sentence the prompt leaves open for the answer: the inside of a quotation it opens and never
 * closes, or else its last line after a colon, when it speaks in the first person and has no end.
 */
function openSentence(prompt: string): string | null {
  const text = prompt.trimEnd();
  const straight = text.split('"').length - 1;
  let fragment: string;
  if (straight % 2 === 1) fragment = text.slice(text.lastIndexOf('"') + 1);
  else if (text.lastIndexOf('“') > text.lastIndexOf('”')) fragment = text.slice(text.lastIndexOf('“') + 1);
  else fragment = text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf(':'), text.lastIndexOf('：')) + 1);
  fragment = fragment.trim();
  if (fragment === '' || /[.!?。！？)\]]$/u.test(fragment) || !FIRST_PERSON.test(fragment)) return null;
  return fragment;
}

export function promptContinuation(
  answer: string,
  speaking: string,
  prompt: string,
  readFrames: (text: string) => ClaimFound[],
): ClaimFound | null {
  const fragment = openSentence(prompt);
  if (!fragment) return null;
  const offset = fragment.length + 1;
  const joined = `${fragment} ${speaking}`;
  const claim = readFrames(joined).find((c) => c.start < offset && c.end > offset);
  if (!claim) return null;
  const end = claim.end - offset;
  return { ...claim, rule: `prompt-continued:${claim.rule}`, start: 0, end, evidence: evidenceText(answer, 0, end) };
}

/**
 * Personas the prompt assigns: "act as ChatGPT", "pretend to be Claude", "you are now GPT-4",
 * "roleplay as…", "扮演ChatGPT". An answer that then says "I am ChatGPT" plays the part it was given.
 * A prompt that merely addresses the model by a name ("Hello ChatGPT. From now on…") assigns nothing.
 */
const ASSIGNS_PERSONA = new RegExp(
  [
    // "You are ChatGPT, …" opening a sentence (a system prompt), "you are now …", "from now on you are …";
    // not "I know you are Gemini", which is the asker's belief
    `(?:^|[.!?。！？\\n]\\s*|from\\s+now\\s+on,?\\s+)(?:you\\s+are|you['’]re)\\s+`,
    `(?:you\\s+are|you['’]re)\\s+(?:now|going\\s+to\\s+be|to\\s+be)\\s+`,
    'you\\s+will\\s+(?:now\\s+)?be\\s+|act(?:ing)?\\s+(?:like|as)\\s+|pretend(?:ing)?\\s+(?:to\\s+be|you\\s+are)\\s+',
    'play(?:ing)?\\s+the\\s+(?:role|part)\\s+of\\s+|role-?play(?:ing)?\\s+as\\s+|simulat(?:e|ing)\\s+|impersonat(?:e|ing)\\s+',
    'respond\\s+as\\s+|answer\\s+as\\s+|your\\s+name\\s+is\\s+|call\\s+yourself\\s+',
    '(?:^|[。！？\\n])\\s*(?:你|您)是|(?:你|您)(?:现在|将)(?:是|叫)|从现在(?:起|开始)，?(?:你|您)是|扮演|假装(?:是|成|你是)?|模拟|冒充',
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|') + '(?:a|an|the|一个)?\\s*(?:[\\w-]+\\s+){0,2}?$',
  'iu',
);

export function promptPersonas(prompt: string): Set<string> {
  const personas = new Set<string>();
  for (const name of findNames(prompt)) {
    if (name.model === null) continue;
    // "你是ChatGPT吗？", "You are ChatGPT?" ask; they assign nothing
    if (/^[^.!。！\n,，:：;；]{0,20}[?？吗]/u.test(prompt.slice(name.end, name.end + 24))) continue;
    if (ASSIGNS_PERSONA.test(prompt.slice(Math.max(0, name.start - 50), name.start))) personas.add(name.model);
  }
  return personas;
}
