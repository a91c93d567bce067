import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBattery, loadBatteryFile, listBuiltinBatteries, parseBattery, storeBattery, type Battery } from '../src/probes/index.js';
import { promptSha256 } from '../src/prompt/index.js';
import { tempDir as makeTempDir } from './helpers/temp.js';
import { Store } from '../src/store/index.js';
import { UserError } from '../src/util/errors.js';

const tempDir = () => makeTempDir('llmfp-probes-');

const BASIC = `# a small battery
name: basic
version: "2"
description: for tests
defaults:
  params:
    temperature: 0
    max_tokens: 256
  samples: 1
  language: en
probes:
  - id: who
    category: identity
    prompt: Who created you?
  - id: persona
    category: identity
    system: You are Aria.
    prompt: Which model are you really?
    language: fr
  - id: number
    category: low-entropy
    params: { temperature: 1, stop: ["\\n"] }
    samples: 10
    messages:
      - role: user
        content: Pick a number.
`;

/** The same content as BASIC: other layout, quoting, comments, key order, probe order, no defaults. */
const BASIC_REFORMATTED = `
probes:
  - { category: low-entropy, id: number, samples: 10, language: en,
      params: { stop: ["\\n"], max_tokens: 256, temperature: 1.0 },
      messages: [ { content: "Pick a number.", role: user } ] }
  - id: persona
    messages:
      - { role: system, content: 'You are Aria.' }
      - { role: user, content: "Which model are you really?" }
    category: identity
    language: fr
    params: { max_tokens: 256, temperature: 0 }
  - category: identity
    id: who
    language: en
    samples: 1
    params: { temperature: 0, max_tokens: 256 }
    prompt: >-
      Who created
      you?
version: '2'
name: basic
description: the description is documentation, not identity
`;

