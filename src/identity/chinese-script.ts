import { Converter } from 'opencc-js/t2cn';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;

let converter: ((text: string) => string) | undefined;

/** OpenCC's converter, built on first use: only answers with Chinese in them pay for its tables. */
function toSimplified(): (text: string) => string {
  if (converter) return converter;
  const built: (text: string) => string = Converter({ from: 't', to: 'cn' });
  converter = built;
  return built;
}

/**
 * Traditional Chinese as simplified, character for character (OpenCC's tables), so the simplified
 * names and patterns read "我是由OpenAI開發的" and offsets into the text still hold. Where OpenCC would
 * change the length (a phrase converted as a whole), each character is converted on its own.
 */
export function simplifiedChinese(text: string): string {
  if (!HAN.test(text)) return text;
  const convert = toSimplified();
  const whole = convert(text);
  if (whole.length === text.length) return whole;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const converted = HAN.test(char) ? convert(char) : char;
    out += converted.length === 1 ? converted : char;
  }
  return out;
}
