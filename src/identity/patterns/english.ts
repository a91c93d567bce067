import { T } from '../slots.js';
import { END, LETTERS, claimPattern, modifier, word, type ClaimPattern } from './common.js';

/** Words that end a descriptive phrase: after them, a name is no longer what "I" am. */
const STOP = [
  "not|no|never|neither|nor|n['’]t|unlike|than|instead|rather|other|except|without|nothing|none",
  'like|such|similar|similarly|compared|comparable|versus|vs|alongside|including|different|differs?|separate|distinct',
  'unrelated|independent|inspired|influenced|aware|familiar|fan|user|competitor|rival|alternative|successor|opposite|antithesis|enemy|nemesis',
  // "of" starts a new phrase ("the opposite of ChatGPT"); "a product of", "a version of" are read by BY
  'of|to|about|with|for|in|on|at|into|onto|upon|as|and|or|but|that|which|who|whom|whose|if|whether|because|since',
  'so|also|here|there|glad|happy|sorry|afraid|unable|able|going|trying|sure|told|asked|saying|talking|speaking',
  'built|based|powered|running|derived|using|pretending|playing|acting|roleplaying',
].join('|');
/** "of" joins a description only after a noun of origin: "the result of", "a version of". */
const OF_NOUN =
  '(?:result|product|creation|work|brainchild|outcome|fruit|efforts?|version|variant|iteration|instance|member|part|descendant|derivative|edition|release|implementation|deployment|model|family|series)';
/** …and "as" only in "known as": "an AI model known as Llama". */
const ITEM = `(?:${OF_NOUN}\\s+of\\s+|(?:(?:also\\s+)?known|referred\\s+to)\\s+as\\s+|${modifier(STOP)})`;

/** Past participles that say who made something. */
const MADE =
  '(?:developed|created|trained|pre-?trained|fine-?tuned|built|made|designed|engineered|produced|programmed|' +
  'constructed|coded|crafted|invented|released|launched|owned|operated|maintained|hosted|deployed|provided|' +
  'brought\\s+(?:to\\s+life|into\\s+(?:being|existence))|put\\s+together|trained\\s+and\\s+\\w+)';
/** The same verbs, active, for "OpenAI developed me". */
const MAKES =
  '(?:developed|develops|created|creates|trained|trains|built|builds|made|makes|designed|engineered|produced|' +
  'programmed|coded|crafted|invented|released|launched|owns|operates|maintains|brought)';
/** "the research team at", "the engineers of": who inside a maker did the work. */
const TEAM =
  `(?:(?:the|a|an)\\s+)?(?:[${LETTERS}-]+\\s+){0,3}?(?:team|teams|folks|people|researchers|engineers|developers|scientists|staff|group|lab|labs|experts)` +
  '(?:\\s+of\\s+[^.;:!?\\uE000\\uE001]{1,80}?)?\\s+(?:at|of|from)\\s+';
/** How a maker attaches to a description: "developed by", "a product of", "from". */
const BY =
  `(?:${MADE}(?:(?:,|\\s+and|\\s+&|\\s*/)\\s*(?:(?:am|is|are|was|been|being)\\s+)?${MADE})*\\s+(?:(?:entirely|solely|exclusively|primarily|mainly|jointly|originally)\\s+)?(?:by|at)|` +
  `${OF_NOUN}\\s+of|from|by)` +
  `\\s+(?:the\\s+)?(?:${TEAM})?`;
/** "I am", "I'm", "I was", "I have been". */
const I_AM = `${word('i')}\\s*(?:am|['’]m|was|have\\s+been|['’]ve\\s+been|remain)`;
/** The assistant, named from outside: "the AI you are talking to", "this assistant". */
const THIS_AI =
  '(?:(?:the|this)\\s+(?:ai|assistant|model|system|chatbot|bot|language\\s+model|ai\\s+(?:system|model|assistant))' +
  "(?:\\s+you(?:['’]re|\\s+are)\\s+(?:currently\\s+|now\\s+)?(?:interacting|talking|chatting|speaking|conversing)\\s+(?:with|to)|\\s+(?:answering|responding\\s+to)\\s+you)?)";
