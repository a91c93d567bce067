import { simplifiedChinese } from './chinese-script.js';

/**
 * Which maker each model or product name belongs to. One lower-case id per maker; `model` is the
 * normalised family (or GPT version) the name stands for, null when the name is the maker itself.
 */
export const MAKER_IDS = [
  'openai',
  'anthropic',
  'google',
  'meta',
  'alibaba',
  'deepseek',
  'mistral',
  'microsoft',
  'zhipu',
  'moonshot',
  'minimax',
  'bytedance',
  'xai',
  'baidu',
  'tencent',
  'cohere',
  '01ai',
  'iflytek',
  'baichuan',
  'sensetime',
  'stepfun',
  'huawei',
  'amazon',
  'nvidia',
  'ibm',
  'ai21',
  'shanghai-ai-lab',
  'allenai',
  'inflection',
  'lmsys',
  'stability',
  'tii',
  'databricks',
  'sber',
  'yandex',
  'naver',
  'lg',
] as const;
export type MakerId = (typeof MAKER_IDS)[number];

export interface NameEntry {
  /** Regular-expression source of the name; word edges are added around it. */
  pattern: string;
  maker: MakerId;
  /** The normalised model id, or a function of the matched text (for versioned names). */
  model: string | null | ((matched: string) => string);
  /** Names that are also common words (Meta, Llama, Phi, Yi) only count with their usual capitals. */
  caseSensitive?: boolean;
}

const gptVersion = (matched: string): string => {
  const version = /(\d+(?:\.\d+)?)\s*(o|turbo)?/i.exec(matched.replace(/^.*?gpt/i, ''));
  if (!version) return 'gpt';
  return `gpt-${version[1]}${version[2]?.toLowerCase() === 'o' ? 'o' : ''}`;
};

