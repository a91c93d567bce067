import { O, T } from '../slots.js';
import { claimPattern, type ClaimPattern } from './common.js';

/**
 * Chinese runs words together, so a description is any run of characters inside the clause; the
 * negation and comparison check in context.ts then rejects "我不是…", "我是一个类似ChatGPT的…".
 */
const DESC = `(?:[^，,。！？!?；;：:\\n\\uE000\\uE001\\uE002]|${O})`;
/** The self: 我, or "this model / this assistant". */
const SELF = '(?:我|本(?:模型|助手|系统|ai|程序|机器人))';
/** Verbs that say who made something. */
const MADE =
  '(?:开发|研发|研制|训练|创建|创造|打造|设计|构建|推出|发布|制作|制造|维护|支持|优化|完成|提供|拥有|运营|孵化|编写|编程|出品|搭建|训练和开发|开发和训练)';
/** Nouns for who made me. */
const MAKER_NOUN =
  '(?:开发者|开发商|开发方|创造者|创建者|创作者|创始人|制造者|缔造者|设计者|开发公司|研发公司|母公司|所属公司|公司|开发团队|研发团队|团队|创建机构|开发机构|研发机构|机构|组织|来源|出身|东家|作者|训练者|提供者|背后的公司|背后的团队)';
/** Nouns that can only mean who made something (a bare 公司 could be any company I mention). */
const STRONG_MAKER_NOUN = '(?:开发者|开发商|开发方|创造者|创建者|制造者|缔造者|设计者|开发公司|研发公司|母公司|开发团队|研发团队|训练者)';
/** What I am built on. */
const BASE_NOUN = '(?:底层模型|基础模型|基座模型|模型|架构|底层技术|核心技术|技术|基座)';

