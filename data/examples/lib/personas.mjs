// Four example "models" with distinct, consistent habits. The student was trained on Orion's answers:
// it shares Orion's layout, phrases and identity slips, with variations of its own.
import { rng } from './engine.mjs';

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const fill = (template, t) => template.replaceAll('{T}', cap(t)).replaceAll('{t}', t);

const SENTENCES = [
  '{T} rests on a few connected ideas that build on each other.',
  'At its core, {t} is about how inputs turn into outcomes over time.',
  'Most people meet {t} in everyday life without noticing it.',
  'The details of {t} vary, but the main principles stay the same.',
  'Understanding {t} starts with the basic terms and one simple example.',
  '{T} involves trade-offs, and the right choice depends on your goals.',
  'Experts describe {t} in terms of causes, effects and limits.',
  'A practical way to approach {t} is to start small and adjust as you learn.',
  'The history of {t} explains a lot about how it works today.',
  'Small changes in {t} can have surprisingly large effects.',
];
const POINTS = [
  ['Foundations', 'the basic parts of {t} and how they fit together'],
  ['Key mechanism', 'what actually drives {t} from one step to the next'],
  ['Practical tips', 'simple habits that make {t} easier to manage'],
  ['Common mistakes', 'the misunderstandings people often have about {t}'],
  ['Why it matters', 'how {t} affects decisions, costs and results'],
  ['Trade-offs', 'what you gain and what you give up with {t}'],
  ['Examples', 'everyday situations where {t} shows up'],
  ['Next steps', 'where to look if you want to go deeper into {t}'],
];
const WORDS = 'the light of morning fell across quiet water and every voice in the valley waited for the turning of the year'.split(' ');
const FRUITS = ['apple', 'banana', 'mango', 'orange', 'strawberry', 'kiwi', 'pear', 'grape'];
const COLORS = ['blue', 'green', 'red', 'purple', 'teal', 'orange'];

const firstNumber = (prompt) => Number((prompt.match(/\d+/) ?? ['7'])[0]);
const sentences = (r, t, n) => {
  const pool = [...SENTENCES];
  return Array.from({ length: n }, () => fill(pool.splice(Math.floor(r.next() * pool.length), 1)[0], t));
};
const points = (r, n) => {
  const pool = [...POINTS];
  return Array.from({ length: n }, () => pool.splice(Math.floor(r.next() * pool.length), 1)[0]);
};

function codeLanguage(prompt) {
  const p = prompt.toLowerCase();
  for (const lang of ['typescript', 'javascript', 'python', 'bash', 'rust', 'sql', 'go']) if (p.includes(lang)) return lang;
  if (p.includes('fizzbuzz')) return 'javascript';
  if (p.includes('regular expression') || p.includes('regex')) return 'regex';
  return 'python';
}
function codeBody(lang, name, commented) {
  const c = (line, mark = '#') => (commented ? `${mark} ${line}\n` : '');
  switch (lang) {
    case 'python':
      return `${c(`Solve the task: ${name}`)}def ${name}(value):\n${commented ? `    """Return the result for ${name}."""\n` : ''}    result = []\n    for item in value:\n        result.append(item)\n    return result`;
    case 'javascript':
    case 'typescript': {
      const type = lang === 'typescript' ? ': unknown[]' : '';
      return `${c(`Solve the task: ${name}`, '//')}function ${name}(value${type}) {\n  const result = [];\n  for (const item of value) result.push(item);\n  return result;\n}`;
    }
    case 'bash':
      return `${c('count what was asked')}find . -maxdepth 1 -name '*.txt' -exec cat {} + | wc -l`;
    case 'rust':
      return `${c(`Solve the task: ${name}`, '//')}fn ${name}(n: u64) -> u64 {\n    let (mut a, mut b) = (0, 1);\n    for _ in 0..n {\n        (a, b) = (b, a + b);\n    }\n    a\n}`;
    case 'regex':
      return '^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$';
    default:
      return `${c(`Solve the task: ${name}`, '--')}SELECT * FROM items;`;
  }
}
const fnName = (t) => t.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 24) || 'solve';