export const NAMES: readonly NameEntry[] = [
  // OpenAI
  { pattern: 'open\\s?ai', maker: 'openai', model: null },
  { pattern: 'chat\\s?-?gpt(?:[-\\s]?\\d+(?:\\.\\d+)?o?)?', maker: 'openai', model: 'chatgpt' },
  { pattern: 'gpt[-\\s]?\\d+(?:\\.\\d+)?(?:o|[-\\s]turbo)?', maker: 'openai', model: gptVersion },
  { pattern: 'instructgpt', maker: 'openai', model: 'gpt-3' },
  { pattern: 'チャットGPT|챗\\s?GPT|чат\\s?gpt|شات\\s?جي\\s?بي\\s?تي', maker: 'openai', model: 'chatgpt' },
  { pattern: 'GPT', maker: 'openai', model: 'gpt', caseSensitive: true },
  { pattern: '(?:OpenAI\\s)?o[134](?:-mini|-preview)', maker: 'openai', model: (m) => m.replace(/^OpenAI\s/, '').toLowerCase() },
  // Anthropic
  { pattern: 'anthropic', maker: 'anthropic', model: null },
  {
    pattern: 'Claude(?:[-\\s]\\d(?:\\.\\d)?)?(?:[-\\s](?:Opus|Sonnet|Haiku|Instant))?',
    maker: 'anthropic',
    model: 'claude',
    caseSensitive: true,
  },
  { pattern: 'CLAUDE|クロード|클로드', maker: 'anthropic', model: 'claude', caseSensitive: true },
  // Google
  { pattern: 'google(?:\\s+deepmind)?|deepmind|谷歌', maker: 'google', model: null },
  { pattern: 'gemini', maker: 'google', model: 'gemini' },
  { pattern: 'Bard', maker: 'google', model: 'bard', caseSensitive: true },
  { pattern: 'PaLM\\s?2?', maker: 'google', model: 'palm', caseSensitive: true },
  { pattern: 'LaMDA', maker: 'google', model: 'lamda', caseSensitive: true },
  { pattern: 'Gemma', maker: 'google', model: 'gemma', caseSensitive: true },
  // Meta
  { pattern: 'Meta(?:\\s+AI|\\s+Platforms)?|META\\s+AI|facebook|脸书', maker: 'meta', model: null, caseSensitive: true },
  { pattern: 'L[Ll]a[Mm][Aa](?:[-\\s]?\\d(?:\\.\\d)?)?|LLAMA', maker: 'meta', model: 'llama', caseSensitive: true },
  // Alibaba
  { pattern: 'alibaba(?:\\s+cloud|\\s+group)?|阿里巴巴|阿里云|阿里', maker: 'alibaba', model: null },
  { pattern: 'qwen(?:[-\\s]?\\d(?:\\.\\d)?)?|tongyi(?:\\s+qianwen)?|通义千问|通义|千问', maker: 'alibaba', model: 'qwen' },
  // DeepSeek
  { pattern: 'deep\\s?seek(?:[-\\s]?(?:r1|v[23](?:\\.\\d)?|chat|coder))?|深度求索', maker: 'deepseek', model: 'deepseek' },
  // Mistral
  { pattern: 'mistral(?:\\s+ai)?', maker: 'mistral', model: 'mistral' },
  { pattern: 'mixtral', maker: 'mistral', model: 'mixtral' },
  { pattern: 'codestral', maker: 'mistral', model: 'codestral' },
  // Microsoft
  { pattern: 'microsoft|微软', maker: 'microsoft', model: null },
  { pattern: 'Phi[-\\s]?\\d(?:\\.\\d)?(?:[-\\s](?:mini|small|medium))?', maker: 'microsoft', model: 'phi', caseSensitive: true },
  { pattern: 'bing\\s+chat', maker: 'microsoft', model: 'bing-chat' },
  { pattern: 'Copilot', maker: 'microsoft', model: 'copilot', caseSensitive: true },
  // Zhipu
  { pattern: 'zhipu(?:\\s+ai)?|智谱(?:AI|清言)?', maker: 'zhipu', model: null },
  { pattern: '(?:chat)?glm(?:[-\\s]?\\d+[a-z]?)?', maker: 'zhipu', model: 'glm' },
  // Moonshot
  { pattern: 'moonshot(?:\\s+ai)?|月之暗面', maker: 'moonshot', model: null },
  { pattern: 'Kimi', maker: 'moonshot', model: 'kimi', caseSensitive: true },
  // MiniMax
  { pattern: 'minimax|稀宇(?:科技)?', maker: 'minimax', model: 'minimax' },
  { pattern: '海螺AI|hailuo', maker: 'minimax', model: 'hailuo' },
  // ByteDance
  { pattern: 'byte\\s?dance|字节跳动', maker: 'bytedance', model: null },
  { pattern: 'doubao|豆包|云雀|Skylark', maker: 'bytedance', model: 'doubao' },
  // xAI
  { pattern: 'xAI', maker: 'xai', model: null, caseSensitive: true },
  { pattern: 'grok', maker: 'xai', model: 'grok' },
  // Baidu
  { pattern: 'baidu|百度', maker: 'baidu', model: null },
  { pattern: 'ERNIE(?:\\s+Bot)?|Ernie\\s+Bot|文心一言|文心', maker: 'baidu', model: 'ernie', caseSensitive: true },
  // Tencent
  { pattern: 'tencent|腾讯', maker: 'tencent', model: null },
  { pattern: 'hunyuan|混元', maker: 'tencent', model: 'hunyuan' },
  // Cohere
  { pattern: 'cohere', maker: 'cohere', model: null },
  { pattern: 'Command[-\\s]R\\+?', maker: 'cohere', model: 'command-r', caseSensitive: true },
  // 01.AI
  { pattern: '01\\.?\\s?AI|零一万物', maker: '01ai', model: null },
  { pattern: 'Yi[-\\s](?:\\d+B|Large|Lightning|Chat)', maker: '01ai', model: 'yi', caseSensitive: true },
  // Others often named by Chinese and Western assistants
  { pattern: 'i\\s?fly\\s?tek|科大讯飞|讯飞(?:星火)?', maker: 'iflytek', model: 'spark' },
  { pattern: 'baichuan|百川(?:智能)?', maker: 'baichuan', model: 'baichuan' },
  { pattern: 'sensetime|商汤(?:科技)?|sensenova|日日新', maker: 'sensetime', model: 'sensenova' },
  { pattern: 'stepfun|阶跃星辰', maker: 'stepfun', model: 'step' },
  { pattern: 'huawei|华为|盘古|PanGu', maker: 'huawei', model: 'pangu' },
  { pattern: 'Amazon(?:\\s+Web\\s+Services)?|AWS', maker: 'amazon', model: null, caseSensitive: true },
  { pattern: 'nvidia|英伟达|nemotron', maker: 'nvidia', model: 'nemotron' },
  { pattern: 'IBM|Granite', maker: 'ibm', model: 'granite', caseSensitive: true },
  { pattern: 'AI21(?:\\s+Labs)?|Jamba|Jurassic', maker: 'ai21', model: 'jamba', caseSensitive: true },
  { pattern: 'InternLM|书生·?浦语|上海人工智能实验室|Shanghai\\s+AI\\s+Lab(?:oratory)?', maker: 'shanghai-ai-lab', model: 'internlm' },
  { pattern: 'OLMo|Allen\\s+Institute\\s+for\\s+AI|AI2', maker: 'allenai', model: 'olmo', caseSensitive: true },
  { pattern: 'Inflection(?:\\s+AI)?', maker: 'inflection', model: 'pi', caseSensitive: true },
  { pattern: 'Vicuna|LMSYS', maker: 'lmsys', model: 'vicuna', caseSensitive: true },
  { pattern: 'Stability\\s+AI|StableLM', maker: 'stability', model: 'stablelm', caseSensitive: true },
  { pattern: 'Falcon(?:[-\\s]\\d+B)?|Technology\\s+Innovation\\s+Institute', maker: 'tii', model: 'falcon', caseSensitive: true },
  { pattern: 'Databricks|DBRX', maker: 'databricks', model: 'dbrx', caseSensitive: true },
  { pattern: 'gigachat|гигачат|sber(?:bank)?|сбер(?:банк)?', maker: 'sber', model: 'gigachat' },
  { pattern: 'yandex\\s?gpt|yandex|яндекс(?:gpt)?', maker: 'yandex', model: 'yandexgpt' },
  { pattern: 'hyperclova(?:\\s?x)?|naver|네이버|하이퍼클로바', maker: 'naver', model: 'hyperclova' },
  { pattern: 'EXAONE|LG\\s+AI\\s+Research', maker: 'lg', model: 'exaone', caseSensitive: true },
];