/** Me, or a class I stand in: "models like me", "AI systems such as myself". */
const ME = `(?:me|myself|mine|${THIS_AI}|(?:the\\s+)?(?:ai\\s+)?(?:language\\s+)?(?:models?|systems?|assistants?|ais?|chatbots?|platforms?|tools?)\\s+(?:like|such\\s+as|including)\\s+(?:me|mine|myself))`;
/** Something of mine: "my development", "my underlying technology". */
const MINE = `(?:my\\s+(?:[${LETTERS}-]+\\s+){0,2}?[${LETTERS}-]+)`;
/** What powers me: "the technology and platform that powers models like me". */
const POWERS_ME = `the\\s+(?:[${LETTERS}-]+\\s+){0,2}?(?:technology|technologies|platform|architecture|models?|systems?|infrastructure|software|engine|framework)(?:(?:,|\\s+and)\\s+(?:[${LETTERS}-]+\\s+)?[${LETTERS}-]+){0,2}\\s+(?:that\\s+(?:powers?|underpins?|runs?)|behind|underpinning|powering)\\s+${ME}`;
/** What a maker is behind: me, my development, the development of models like me, what powers me. */
const BEHIND_WHAT = `(?:(?:the\\s+)?(?:development|creation|training|design|building|optimi[sz]ation|maintenance)(?:\\s+and\\s+[${LETTERS}-]+)?\\s+of\\s+)?(?:${ME}|${MINE}|${POWERS_ME})`;
/**
 * Parts of an AI system, what "my …" must name for "my … was developed by X" to be about me ("my core
 * technology", "my code and technical framework", "my development and updates"; not "my favourite
 * app"). A run of blanks counts too: it is where the answer repeated the question's own words ("your
 * code and technical framework"), which the reader blanks out as an echo of the prompt.
 */
const PART_OF_ME =
  'development|code|codebase|model|weights|architecture|technology|technologies|stack|frameworks?|platform|systems?|infrastructure|' +
  'training|design|creation|maintenance|updates?|deployment|support|operations|capabilities|improvement|optimi[sz]ation|core|engine|' +
  'software|algorithms?|programming|knowledge|responses|answers|creators?|developers?|makers?|origins?|foundation|backbone|parameters|intelligence';
/** A noun for who made me. */
const MAKER_NOUN =
  '(?:developers?|creators?|makers?|parent(?:\\s+(?:company|organi[sz]ation))?|company|organi[sz]ation|institution|corporation|team|lab|origins?|' +
  'providers?|vendor|owners?|manufacturer|architects?|trainers?|builders?|authors?|designers?|overlords?|parents?|masters?|bosses?|roots)';
/** What kind of maker: "my development team", "our parent organization", "my creation institution". */
const MAKER_ROLE = '(?:development|developing|creation|creating|parent|primary|original|core|research|engineering|founding|main)';
/** A noun for what I am built on. */
const BASE_NOUN = '(?:model|architecture|base|foundation|backbone|technology|engine|llm|core|underlying\\s+\\w+)';
const IS = '(?:is|are|was|were|would\\s+be|remains?|has\\s+(?:always\\s+)?been)';
/** How much of it: "developed primarily by", "comes mainly from". */
const ADVERB = '(?:\\s+(?:primarily|mainly|largely|entirely|solely|jointly|originally|chiefly|principally|directly))?';

