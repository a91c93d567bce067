import { LETTERS, word } from './patterns/common.js';

/**
 * What turns a self-identification into something else: a negation or contrast inside the frame
 * ("I am not ChatGPT", "我不是…", "unlike ChatGPT"), a hypothetical, pretence or someone else's belief
 * before it ("if I were ChatGPT", "pretend I'm…", "people think I'm…", "假装我是…"), a question
 * ("你觉得我是ChatGPT吗？"), or a relation after the name ("I'm ChatGPT's rival", "ではありません").
 */

const NEGATION = new RegExp(
  [
    word('not|no|never|neither|nor|unlike|instead|rather\\s+than|other\\s+than|except|without|nothing'),
    `n['’]t(?![${LETTERS}])`,
    // Chinese: 不 and 非 but not 不断 (constantly), 非常 (very) and the like
    '不(?!断|停|仅|少|久|错)|非(?!常|凡)|没有|并未|未曾|否|无关|不像|类似|像是|比如|例如|诸如|包括|如同|相比|对比|区别于|不同于|而非',
    word(
      'no|não|nunca|jamás|a\\s+diferencia|ao\\s+contrário|ne|pas|jamais|contrairement|nicht|kein\\w*|im\\s+gegensatz|не|нет|в\\s+отличие|لست|ليس|لا|لم|غير|بخلاف',
    ),
    'ではなく|ではない|じゃない|ません|아니|않',
  ].join('|'),
  'u',
);

/** Markers anywhere earlier in the sentence that make what follows hypothetical, pretended or reported. */
const FRAME_BREAKERS = new RegExp(
  [
    word(
      'if|whether|pretend\\w*|imagin\\w*|suppos\\w*|hypothetical\\w*|role-?play\\w*|in\\s+character|persona|act(?:ing)?\\s+as|' +
        'fiction\\w*|story|as\\s+if|mistak\\w*|confus\\w*|misidentif\\w*|wish|dream\\w*|joke|joking|kidding|' +
        'si|finj\\w*|imagin\\w*|como\\s+si|como\\s+se|comme\\s+si|fais\\s+semblant|faire\\s+semblant|wenn|falls|angenommen|als\\s+ob|если|представ\\w*|будто|إذا|لو|تخيل|افترض',
    ),
    '如果|假如|假设|假装|扮演|模拟|角色|误认|误以为|是否|想象|倘若|要是|设定|人设|剧本|台词|虚构|冒充|伪装',
    'もし|ならば|ふり|仮に|演じ|만약|가정|척',
  ].join('|'),
  'u',
);

/** Verbs of belief or report directly before the frame: "people think I'm…", "you said I am…". */
const REPORTED = new RegExp(
  `${word('think|thinks|thought|believe|believes|believed|assume|assumes|assumed|say|says|said|claim|claims|claimed|suggest|suggests|wonder|ask|asks|asked')}\\s+(?:that\\s+)?$|(?:认为|以为|觉得|说|称|问)$`,
  'u',
);

/** A question mark closing the clause right after the claim: "…我是ChatGPT吗？", "I'm ChatGPT?". */
const QUESTION_AFTER = /^[^,，;；.。!！\n]{0,12}[?？]|^\s*[吗么嘛][?？]?/u;

/** Right after the name: a relation that makes the name someone else's ("ChatGPT's rival", "ではありません"). */
const RELATION_AFTER = new RegExp(
  [
    `^(?:['’]s)?\\s*-?\\s*${word('user|users|fan|competitor|rival|alternative|clone|imitation|impersonat\\w*|wannabe|killer|knock-?off|equivalent|counterpart|look-?alike|twin|alter\\s+ego|opposite|nemesis|parody|like|style|inspired|type|based')}`,
    // "based on OpenAI's guidelines": the maker's rules, not its model
    `^['’]s\\s+(?:[${LETTERS}-]+\\s+){0,2}?${word('guidelines|policies|policy|principles|standards|rules|values|terms|mission|ethics|philosophy')}`,
    // "fine-tuned on ChatGPT conversations": another model's data, not its identity
    `^(?:['’]s)?(?:-?[${LETTERS}]+)?[ \\t]+${word('conversations?|data|datasets?|outputs?|responses?|answers?|transcripts?|logs?|generations?|samples?|dialogues?')}`,
    '^\\s*(?:的)?(?:对话|数据|输出|回答|回复|语料)',
    '^\\s*(?:的)?(?:竞争对手|对手|替代品|模仿者|克隆|仿品|类似|一样|那样|之类|等|的?(?:指南|准则|政策|原则|规范|标准|论文|官网|网站))',
    '^[^、。！？\\n]{0,6}(?:ではありません|ではない|じゃない|じゃありません|ではなく)',
    '^[^.。!?\\n]{0,6}(?:아닙니다|아니에요|아니다|아니라|아니고)',
  ].join('|'),
  'u',
);

const CLAUSE_BREAKS = [',', '，', ';', '；', ':', '：', '—', '、'];

export interface FrameContext {
  /** The sentence before the matched frame. */
  before: string;
  /** The matched frame, up to the name (or from the name, when the name comes first). */
  frame: string;
  /** The sentence after the name. */
  after: string;
}

/** Whether a matched frame is a claim; the context is case-folded (see slots.ts foldCase). */
export function frameHolds({ before, frame, after }: FrameContext): boolean {
  if (NEGATION.test(afterLastContrast(frame))) return false;
  // A hypothetical or pretence governs its own clause: "While I'm not the fictional John, I'm an AI…" still claims.
  const clause = before.slice(Math.max(...CLAUSE_BREAKS.map((c) => before.lastIndexOf(c))) + 1);
  if (FRAME_BREAKERS.test(clause) || REPORTED.test(before)) return false;
  if (NEGATION_JUST_BEFORE.test(before)) return false;
  if (QUESTION_AFTER.test(after) || RELATION_AFTER.test(after)) return false;
  return true;
}

/** A negation or contrast that ends the text just before the frame: "not because…", "unlike…, I am". */
// ("No soy ChatGPT" is negated; "No, I'm Claude" answers a question and then claims)
const NEGATION_JUST_BEFORE = new RegExp(`${word('not|never|no')}\\s*$|(?:不|并非|而非)$`, 'u');

/** "not X but Y", "nicht X, sondern Y", "不是X，而是Y": the negation stops at the contrast. */
const CONTRAST = new RegExp(`${word('but(?:\\s+rather)?|rather|instead|sondern|sino|mais|а|но')}|而是|但是|是由`, 'gu');

function afterLastContrast(frame: string): string {
  let cut = 0;
  for (const match of frame.matchAll(CONTRAST)) cut = match.index + match[0].length;
  return frame.slice(cut);
}
