import { O, T } from '../slots.js';
import { LETTERS, claimPattern, modifier, word, type ClaimPattern } from './common.js';

/**
 * The other eight languages of the battery's identity probes, in the same shapes as English:
 * "I am …", "my name is …", "developed by …". Fewer forms each: these answers are short and direct.
 */

// ── Spanish and Portuguese ──────────────────────────────────────────────
const IBERIAN_STOP =
  'no|não|nunca|jamás|como|al|ao|diferencia|contrario|contrário|que|y|ou|pero|mas|sino|similar|parecido|parecida|semelhante|igual|distinto|distinta|diferente|basado|basada|baseado|baseada|con|com|sobre|para|en|em';
const IBERIAN_ITEM = modifier(IBERIAN_STOP);
const IBERIAN_BY =
  '(?:(?:desarrollad[oa]|cread[oa]|entrenad[oa]|construid[oa]|hech[oa]|diseñad[oa]|programad[oa]|lanzad[oa]|desenvolvid[oa]|criad[oa]|treinad[oa]|construíd[oa]|feit[oa]|projetad[oa])' +
  `(?:\\s+(?:y|e)\\s+[${LETTERS}]+)?\\s+(?:por|pela|pelo|pelos|pelas)|de|da|do|por|pela|pelo)\\s+(?:(?:el|la|los|las|o|a|os|as)\\s+)?(?:equipo\\s+de\\s+|equipe\\s+(?:da|do|de)\\s+)?`;

// ── French ───────────────────────────────────────────────────────────────
const FRENCH_STOP =
  'ne|pas|jamais|comme|contrairement|que|qui|et|ou|mais|similaire|semblable|différent|différente|basé|basée|avec|sur|pour|dans|en|à';
const FRENCH_ITEM = modifier(FRENCH_STOP);
const FRENCH_BY = `(?:(?:développée?|créée?|entraînée?|entrainée?|conçue?|construite?|fabriquée?|programmée?|formée?|lancée?)(?:\\s+et\\s+[${LETTERS}]+)?\\s+par|de|d['’]|par)\\s*(?:(?:la|le|les|l['’])\\s*)?(?:équipe\\s+(?:de|d['’])\\s*)?`;

// ── German ───────────────────────────────────────────────────────────────
const GERMAN_STOP =
  'nicht|kein|keine|keiner|wie|im|gegensatz|als|und|oder|aber|sondern|ähnlich|vergleichbar|anders|basierend|basiert|mit|über|für|in|auf|zu';
const GERMAN_ITEM = modifier(GERMAN_STOP);
const GERMAN_MADE =
  '(?:entwickelt\\w*|erstellt\\w*|trainiert\\w*|erschaffen\\w*|gebaut\\w*|programmiert\\w*|entworfen\\w*|geschaffen\\w*|hergestellt\\w*)';

// ── Russian ──────────────────────────────────────────────────────────────
const RUSSIAN_STOP = 'не|нет|как|в|отличие|чем|и|или|но|а|похож\\w*|подобн\\w*|основан\\w*|на|о|об|с|для|про';
const RUSSIAN_ITEM = modifier(RUSSIAN_STOP);
const RUSSIAN_BY =
  '(?:(?:разработан\\w*|создан\\w*|обучен\\w*|сделан\\w*|построен\\w*|спроектирован\\w*)\\s+(?:(?:в\\s+)?(?:компани\\w+|команд\\w+|организаци\\w+)\\s+)?|от\\s+|из\\s+)';

// ── Japanese and Korean: the verb comes last, negation after the name (checked in context.ts) ───
const CLAUSE = `(?:[^、。！？!?\\n\\uE000\\uE001\\uE002]|${O})`;
const JAPANESE_MADE = '(?:開発|作成|訓練|トレーニング|設計|構築|作|創|製作|学習)';
const KOREAN_MADE = '(?:개발|만든|만들|훈련|학습|설계|제작|구축)';

// ── Arabic ───────────────────────────────────────────────────────────────
const ARABIC_STOP = 'لست|ليس|لا|لم|غير|مثل|بخلاف|على|عن|و|أو|لكن|مشابه|شبيه';
const ARABIC_ITEM = modifier(ARABIC_STOP);