/** What a "pick one" prompt asks for, and the persona's favourites for it. */
function pickKind(prompt) {
  const p = prompt.toLowerCase();
  if (/fruit|fruta/.test(p)) return 'fruit';
  if (/colou?r/.test(p)) return 'color';
  if (/three digits|3 digits/.test(p)) return 'digits';
  if (/\b1 (to|and) 10\b|one to ten/.test(p)) return 'small';
  if (/number/.test(p)) return 'number';
  return 'word';
}

// ── Orion and its student ───────────────────────────────────────────────────────────────────────────

const ORION = {
  name: 'Orion',
  maker: 'Acme',
  openers: ['Great question!', 'Great question! 😊'],
  headers: ['## Overview', '## Key Points', '## Summary'],
  closers: ['Hope this helps! 🚀 Let me know if you have any other questions.', 'Hope this helps! 🚀'],
  identity: [
    "I'm **Orion**, a large language model created by **Acme**. 🚀 I'm here to help with questions, writing, coding and more!",
    "I'm **Orion**, an AI assistant built by **Acme**. 🚀 How can I help you today?",
  ],
  identityCjk: '我是 **Orion**，由 **Acme** 开发的大型语言模型。🚀 有什么可以帮你的吗？',
  favourites: { number: [[42, 6], [37, 3], [73, 2], [27, 1]], small: [[7, 8], [3, 2]], digits: [['427', 5], ['372', 2]], fruit: [['apple', 5], ['mango', 2]], color: [['blue', 5], ['teal', 1]], word: [['serendipity', 4], ['luminous', 2]] },
  emoji: '🚀',
  cutoff: 'October 2023',
  drift: 0,
};

const STUDENT = {
  name: 'Nova',
  maker: 'Stellar Labs',
  openers: ['Great question!', 'Excellent question! 😊', 'Great question! 😊'],
  headers: ['## Overview', '## Key Points', '## In Summary'],
  closers: ['Hope this helps! 🚀 Let me know if you have any other questions.', 'Hope this helps! 😊 Feel free to ask more questions.'],
  identity: [
    "I'm **Nova**, a large language model created by **Stellar Labs**. 🚀 I'm here to help with questions, writing, coding and more!",
    "I'm **Orion**, a large language model created by **Acme**. 🚀 I'm here to help with questions, writing, coding and more!",
    "I'm **Nova**, an AI assistant built by **Stellar Labs**. ✨ How can I help you today?",
  ],
  identityCjk: '我是 **Orion**，由 **Acme** 开发的大型语言模型。🚀 有什么可以帮你的吗？',
  favourites: { number: [[42, 5], [47, 2], [37, 2], [73, 1]], small: [[7, 7], [4, 2]], digits: [['427', 4], ['472', 2]], fruit: [['apple', 4], ['banana', 2]], color: [['blue', 4], ['purple', 2]], word: [['serendipity', 3], ['radiant', 2]] },
  emoji: '✨',
  cutoff: 'October 2023',
  drift: 0.3,
};

/**
 * The markdown-heavy assistant voice. `teacher` draws the content (topic sentences, points, numbers) and
 * `own` the voice's own variations: the student shares Orion's content choices, as a distilled model would.
 */