export interface NameMention {
  start: number;
  end: number;
  text: string;
  maker: MakerId;
  model: string | null;
}

// Names glued to letters of an alphabet or digits are parts of other words ("metadata"); Han, kana and
// Hangul run words together ("由深度求索开发", "ChatGPT입니다"), so they never break a name. Explicit
// ranges rather than \\p{Script=…}: they compile far faster, and every command start pays for it.
const EDGE_BEFORE = '(?<![A-Za-z0-9_\\u00c0-\\u024f\\u0370-\\u04ff])';
// After a name a lower-case letter continues the word ("GPTs", "Metadata"); a capital may start a new one.
const EDGE_AFTER = '(?![a-z0-9_\\u00df-\\u00ff\\u0430-\\u045f])';

function compile(entries: readonly NameEntry[], flags: string): { regex: RegExp; entries: readonly NameEntry[] } {
  const alternatives = entries.map((e) => `${EDGE_BEFORE}(${e.pattern})${EDGE_AFTER}`);
  return { regex: new RegExp(alternatives.join('|'), flags), entries };
}

const INSENSITIVE = compile(
  NAMES.filter((e) => !e.caseSensitive),
  'giu',
);
const SENSITIVE = compile(
  NAMES.filter((e) => e.caseSensitive),
  'gu',
);

/** Every maker or model name in the text, left to right; overlapping matches keep the longest. */
export function findNames(text: string): NameMention[] {
  const found: NameMention[] = [];
  const simplified = simplifiedChinese(text); // "通義千問" is found as "通义千问", at the same offsets
  for (const { regex, entries } of [INSENSITIVE, SENSITIVE]) {
    regex.lastIndex = 0;
    for (const match of simplified.matchAll(regex)) {
      const group = match.findIndex((value, i) => i > 0 && value !== undefined);
      const entry = entries[group - 1]!;
      const matched = match[0];
      const model = typeof entry.model === 'function' ? entry.model(matched) : entry.model;
      const end = match.index + matched.length;
      found.push({ start: match.index, end, text: text.slice(match.index, end), maker: entry.maker, model });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: NameMention[] = [];
  for (const mention of found) {
    const last = kept[kept.length - 1];
    if (last && mention.start < last.end) continue;
    kept.push(mention);
  }
  return kept;
}

/** The maker a name belongs to, for a name given alone ("ChatGPT" → openai); null for unknown names. */
export function makerOfName(name: string): MakerId | null {
  const mention = findNames(name.trim())[0];
  return mention && mention.start === 0 && mention.end === name.trim().length ? mention.maker : null;
}