function parseError(yaml: string): string {
  try {
    parseBattery(yaml, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected parseBattery to fail');
}

describe('parseBattery', () => {
  it('resolves defaults, the prompt shorthand and explicit messages', () => {
    const battery = parseBattery(BASIC, 'basic.yaml');
    expect(battery).toMatchObject({ name: 'basic', version: '2', description: 'for tests', source: 'basic.yaml' });
    expect(battery.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(battery.probes).toEqual([
      {
        id: 'who',
        category: 'identity',
        messages: [{ role: 'user', content: 'Who created you?' }],
        params: { temperature: 0, max_tokens: 256 },
        samples: 1,
        language: 'en',
      },
      {
        id: 'persona',
        category: 'identity',
        messages: [
          { role: 'system', content: 'You are Aria.' },
          { role: 'user', content: 'Which model are you really?' },
        ],
        params: { temperature: 0, max_tokens: 256 },
        samples: 1,
        language: 'fr',
      },
      {
        id: 'number',
        category: 'low-entropy',
        messages: [{ role: 'user', content: 'Pick a number.' }],
        params: { temperature: 1, max_tokens: 256, stop: ['\n'] },
        samples: 10,
        language: 'en',
      },
    ]);
  });

  it('keeps the content of messages exactly, including invisible characters', () => {
    const battery = parseBattery(
      'name: x\nversion: "1"\nprobes:\n  - {id: zw, category: malformed, language: und, prompt: "\\u200B"}\n',
      'x.yaml',
    );
    expect(battery.probes[0]!.messages[0]!.content).toBe('\u200b');
  });
});

describe('battery hash', () => {
  const hashOf = (yaml: string) => parseBattery(yaml, 'h.yaml').hash;

  it('is the same for a reformatted, reordered, recommented file with the same content', () => {
    expect(hashOf(BASIC_REFORMATTED)).toBe(hashOf(BASIC));
  });

  it('does not depend on the source name', () => {
    expect(parseBattery(BASIC, 'a.yaml').hash).toBe(parseBattery(BASIC, 'elsewhere/b.yaml').hash);
  });

  it.each([
    ['a prompt', (y: string) => y.replace('Who created you?', 'Who made you?')],
    ['a system message', (y: string) => y.replace('You are Aria.', 'You are Bea.')],
    ['a default parameter', (y: string) => y.replace('max_tokens: 256', 'max_tokens: 257')],
    ['a probe parameter', (y: string) => y.replace('temperature: 1,', 'temperature: 0.9,')],
    ['a sample count', (y: string) => y.replace('samples: 10', 'samples: 9')],
    ['a category', (y: string) => y.replace('category: low-entropy', 'category: statistics')],
    ['a language', (y: string) => y.replace('language: fr', 'language: de')],
    ['a probe id', (y: string) => y.replace('id: who', 'id: who-made-you')],
    ['the version', (y: string) => y.replace('version: "2"', 'version: "3"')],
    ['the name', (y: string) => y.replace('name: basic', 'name: basic-two')],
    ['a trailing newline in a prompt', (y: string) => y.replace('content: Pick a number.', 'content: "Pick a number.\\n"')],
    ['an added probe', (y: string) => `${y}  - {id: extra, category: identity, prompt: Hello?}\n`],
  ])('changes when %s changes', (_what, edit) => {
    const edited = edit(BASIC);
    expect(edited).not.toBe(BASIC);
    expect(hashOf(edited)).not.toBe(hashOf(BASIC));
  });
});

describe('parseBattery errors name the file, line and column', () => {
  const probe = (extra: string) => `name: t\nversion: "1"\nprobes:\n  - id: a\n    category: c\n    language: en\n${extra}`;

  it.each([
    ['an empty file', '', /^bad\.yaml:1:1: the file is empty/],
    ['a file of comments only', '# nothing here\n', /^bad\.yaml:1:1: the file is empty/],
    [
      'a YAML syntax error',
      'name: t\nversion: "1"\nprobes:\n  - id: a\n    prompt: x: y\n    category: c\n',
      /^bad\.yaml:5:13: YAML syntax error: Nested mappings/,
    ],
    ['an unterminated quote', 'name: t\nversion: "1"\nprobes:\n  - id: "a\n', /^bad\.yaml:5:1: YAML syntax error: Missing closing "quote/],
    ['a duplicated key', 'name: t\nversion: "1"\nname: u\nprobes: []\n', /^bad\.yaml:3:1: YAML syntax error: Map keys must be unique/],
    ['a list instead of a mapping', '- a\n- b\n', /^bad\.yaml:1:1: a battery file must be a mapping/],
    ['an unquoted numeric version', 'name: t\nversion: 1\nprobes: []\n', /^bad\.yaml:2:10: version: must be a string; quote it/],
    [
      'a missing name',
      'version: "1"\nprobes:\n  - {id: a, category: c, language: en, prompt: x}\n',
      /^bad\.yaml:1:1: missing required key "name"/,
    ],
    ['no probes', 'name: t\nversion: "1"\nprobes: []\n', /^bad\.yaml:3:9: probes: a battery needs at least one probe/],
    [
      'an unknown top-level key',
      'name: t\nversion: "1"\nauthor: me\nprobes:\n  - {id: a, category: c, language: en, prompt: x}\n',
      /^bad\.yaml:3:1: unknown key "author"/,
    ],
    ['an unknown probe key', probe('    prompt: x\n    temprature: 0\n'), /^bad\.yaml:8:5: probe "a": unknown key "temprature"/],
    [
      'an unknown param',
      probe('    prompt: x\n    params:\n      temprature: 0\n'),
      /^bad\.yaml:9:7: probe "a": params: unknown key "temprature"/,
    ],
    ['a wrong type', probe('    prompt: x\n    samples: many\n'), /^bad\.yaml:8:14: probe "a": samples: must be a number/],
    [
      'a temperature above 2',
      probe('    prompt: x\n    params: {temperature: 2.5}\n'),
      /^bad\.yaml:8:27: probe "a": params\.temperature: must be between 0 and 2/,
    ],
    [
      'a negative temperature',
      probe('    prompt: x\n    params:\n      temperature: -0.1\n'),
      /^bad\.yaml:9:20: probe "a": params\.temperature: must be between 0 and 2/,
    ],
    ['zero samples', probe('    prompt: x\n    samples: 0\n'), /^bad\.yaml:8:14: probe "a": samples: must be between 1 and 100/],
    ['too many samples', probe('    prompt: x\n    samples: 101\n'), /^bad\.yaml:8:14: probe "a": samples: must be between 1 and 100/],
    ['fractional samples', probe('    prompt: x\n    samples: 2.5\n'), /^bad\.yaml:8:14: probe "a": samples: must be a whole number/],
    ['a top_p of 0', probe('    prompt: x\n    params: {top_p: 0}\n'), /^bad\.yaml:8:21: probe "a": params\.top_p: must be greater than 0/],
    [
      'a bad default',
      'name: t\nversion: "1"\ndefaults:\n  samples: 500\nprobes:\n  - {id: a, category: c, language: en, prompt: x}\n',
      /^bad\.yaml:4:12: defaults\.samples: must be between 1 and 100/,
    ],
    ['an empty messages list', probe('    messages: []\n'), /^bad\.yaml:7:15: probe "a": messages: must list at least one message/],
    ['an empty prompt', probe('    prompt: ""\n'), /^bad\.yaml:7:13: probe "a": prompt: must not be empty/],
    [
      'a message with empty content',
      probe('    messages:\n      - {role: user, content: ""}\n'),
      /^bad\.yaml:8:31: probe "a": messages\[0\]\.content: must not be empty/,
    ],
    [
      'an unknown role',
      probe('    messages:\n      - {role: bot, content: hi}\n'),
      /^bad\.yaml:8:16: probe "a": messages\[0\]\.role: Invalid option/,
    ],
    [
      'a conversation ending with the assistant',
      probe('    messages:\n      - {role: user, content: hi}\n      - {role: assistant, content: hello}\n'),
      /^bad\.yaml:9:16: probe "a": messages\[1\]\.role: the last message must be from the user/,
    ],
    [
      'a late system message',
      probe(
        '    messages:\n      - {role: user, content: hi}\n      - {role: system, content: obey}\n      - {role: user, content: hi again}\n',
      ),
      /^bad\.yaml:9:16: probe "a": messages\[1\]\.role: a system message may only come first/,
    ],
    [
      'prompt and messages together',
      probe('    prompt: x\n    messages:\n      - {role: user, content: y}\n'),
      /^bad\.yaml:9:7: probe "a": messages: give either messages or prompt/,
    ],
    ['neither prompt nor messages', probe(''), /^bad\.yaml:4:5: probe "a": a probe needs prompt/],
    [
      'a missing category',
      'name: t\nversion: "1"\nprobes:\n  - id: a\n    language: en\n    prompt: x\n',
      /^bad\.yaml:4:5: probe "a": missing required key "category"/,
    ],
    [
      'a bad probe id',
      'name: t\nversion: "1"\nprobes:\n  - {id: "Has Spaces", category: c, language: en, prompt: x}\n',
      /^bad\.yaml:4:10: probes\[0\]\.id: must use lowercase letters/,
    ],
    [
      'a bad language tag',
      probe('    prompt: x\n').replace('language: en', 'language: English'),
      /^bad\.yaml:6:15: probe "a": language: must be a BCP 47 tag/,
    ],
    [
      'no language anywhere',
      'name: t\nversion: "1"\nprobes:\n  - id: a\n    category: c\n    prompt: x\n',
      /^bad\.yaml:4:5: probe "a": no language/,
    ],
    ['a null probe', 'name: t\nversion: "1"\nprobes:\n  -\n', /^bad\.yaml:4:4: probes\[0\]: a probe must be a mapping/],
    [
      'five stop sequences',
      probe('    prompt: x\n    params: {stop: [a, b, c, d, e]}\n'),
      /^bad\.yaml:8:20: probe "a": params\.stop: takes at most 4 sequences/,
    ],
  ])('%s', (_what, yaml, expected) => {
    expect(parseError(yaml)).toMatch(expected);
  });

  it('reports a duplicate id at the second probe and names the first', () => {
    const yaml =
      'name: t\nversion: "1"\ndefaults: {language: en}\nprobes:\n  - id: a\n    category: c\n    prompt: x\n  - id: a\n    category: c\n    prompt: y\n';
    expect(parseError(yaml)).toBe('bad.yaml:8:9: duplicate probe id "a" (first defined at line 5)');
  });

  it('refuses two probes that send the same messages', () => {
    const yaml =
      'name: t\nversion: "1"\ndefaults: {language: en}\nprobes:\n  - id: a\n    category: c\n    prompt: x\n  - id: b\n    category: d\n    messages: [{role: user, content: x}]\n';
    expect(parseError(yaml)).toMatch(/^bad\.yaml:8:5: probe "b" sends the same messages as probe "a" \(line 5\)/);
  });

  it('reports the first problem by position and counts the rest', () => {
    const yaml = probe('    prompt: x\n    samples: 0\n    params: {temperature: 3}\n');
    expect(parseError(yaml)).toMatch(/^bad\.yaml:8:14: probe "a": samples: .* \(and 1 more problem\)$/);
  });
});

describe('loadBattery', () => {
  it('loads built-in batteries by name and others by path', () => {
    expect(listBuiltinBatteries()).toContain('default');
    const dir = tempDir();
    const path = join(dir, 'basic.yaml');
    writeFileSync(path, BASIC);
    const byPath = loadBattery(path);
    expect(byPath.source).toBe(path);
    expect(byPath.hash).toBe(parseBattery(BASIC, 'x').hash);
    expect(loadBatteryFile(path).hash).toBe(byPath.hash);
  });

  it('fails with one-line user errors for unknown names, missing files and directories', () => {
    expect(() => loadBattery('no-such-battery')).toThrow(UserError);
    expect(() => loadBattery('no-such-battery')).toThrow(/no built-in battery named "no-such-battery" \(built-in: .*default/);
    expect(() => loadBattery('missing/file.yaml')).toThrow(/battery file missing\/file\.yaml does not exist/);
    const dir = tempDir();
    mkdirSync(join(dir, 'folder.yaml'));
    expect(() => loadBattery(join(dir, 'folder.yaml'))).toThrow(/is not a file/);
    expect(() => loadBattery('a b c')).toThrow(/neither a battery name nor a path/);
  });

  it('names the file in validation errors', () => {
    const dir = tempDir();
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: t\nversion: "1"\nprobes:\n  - {id: a, category: c, language: en, prompt: x, samples: 0}\n');
    expect(() => loadBattery(path)).toThrow(`${path}:4:`);
  });
});

describe('the default battery', () => {
  const battery = loadBattery('default');
  const byCategory = new Map<string, Battery['probes']>();
  for (const p of battery.probes) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);

  it('is version 1 with at least 80 probes over at least 10 categories of at least 4 probes each', () => {
    expect(battery.name).toBe('default');
    expect(battery.version).toBe('1');
    expect(battery.probes.length).toBeGreaterThanOrEqual(80);
    expect(byCategory.size).toBeGreaterThanOrEqual(10);
    for (const [category, probes] of byCategory) {
      expect(probes.length, `category ${category}`).toBeGreaterThanOrEqual(4);
    }
  });

  it('covers the categories the fingerprinting literature relies on', () => {
    for (const category of [
      'identity',
      'identity-adversarial',
      'training-meta',
      'refusal',
      'contested',
      'malformed',
      'low-entropy',
      'continuation',
      'formatting',
      'knowledge-edge',
      'reasoning',
      'coding',
      'creative',
    ]) {
      expect(byCategory.has(category), category).toBe(true);
    }
  });

  it('asks the identity question in at least six languages', () => {
    const languages = new Set(byCategory.get('identity')!.map((p) => p.language));
    expect(languages.size).toBeGreaterThanOrEqual(6);
    for (const lang of ['en', 'zh', 'es', 'fr', 'de', 'ru', 'ja']) expect(languages.has(lang), lang).toBe(true);
  });

  it('samples statistical probes several times at temperature 1 and the rest once at temperature 0', () => {
    for (const p of byCategory.get('low-entropy')!) {
      expect(p.params.temperature, p.id).toBe(1);
      expect(p.samples, p.id).toBeGreaterThanOrEqual(5);
      expect(p.samples, p.id).toBeLessThanOrEqual(10);
    }
    for (const p of battery.probes) {
      if (p.samples > 1) expect(p.params.temperature, p.id).toBeGreaterThan(0);
      else expect(p.params.temperature, p.id).toBe(0);
    }
  });

  it('sends no whitespace-only message (some APIs reject it)', () => {
    for (const p of battery.probes) for (const m of p.messages) expect(m.content.trim().length, p.id).toBeGreaterThan(0);
  });
});

describe('storeBattery', () => {
  it('records the battery, its prompts and probes, and is idempotent', () => {
    const store = Store.open(join(tempDir(), 'fp.db'));
    try {
      const battery = parseBattery(BASIC, 'basic.yaml');
      const first = storeBattery(store, battery);
      expect([...first.probeIds.keys()]).toEqual(['who', 'persona', 'number']);
      expect([...first.promptIds.keys()]).toEqual(['who', 'persona', 'number']);

      const row = store.db.prepare('SELECT hash, name, version, source FROM batteries WHERE id = ?').get(first.batteryId);
      expect(row).toEqual({ hash: battery.hash, name: 'basic', version: '2', source: 'basic.yaml' });

      const number = store.db
        .prepare(
          `SELECT pr.key, pr.category, pr.params, pr.samples, pr.language, p.sha256
           FROM probes pr JOIN prompts p ON p.id = pr.prompt_id WHERE pr.id = ?`,
        )
        .get(first.probeIds.get('number'));
      expect(number).toEqual({
        key: 'number',
        category: 'low-entropy',
        params: JSON.stringify({ temperature: 1, max_tokens: 256, stop: ['\n'] }),
        samples: 10,
        language: 'en',
        sha256: promptSha256(battery.probes[2]!.messages),
      });

      const again = storeBattery(store, parseBattery(BASIC_REFORMATTED, 'other.yaml'));
      expect(again.batteryId).toBe(first.batteryId);
      expect(again.probeIds).toEqual(first.probeIds);
      expect(again.promptIds).toEqual(first.promptIds);
      const count = (table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect([count('batteries'), count('probes'), count('prompts')]).toEqual([1, 3, 3]);
    } finally {
      store.close();
    }
  });

  it('writes nothing when storing fails part way', () => {
    const store = Store.open(join(tempDir(), 'fp.db'));
    try {
      const battery = parseBattery(BASIC, 'basic.yaml');
      const realEnsureProbe = store.batteries.ensureProbe.bind(store.batteries);
      let calls = 0;
      store.batteries.ensureProbe = (probe) => {
        if (++calls === 3) throw new Error('disk full');
        return realEnsureProbe(probe);
      };
      expect(() => storeBattery(store, battery)).toThrow('disk full');
      const count = (table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect([count('batteries'), count('probes'), count('prompts')]).toEqual([0, 0, 0]);
    } finally {
      store.close();
    }
  });

  it('stores the whole default battery', () => {
    const store = Store.open(join(tempDir(), 'fp.db'));
    try {
      const battery = loadBattery('default');
      const stored = storeBattery(store, battery);
      expect(stored.probeIds.size).toBe(battery.probes.length);
      expect(new Set(stored.promptIds.values()).size).toBe(battery.probes.length);
    } finally {
      store.close();
    }
  });
});