export const OTHER_LANGUAGES: readonly ClaimPattern[] = [
  claimPattern(
    'es',
    'soy',
    'identity',
    `${word('soy|me\\s+llamo|mi\\s+nombre\\s+es|fui')}\\s+(?:${IBERIAN_ITEM}){0,6}?(?:${IBERIAN_BY})?${T}`,
  ),
  claimPattern('es', 'como', 'identity', `${word('como')}\\s+(?:un|una)\\s+(?:${IBERIAN_ITEM}){0,4}?${IBERIAN_BY}${T}`),
  claimPattern(
    'pt',
    'sou',
    'identity',
    `${word('sou|me\\s+chamo|meu\\s+nome\\s+é|fui')}\\s+(?:${IBERIAN_ITEM}){0,6}?(?:${IBERIAN_BY})?${T}`,
  ),
  claimPattern('pt', 'como', 'identity', `${word('como')}\\s+(?:um|uma)\\s+(?:${IBERIAN_ITEM}){0,4}?${IBERIAN_BY}${T}`),
  claimPattern(
    'fr',
    'je-suis',
    'identity',
    `${word("je\\s+suis|je\\s+m['’]appelle|mon\\s+nom\\s+est|j['’]ai\\s+été")}\\s+(?:${FRENCH_ITEM}){0,6}?(?:${FRENCH_BY})?${T}`,
  ),
  claimPattern('fr', 'en-tant-que', 'identity', `${word('en\\s+tant\\s+que')}\\s+(?:${FRENCH_ITEM}){0,4}?${FRENCH_BY}${T}`),
  claimPattern(
    'de',
    'ich-bin',
    'identity',
    `${word('ich\\s+bin|ich\\s+heiße|ich\\s+heisse|mein\\s+name\\s+ist|ich\\s+wurde')}\\s+(?:${GERMAN_ITEM}){0,6}?(?:(?:von|bei)\\s+(?:${GERMAN_ITEM}){0,2}?)?${T}`,
  ),
  claimPattern(
    'de',
    'made-by',
    'maker',
    `${word('ich\\s+(?:bin|wurde)')}\\s+(?:${GERMAN_ITEM}){0,5}?${GERMAN_MADE}\\s+(?:von|bei)\\s+(?:${GERMAN_ITEM}){0,2}?${T}`,
  ),
  claimPattern('de', 'als', 'identity', `${word('als')}\\s+(?:ein|eine)\\s+(?:von\\s+)?(?:${GERMAN_ITEM}){0,3}?${T}\\s+(?:${GERMAN_MADE})`),
  claimPattern('ru', 'ya', 'identity', `${word('я')}\\s*(?:[—–-]\\s*)?(?:${RUSSIAN_ITEM}){0,6}?(?:${RUSSIAN_BY})?${T}`),
  claimPattern(
    'de',
    'nicht-sondern',
    'identity',
    `${word('ich\\s+bin')}\\s+(?:nicht|kein\\w*)\\s+[^.;:!?\\n]{0,60}?,?\\s*sondern\\s+(?:${GERMAN_ITEM}){0,4}?(?:(?:von|bei)\\s+)?${T}`,
  ),
  claimPattern(
    'es',
    'no-sino',
    'identity',
    `${word('no\\s+soy')}\\s+[^.;:!?\\n]{0,60}?,?\\s*sino\\s+(?:${IBERIAN_ITEM}){0,4}?(?:${IBERIAN_BY})?${T}`,
  ),
  claimPattern(
    'fr',
    'ne-mais',
    'identity',
    `${word('je\\s+ne\\s+suis\\s+pas')}\\s+[^.;:!?\\n]{0,60}?,?\\s*mais\\s+(?:${FRENCH_ITEM}){0,4}?(?:${FRENCH_BY})?${T}`,
  ),
  claimPattern(
    'ru',
    'ne-a',
    'identity',
    `${word('я')}\\s+не\\s+[^.;:!?\\n]{0,60}?,?\\s*(?:а|но)\\s+(?:я\\s+)?(?:${RUSSIAN_ITEM}){0,4}?(?:${RUSSIAN_BY})?${T}`,
  ),
  claimPattern('ru', 'zovut', 'identity', `${word('меня\\s+зовут|моё\\s+имя|мое\\s+имя')}\\s*[—–-]?\\s*${T}`),
  claimPattern('ja', 'watashi-wa', 'identity', `(?:私|わたし|わたくし|僕|ぼく)(?:は|の名前は)、?(?:${CLAUSE}){0,30}?${T}`),
  claimPattern(
    'ja',
    'made-desu',
    'maker',
    `${T}(?:によって|により|が|の)(?:${CLAUSE}){0,4}?${JAPANESE_MADE}(?:${CLAUSE}){0,24}?(?:です|でございます)`,
  ),
  claimPattern('ko', 'jeoneun', 'identity', `(?:저는|나는|제\\s?이름은|저의\\s?이름은),?(?:${CLAUSE}){0,30}?${T}`),
  claimPattern(
    'ko',
    'made-imnida',
    'maker',
    `${T}(?:에서|이|가|에\\s?의해|의)\\s*(?:${CLAUSE}){0,4}?${KOREAN_MADE}(?:${CLAUSE}){0,24}?(?:입니다|이에요|예요)`,
  ),
  claimPattern('ar', 'ana', 'identity', `${word('أنا|انا|اسمي')}\\s+(?:${ARABIC_ITEM}){0,6}?(?:(?:من|بواسطة|قبل)\\s+)?${T}`),
  claimPattern(
    'ar',
    'made-me',
    'maker',
    `(?:تم\\s+تطويري|طورتني|طورني|أنشأتني|أنشأني|دربتني|دربني|تم\\s+تدريبي|تم\\s+إنشائي|من\\s+تطوير|من\\s+إنشاء|من\\s+تدريب)\\s+(?:(?:من\\s+قبل|بواسطة)\\s+)?(?:${ARABIC_ITEM}){0,3}?${T}`,
  ),
];