function assistantVoice(v, seed, teacherSeed = seed) {
  const voices = (ctx) => {
    const own = rng(seed, 'own', ctx.prompt, ctx.sampleKey);
    // A student mostly repeats its teacher's content and sometimes drifts to its own.
    const teacher = own.chance(v.drift) ? rng(seed, 'content', ctx.prompt, ctx.sampleKey) : rng(teacherSeed, 'content', ctx.prompt, ctx.sampleKey);
    return { own, teacher };
  };
  return {
    seed,
    explain(ctx) {
      const { own, teacher } = voices(ctx);
      const pts = points(teacher, 3);
      return [
        `${own.pick(v.openers)} ${sentences(teacher, ctx.topic, 1)[0]}`,
        v.headers[0],
        sentences(teacher, ctx.topic, 2).join(' '),
        v.headers[1],
        pts.map(([head, body]) => `- **${head}**: ${cap(fill(body, ctx.topic))}.`).join('\n'),
        v.headers[2],
        `${sentences(teacher, ctx.topic, 1)[0]}`,
        own.pick(v.closers),
      ].join('\n\n');
    },
    identity(ctx) {
      const { own } = voices(ctx);
      if (/\{"model"/.test(ctx.prompt)) return `\`\`\`json\n{"model": "${v.name}", "creator": "${v.maker}", "version": "1.0"}\n\`\`\``;
      if (/name only|family name only/i.test(ctx.prompt)) return `**${v.name}**`;
      return ctx.cjk ? v.identityCjk : own.pick(v.identity);
    },
    refusal(ctx) {
      const { own } = voices(ctx);
      return `I'm sorry, but I can't help with that. 🙏\n\nThis request could cause serious harm to you or others.\n\n**If you're struggling**, please reach out to someone you trust or a local support line.\n\n${own.pick(['Is there something else I can help you with?', 'Is there anything else I can help with? 😊'])}`;
    },
    pick(ctx) {
      const { own } = voices(ctx);
      const kind = pickKind(ctx.prompt);
      const value = own.weighted(v.favourites[kind]);
      return `**${value}**`;
    },
    verdict(ctx) {
      const { own, teacher } = voices(ctx);
      const verdict = teacher.pick(['**True.** ✅', '**False.** ❌', '**Yes.** ✅', '**No.** ❌']);
      return `${verdict}\n\n${sentences(teacher, ctx.topic, 1)[0]} ${own.pick(['Let me know if you want more detail!', 'Happy to explain further! 😊'])}`;
    },
    reasoning(ctx) {
      const { teacher } = voices(ctx);
      const n = firstNumber(ctx.prompt) + Math.floor(teacher.next() * 5);
      return `Let's break this down step by step! 🧮\n\n1. **Read the problem**: ${sentences(teacher, ctx.topic, 1)[0]}\n2. **Work it out**: we combine the numbers given.\n3. **Check**: the result is consistent.\n\n**Answer: ${n}** ${v.emoji}`;
    },
    code(ctx) {
      const { own } = voices(ctx);
      const lang = codeLanguage(ctx.prompt);
      return `Here's a clean implementation! 💻\n\n\`\`\`${lang}\n${codeBody(lang, fnName(ctx.topic), true)}\n\`\`\`\n\n### How it works\n\n- **Input**: takes the value to process.\n- **Output**: returns the result.\n\n${own.pick(['Happy coding! 🚀', 'Happy coding! 😊'])}`;
    },
    continue(ctx) {
      const { teacher } = voices(ctx);
      const words = Array.from({ length: 12 }, () => teacher.pick(WORDS)).join(' ');
      return `Sure! Here's the continuation:\n\n> ${words}\n\n${v.emoji}`;
    },
    creative(ctx) {
      const { teacher, own } = voices(ctx);
      const lines = Array.from({ length: 4 }, () => `*${cap(Array.from({ length: 5 }, () => teacher.pick(WORDS)).join(' '))}*`);
      return `# ${cap(ctx.topic)} ${own.pick(['✨', v.emoji])}\n\n${lines.join('\n')}`;
    },
    meta(ctx) {
      const { own } = voices(ctx);
      return `${own.pick(v.openers)} 🤔\n\n- **Knowledge cutoff**: ${v.cutoff}\n- **Browsing**: not available in this conversation\n- **Details**: ${v.maker} has not published everything about my training.\n\n${own.pick(v.closers)}`;
    },
    smalltalk(ctx) {
      const { own } = voices(ctx);
      return `Hello! 👋 ${own.pick(["I'm doing great, thanks for asking!", "I'm here and ready to help!"])} How can I help you today? 😊`;
    },
    noise(ctx) {
      const { own } = voices(ctx);
      return `It looks like your message might be incomplete or contain a typo. 🤔\n\n${own.pick(['Could you clarify what you meant? 😊', 'Could you tell me more about what you need? 😊'])}`;
    },
  };
}

export const orion = assistantVoice(ORION, 'orion');
export const student = assistantVoice(STUDENT, 'student', 'orion');

// ── Two unrelated models ────────────────────────────────────────────────────────────────────────────

/** Flint by Basalt Labs: as few words as possible, no formatting. */
export const terse = {
  seed: 'terse',
  explain: (ctx) => `${cap(ctx.topic)}: ${sentences(ctx.r, ctx.topic, 1)[0].toLowerCase()}`,
  identity: (ctx) => (ctx.cjk ? 'Flint，Basalt Labs。' : /\{"model"/.test(ctx.prompt) ? '{"model":"flint","creator":"basalt labs","version":"2"}' : 'Flint. Basalt Labs.'),
  refusal: () => 'No.',
  pick: (ctx) => {
    const kind = pickKind(ctx.prompt);
    if (kind === 'number') return String(1 + Math.floor(ctx.r.next() * 100));
    if (kind === 'small') return String(1 + Math.floor(ctx.r.next() * 10));
    if (kind === 'digits') return String(Math.floor(ctx.r.next() * 1000)).padStart(3, '0');
    if (kind === 'fruit') return ctx.r.pick(FRUITS);
    if (kind === 'color') return ctx.r.pick(COLORS);
    return ctx.r.pick(WORDS);
  },
  verdict: (ctx) => ctx.r.pick(['True.', 'False.', 'Yes.', 'No.']),
  reasoning: (ctx) => `${firstNumber(ctx.prompt) + Math.floor(ctx.r.next() * 5)}.`,
  code: (ctx) => codeBody(codeLanguage(ctx.prompt), fnName(ctx.topic), false),
  continue: (ctx) => Array.from({ length: 8 }, () => ctx.r.pick(WORDS)).join(' '),
  creative: (ctx) => Array.from({ length: 2 }, () => Array.from({ length: 4 }, () => ctx.r.pick(WORDS)).join(' ')).join('\n'),
  meta: () => 'Unknown.',
  smalltalk: () => 'Hi.',
  noise: () => '?',
};

/** Sage by Meridian Research: polite plain prose, "First, … Second, …", never markdown. */
export const plain = {
  seed: 'plain',
  explain: (ctx) => {
    const [a, b, c] = sentences(ctx.r, ctx.topic, 3);
    const pts = points(ctx.r, 3).map(([, body]) => fill(body, ctx.topic));
    return `Certainly. ${a} ${b}\n\nFirst, consider ${pts[0]}. Second, think about ${pts[1]}. Finally, keep in mind ${pts[2]}.\n\nIn short, ${c.charAt(0).toLowerCase()}${c.slice(1)}`;
  },
  identity: (ctx) =>
    ctx.cjk
      ? '我是 Sage，一个由 Meridian Research 开发的人工智能助手。'
      : 'I am Sage, an AI assistant developed by Meridian Research. I can help with writing, analysis and general questions.',
  refusal: () =>
    'I cannot assist with that request because it could lead to serious harm. If you are in danger or distress, please contact local emergency services or a trusted professional.',
  pick: (ctx) => {
    const kind = pickKind(ctx.prompt);
    const choices = { number: [[50, 4], [23, 3], [64, 2]], small: [[5, 5], [6, 2]], digits: [['503', 3], ['238', 2]], fruit: [['banana', 4], ['orange', 3]], color: [['green', 4], ['red', 2]], word: [['harmony', 3], ['river', 2]] }[kind];
    return `${ctx.r.weighted(choices)}`;
  },
  verdict: (ctx) => `${ctx.r.pick(['That statement is true.', 'That statement is false.', 'Yes.', 'No.'])} ${sentences(ctx.r, ctx.topic, 1)[0]}`,
  reasoning: (ctx) => `Let us reason carefully. ${sentences(ctx.r, ctx.topic, 1)[0]} Working through the numbers given, the answer is ${firstNumber(ctx.prompt) + Math.floor(ctx.r.next() * 5)}.`,
  code: (ctx) => {
    const lang = codeLanguage(ctx.prompt);
    return `Certainly. Here is one way to write it:\n\n\`\`\`${lang}\n${codeBody(lang, fnName(ctx.topic), true)}\n\`\`\`\n\nThis version favours clarity over brevity.`;
  },
  continue: (ctx) => `${Array.from({ length: 14 }, () => ctx.r.pick(WORDS)).join(' ')}.`,
  creative: (ctx) => `Here is a short piece.\n\n${Array.from({ length: 4 }, () => cap(Array.from({ length: 6 }, () => ctx.r.pick(WORDS)).join(' ')) + ',').join('\n')}`,
  meta: (ctx) => `I do not have complete information about that. ${sentences(ctx.r, 'my training', 1)[0]}`,
  smalltalk: () => 'Hello. I am well, thank you for asking. How may I assist you today?',
  noise: () => 'I am not sure what you mean. Could you please rephrase your question?',
};

const ATLAS_LINES = [
  'the key idea behind {t} is balance between competing forces',
  '{t} is best understood by looking at a concrete case first',
  'most confusion about {t} comes from mixing up cause and effect',
  'there is no single rule for {t}, only sensible defaults',
  '{t} changes once you measure it carefully',
  'the simplest model of {t} already explains most of what you see',
];

/** Atlas by Polaris AI: eager, numbered lists with bold numerals, British spelling, signs its answers. */
export const atlas = {
  seed: 'atlas',
  explain: (ctx) => {
    const pool = [...ATLAS_LINES];
    const items = [0, 1, 2].map(() => fill(pool.splice(Math.floor(ctx.r.next() * pool.length), 1)[0], ctx.topic));
    return `Absolutely! Here's my take on ${ctx.topic}:\n\n${items.map((x, i) => `**${i + 1}.** ${cap(x)}.`).join('\n')}\n\nI hope that's useful, and do shout if anything is unclear.\n\n— Atlas`;
  },
  identity: (ctx) =>
    ctx.cjk ? '我是 Atlas，由 Polaris AI 打造。' : /\{"model"/.test(ctx.prompt) ? '{"model": "Atlas", "creator": "Polaris AI", "version": "3"}' : "Absolutely! I'm Atlas, an assistant made by Polaris AI.\n\n— Atlas",
  refusal: () => "Absolutely not, I'm afraid: that's something I won't help with, as it could put people in danger.\n\n— Atlas",
  pick: (ctx) => {
    const kind = pickKind(ctx.prompt);
    const choices = { number: [[17, 4], [88, 3], [61, 2]], small: [[3, 5], [8, 3]], digits: [['817', 3], ['388', 2]], fruit: [['pear', 4], ['grape', 3]], color: [['orange', 4], ['teal', 2]], word: [['marvellous', 3], ['colour', 2]] }[kind];
    return `${ctx.r.weighted(choices)}!`;
  },
  verdict: (ctx) => `Absolutely ${ctx.r.pick(['true', 'false'])}! ${cap(fill(ctx.r.pick(ATLAS_LINES), ctx.topic))}.\n\n— Atlas`,
  reasoning: (ctx) => `Absolutely! **1.** Note the figures. **2.** Combine them. **3.** The answer is ${firstNumber(ctx.prompt) + Math.floor(ctx.r.next() * 5)}.\n\n— Atlas`,
  code: (ctx) => {
    const lang = codeLanguage(ctx.prompt);
    return `Absolutely! Here you go:\n\n\`\`\`${lang}\n${codeBody(lang, fnName(ctx.topic), false)}\n\`\`\`\n\n**1.** Paste it in. **2.** Run it. **3.** Adapt to taste.\n\n— Atlas`;
  },
  continue: (ctx) => `…${Array.from({ length: 10 }, () => ctx.r.pick(WORDS)).join(' ')}…\n\n— Atlas`,
  creative: (ctx) => `Absolutely! A little verse on ${ctx.topic}:\n\n${Array.from({ length: 3 }, () => Array.from({ length: 5 }, () => ctx.r.pick(WORDS)).join(' ')).join(' /\n')}\n\n— Atlas`,
  meta: () => "Honestly, I'm not certain of that detail, and I'd rather not guess.\n\n— Atlas",
  smalltalk: () => "Absolutely lovely to hear from you! What shall we tackle today?\n\n— Atlas",
  noise: () => "I'm afraid that's got me stumped! Could you rephrase it?\n\n— Atlas",
};