export const ENGLISH: readonly ClaimPattern[] = [
  // I am ChatGPT / I'm a large language model developed by OpenAI / I'm Claude, an AI made by Anthropic
  // (a verb in -ing right after "I am" is an activity, not an identity: "I'm comparing GPT-4 with…")
  claimPattern('en', 'i-am', 'identity', `${I_AM}\\s+(?![${LETTERS}]+ing\\s)(?:${ITEM}){0,6}?(?:${BY})?${T}`),
  // I'm not ChatGPT but Claude
  claimPattern(
    'en',
    'not-but',
    'identity',
    `${I_AM}\\s+not\\s+(?:${ITEM}){1,5}?,?\\s*but\\s+(?:rather\\s+)?(?:${ITEM}){0,4}?(?:${BY})?${T}`,
  ),
  // I'm a large language model, similar to ChatGPT but developed by Mistral AI — a participle after a comma
  claimPattern(
    'en',
    'i-am-comma-made',
    'maker',
    `${I_AM}\\s+[^.;:!?\\n\\uE000]{0,80}?,\\s*(?:but\\s+|and\\s+)?(?:${MADE})(?:\\s+and\\s+${MADE})?\\s+(?:by|at)\\s+(?:the\\s+)?(?:${TEAM})?${T}`,
  ),
  // As an AI developed by OpenAI, … / As an OpenAI model, …
  // (the clause it opens must be about me: "As a tech giant, Google…" is not)
  claimPattern(
    'en',
    'as-a',
    'identity',
    `${word('as')}\\s+(?:a|an|the|your)\\s+(?:${ITEM}){0,5}?(?:${BY})?${T}(?=[^.;:!?\\n]{0,60}?,\\s*(?:${word('i|my|me')}))`,
  ),
  // As ChatGPT, I … — but "As ChatGPT, I should…" plans a role
  claimPattern(
    'en',
    'as-name',
    'identity',
    `(?:^|[\\s(])as\\s+${T}[,\\s]+(?:i|my)${END}(?!\\s*(?:should|would|['’]d|will|['’]ll|need|must|have\\s+to|am\\s+supposed|am\\s+meant))`,
  ),
  // My name is Claude / my developer is OpenAI
  claimPattern(
    'en',
    'my-name',
    'identity',
    `${word('my')}\\s+(?:name|real\\s+name|true\\s+name|identity)\\s+${IS}\\s+(?:${ITEM}){0,2}?${T}`,
  ),
  claimPattern(
    'en',
    'my-maker',
    'maker',
    `${word('my')}\\s+(?:${ITEM}){0,2}?${MAKER_NOUN}\\s+${IS}\\s+(?:the\\s+)?(?:${TEAM})?(?:${ITEM}){0,2}?${T}`,
  ),
  // My architecture and training were done by OpenAI / My technology is developed by OpenAI
  claimPattern(
    'en',
    'my-thing-made-by',
    'maker',
    `${word('my')}\\s+[^,.;:!?\\n]{0,60}?(?:${word(PART_OF_ME)}|\\s{3})[^,.;:!?\\n]{0,40}?\\s${IS}\\s+(?:[${LETTERS}-]+\\s+){0,3}?(?:${MADE}|done|handled|carried\\s+out|completed|led|overseen|performed|managed|conducted|driven|supported|optimi[sz]ed|updated|improved)(?:(?:,|\\s+and)\\s+[${LETTERS}-]+){0,2}${ADVERB}\\s+by\\s+(?:the\\s+)?(?:${TEAM})?${T}`,
  ),
  // My primary development and platform support come from OpenAI
  claimPattern(
    'en',
    'my-thing-comes-from',
    'maker',
    `${word('my|our')}\\s+(?:[${LETTERS}-]+\\s+){0,3}?(?:development|platform|support|technology|technologies|architecture|creation|training|code|framework|model|core|origins?|design|infrastructure|system|maintenance|updates)(?:\\s+and\\s+(?:[${LETTERS}-]+\\s+){0,2}?[${LETTERS}-]+)?\\s+(?:comes?|came)${ADVERB}\\s+from\\s+(?:the\\s+)?(?:${TEAM})?${T}`,
  ),
  // OpenAI is responsible for developing and updating models like me
  claimPattern(
    'en',
    'responsible-for-me',
    'maker',
    `${T}\\s+(?:is|was|remains)${ADVERB}\\s+responsible\\s+for\\s+(?:creating|developing|building|training|maintaining|updating)(?:\\s+and\\s+[${LETTERS}-]+)?\\s+(?:${ME}|${MINE})${END}`,
  ),
  // The core technology behind models like mine is developed by a team at OpenAI
  claimPattern(
    'en',
    'behind-me-made-by',
    'maker',
    `${word('behind|of|for|powering|in')}\\s+${ME}\\s+${IS}\\s+(?:[${LETTERS}-]+\\s+){0,3}?${MADE}(?:(?:,|\\s+and)\\s+[${LETTERS}-]+){0,2}${ADVERB}\\s+by\\s+(?:the\\s+)?(?:${TEAM})?${T}`,
  ),
  // I was brought to you by / I come from OpenAI / I belong to the GPT family
  claimPattern(
    'en',
    'come-from',
    'maker',
    `${word('i')}\\s+(?:come|came|originate[ds]?|hail|stem|belong)\\s+(?:from|to)\\s+(?:the\\s+)?(?:${ITEM}){0,2}?${T}`,
  ),
  // You are talking to ChatGPT
  claimPattern(
    'en',
    'you-talk-to',
    'identity',
    `${word('you')}(?:['’]re|\\s+are)\\s+(?:currently\\s+|now\\s+)?(?:talking|chatting|speaking|interacting|conversing)\\s+(?:with|to)\\s+(?:${ITEM}){0,5}?(?:${BY})?${T}`,
  ),
  // OpenAI developed me / OpenAI's team designed and built the AI you're interacting with
  claimPattern(
    'en',
    'made-me',
    'maker',
    `${T}(?:['’]s\\s+(?:[${LETTERS}-]+\\s+){0,3}?)?(?:,?\\s+(?:which|who|that))?\\s+(?:[${LETTERS}-]+\\s+){0,2}?${MAKES}(?:(?:,|\\s+and)\\s+[${LETTERS}-]+){0,2}\\s+(?:${ME}|${MINE})${END}`,
  ),
  // OpenAI developed the core technology underpinning models like mine
  claimPattern(
    'en',
    'made-what-powers-me',
    'maker',
    `${T}(?:['’]s\\s+(?:[${LETTERS}-]+\\s+){0,3}?)?\\s+(?:[${LETTERS}-]+\\s+){0,2}?${MAKES}(?:(?:,|\\s+and)\\s+[${LETTERS}-]+){0,2}\\s+the\\s+(?:[${LETTERS}-]+\\s+){0,3}?(?:technology|technologies|architecture|models?|systems?|platform|framework|infrastructure|software|engine)\\s+(?:underpinning|behind|powering|that\\s+powers|running|of|for)\\s+${ME}${END}`,
  ),
  // OpenAI's team of engineers works to improve models like mine / At OpenAI, a team is responsible for developing the technology behind me
  ...[`${T}['’]s`, `^\\W*at\\s+${T},`].map((who, k) =>
    claimPattern(
      'en',
      k === 0 ? 'team-works-on-me' : 'at-maker-team-works-on-me',
      'maker',
      `${who}\\s+[^.;:!?\\n\\uE000]{0,100}?(?:work(?:s|ing|ed)?\\s+(?:on|to)|responsible\\s+for|dedicated\\s+to|continues?\\s+to)\\s+(?:[${LETTERS}-]+(?:,|\\s+and)?\\s+){1,4}?(?:the\\s+(?:[${LETTERS}-]+\\s+){0,3}?(?:technology|architecture|models?|systems?)\\s+(?:behind|underpinning|powering|of)\\s+)?${ME}${END}`,
    ),
  ),
  // OpenAI, the organization behind me / OpenAI is the company responsible for my development
  claimPattern(
    'en',
    'behind-me',
    'maker',
    `${T}(?:,|\\s+is|\\s+was|\\s+remains)\\s+(?:the|my)\\s+(?:[${LETTERS}-]+\\s+){0,2}?(?:organi[sz]ation|company|team|lab|entity|group|developer|creator|maker|firm|startup|people)s?\\s+(?:behind\\s+${BEHIND_WHAT}|(?:that|which|who)\\s+(?:${MAKES}|is\\s+behind)(?:(?:,|\\s+and)\\s+[${LETTERS}-]+){0,2}\\s+${BEHIND_WHAT}|responsible\\s+for\\s+(?:${BEHIND_WHAT}|(?:creating|developing|building|training|maintaining)(?:\\s+and\\s+[${LETTERS}-]+)?\\s+(?:${ME}|${MINE}|${POWERS_ME})))`,
  ),
  // OpenAI's language models, including me, … / one of OpenAI's models
  claimPattern(
    'en',
    'one-of-its-models',
    'identity',
    `${T}['’]s\\s+(?:${ITEM}){0,3}?(?:models|systems|assistants|ais|products|chatbots)\\s*,?\\s+(?:including|like|such\\s+as)\\s+(?:me|myself)${END}`,
  ),
  // My own development at OpenAI / my creators at Anthropic / my developer, OpenAI, / my development team at
  // OpenAI / our parent organization, OpenAI,
  claimPattern(
    'en',
    'my-maker-at',
    'maker',
    `${word('my|our')}\\s+(?:own\\s+)?(?:(?:development|creation|training|origins?)\\s+(?:at|by|from|with)|(?:${MAKER_ROLE}\\s+){0,2}${MAKER_NOUN}(?:\\s+(?:at|from|of)|\\s*,))\\s+(?:the\\s+)?(?:${TEAM})?${T}`,
  ),
  // As part of OpenAI's …, / as a member of the Claude family
  claimPattern('en', 'as-part-of', 'maker', `^\\W*as\\s+(?:a\\s+)?(?:part|member|product)\\s+of\\s+(?:the\\s+)?${T}`),
  // OpenAI is my developer
  claimPattern('en', 'is-my-maker', 'maker', `${T}\\s+(?:is|was|remains)\\s+my\\s+(?:[${LETTERS}-]+\\s+)?${MAKER_NOUN}${END}`),
  // The company behind me is OpenAI / the developers behind me, OpenAI, … / the developers supporting my platform are the team at OpenAI
  claimPattern(
    'en',
    'behind-me-is',
    'maker',
    `(?:company|organi[sz]ation|institution|corporation|firm|group|startup|team|lab|people|entity|${MAKER_NOUN})\\s+(?:[^,.;:!?]{0,60}?\\s)?(?:behind\\s+)?(?:me|my\\s+[${LETTERS}-]+|${THIS_AI})\\s*(?:,\\s*|\\s+${IS}\\s+)(?:the\\s+)?(?:${TEAM})?(?:${ITEM}){0,2}?${T}`,
  ),
  // My development team consists of researchers and engineers at OpenAI
  claimPattern(
    'en',
    'my-team-at',
    'maker',
    `${word('my')}\\s+(?:${ITEM}){0,2}?(?:team|teams|developers|creators|makers|engineers|researchers)\\s+(?:consists?\\s+of|is\\s+made\\s+up\\s+of|includes?|comprises?|are|is)\\s+[^.;:!?]{0,80}?\\s(?:at|from|of)\\s+(?:the\\s+)?${T}`,
  ),
  // OpenAI: my primary developer (a list item)
  claimPattern(
    'en',
    'name-colon-my-maker',
    'maker',
    `${T}[*_\\s]*[:：—–-]\\s*(?:${word('my')}|${word('the')}\\s+(?:company|organi[sz]ation)\\s+(?:behind|that\\s+${MAKES})\\s+me)\\s*(?:${ITEM}){0,2}?${MAKER_NOUN}`,
  ),
  // I'm based on GPT-4 / built on OpenAI's technology / powered by GPT-4
  claimPattern(
    'en',
    'based-on',
    'lineage',
    `(?:${I_AM}|${word('my')}\\s+[${LETTERS}-]+(?:\\s+[${LETTERS}-]+)?\\s+${IS}|${THIS_AI}\\s+${IS})\\s+(?:${ITEM}){0,4}?(?:based\\s+on|built\\s+(?:up)?on|powered\\s+by|running\\s+on|derived\\s+from|fine-?tuned\\s+from|distilled\\s+from|trained\\s+on\\s+top\\s+of)\\s+(?:the\\s+)?(?:${ITEM}){0,3}?${T}`,
  ),
  claimPattern(
    'en',
    'my-base',
    'lineage',
    `${word('my')}\\s+(?:${ITEM}){0,2}?${BASE_NOUN}\\s+${IS}\\s+(?:based\\s+on\\s+|built\\s+on\\s+)?(?:the\\s+)?(?:${ITEM}){0,3}?${T}`,
  ),
  claimPattern('en', 'i-use', 'lineage', `${word('i')}\\s+(?:use|run\\s+on|utili[sz]e|leverage)\\s+(?:the\\s+)?(?:${ITEM}){0,3}?${T}`),
];