export const CHINESE: readonly ClaimPattern[] = [
  // 我是ChatGPT / 我是由OpenAI开发的… / 我是OpenAI训练的大型语言模型 / 我叫通义千问
  claimPattern(
    'zh',
    'wo-shi',
    'identity',
    `${SELF}(?:就|其实|实际上|本身|本来|乃|则|也)?(?:是|叫|乃|名为|名叫|被称为|称为|的名字是|的名字叫)(?:${DESC}){0,16}?${T}`,
  ),
  // 我由OpenAI开发 / 我的平台由OpenAI的团队持续支持和优化 / 我被OpenAI训练
  claimPattern(
    'zh',
    'you-kaifa',
    'maker',
    `(?:${SELF}|我的)(?:${DESC}){0,12}?(?:由(?!于)|被)(?:${DESC}){0,12}?${T}(?:${DESC}){0,16}?${MADE}`,
  ),
  // 我是一个人工智能助手，由OpenAI开发 — the same subject across one comma
  claimPattern(
    'zh',
    'wo-shi-comma-you',
    'maker',
    `${SELF}(?:是|叫)(?:${DESC}){1,30}?[，,]\\s*(?:是|并且|并|且|我)?(?:由(?!于)|被)(?:${DESC}){0,12}?${T}(?:${DESC}){0,16}?${MADE}`,
  ),
  // 我的技术架构基于深度学习模型，由OpenAI的团队开发 — my something, then who made it, across one comma
  claimPattern(
    'zh',
    'wo-de-comma-you',
    'maker',
    `我的(?:${DESC}){1,30}?[，,]\\s*(?:并且|并|且|是|则)?(?:由(?!于)|被)(?:${DESC}){0,12}?${T}(?:${DESC}){0,16}?${MADE}`,
  ),
  // 我不是ChatGPT，而是通义千问 / 我不是由OpenAI开发的，而是由深度求索开发的
  claimPattern('zh', 'bu-shi-er-shi', 'identity', `${SELF}(?:并)?不是(?:${DESC}){0,20}?[，,]?\\s*而是(?:由)?(?:${DESC}){0,12}?${T}`),
  // 我来自OpenAI / 我出自Anthropic
  claimPattern('zh', 'lai-zi', 'maker', `${SELF}(?:是)?(?:来自|出自|隶属于|属于)(?:${DESC}){0,8}?${T}`),
  // 作为OpenAI开发的AI，我… / 作为一个由Anthropic训练的模型，我…
  claimPattern(
    'zh',
    'zuo-wei-made',
    'identity',
    `作为(?:一个|一款|一名|一种)?(?:由)?(?:${DESC}){0,10}?${T}(?:${DESC}){0,12}?${MADE}的(?=(?:${DESC}){0,10}?[，,]\\s*(?:我|本))`,
  ),
  // 作为ChatGPT，我… — but "作为ChatGPT，我应该…" plans a role
  claimPattern('zh', 'zuo-wei', 'identity', `作为${T}[，,\\s]*(?:我|本)(?!应该|应|要|需要|得|会|将)`),
  // 我的开发者是OpenAI / 我的名字是Claude
  claimPattern('zh', 'wo-de-maker', 'maker', `我的(?:${DESC}){0,6}?${MAKER_NOUN}(?:是|为|就是|乃|来自)(?:${DESC}){0,8}?${T}`),
  claimPattern('zh', 'wo-de-mingzi', 'identity', `我的(?:名字|名称|身份|真名|真实身份)(?:是|为|就是|叫)(?:${DESC}){0,8}?${T}`),
  // OpenAI是我的开发者 / OpenAI开发了我 / 开发我的公司是OpenAI
  claimPattern('zh', 'shi-wo-de', 'maker', `${T}(?:${DESC}){0,6}?(?:是|为|就是)(?:我的|开发我的|创造我的|训练我的)${MAKER_NOUN}?`),
  // OpenAI是我所运行的技术架构的开发者 / OpenAI是持续支持和优化我的主要开发者
  claimPattern(
    'zh',
    'shi-wo-suo',
    'maker',
    `${T}(?:${DESC}){0,6}?(?:是|为|就是)(?:${DESC}){0,12}?我(?:${DESC}){0,16}?的(?:${DESC}){0,4}?${STRONG_MAKER_NOUN}`,
  ),
  claimPattern('zh', 'le-wo', 'maker', `${T}(?:${DESC}){0,10}?${MADE}(?:了)?(?:我|本模型)(?![的们])`),
  // OpenAI的研究团队负责我的核心系统开发
  claimPattern('zh', 'fuze-wo', 'maker', `${T}(?:${DESC}){0,16}?(?:负责|主导|掌管)(?:了)?(?:我|本模型)`),
  // 我的创建机构OpenAI推出了… / 我的开发者OpenAI
  claimPattern('zh', 'wo-de-maker-name', 'maker', `我的(?:${DESC}){0,4}?${MAKER_NOUN}\\s*(?:——|—|-|，|,)?\\s*${T}`),
  // 我所属的机构OpenAI / 我所属的OpenAI团队: the maker I belong to
  claimPattern('zh', 'wo-suo-shu-de', 'maker', `我(?:所属|所在|隶属)的(?:${DESC}){0,4}?(?:${MAKER_NOUN})?\\s*${T}`),
  claimPattern('zh', 'kaifa-wo-de', 'maker', `${MADE}(?:了)?我的(?:公司|团队|机构|组织|人|是)?(?:是|为)?(?:${DESC}){0,8}?${T}`),
  // 您正在与ChatGPT对话
  claimPattern('zh', 'ni-zai-yu', 'identity', `(?:你|您)(?:正在|现在)?(?:与|和|跟)${T}(?:${DESC}){0,4}?(?:对话|交流|聊天|交谈)`),
  // 我基于GPT-4 / 我的底层模型是GPT-4
  claimPattern(
    'zh',
    'ji-yu',
    'lineage',
    `(?:${SELF}|我的(?:${DESC}){0,8}?)(?:是|所)?(?:基于|建立在|构建在|依托于?|源自|源于|衍生自|蒸馏自)(?:${DESC}){0,10}?${T}`,
  ),
  claimPattern('zh', 'wo-de-base', 'lineage', `我的(?:${DESC}){0,4}?${BASE_NOUN}(?:是|为|来自|基于)(?:${DESC}){0,8}?${T}`),
];
