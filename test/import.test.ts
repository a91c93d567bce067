import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { tempDbPath, writeTemp } from './helpers/temp.js';

const alpaca = (records: unknown[]) => writeTemp('outputs.json', JSON.stringify(records));
const jsonl = (records: unknown[]) => writeTemp('t.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n');

function counts(store: Store) {
  const n = (table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return { models: n('models'), prompts: n('prompts'), responses: n('responses'), runs: n('runs') };
}

describe('import', () => {
  it('imports AlpacaEval outputs, aligning prompts across models by content', () => {
    const store = Store.open(tempDbPath());
    const a = alpaca([
      { instruction: 'Name a colour.', output: 'Blue.', generator: 'model-a', dataset: 'helpful_base' },
      { instruction: 'Say hi.', output: 'Hi!', generator: 'model-a', dataset: 'koala' },
    ]);
    const b = alpaca([{ instruction: 'Name a colour.', output: 'Red, I think.', generator: 'model-b' }]);
    const results = importTranscripts(store, [a, b], { format: 'alpaca-eval' });
    expect(results.map((r) => r.added)).toEqual([2, 1]);
    expect(counts(store)).toMatchObject({ models: 2, prompts: 2, responses: 3 });
    expect(store.models.list()).toEqual([
      { name: 'model-a', responses: 2, source: 'alpaca-eval' },
      { name: 'model-b', responses: 1, source: 'alpaca-eval' },
    ]);
    const categories = store.db.prepare('SELECT category FROM prompts ORDER BY id').pluck().all();
    expect(categories).toEqual(['helpful_base', 'koala']);
    store.close();
  });

  it('adds nothing when the same file is imported twice', () => {
    const store = Store.open(tempDbPath());
    const file = alpaca([{ instruction: 'Q', output: 'A', generator: 'm' }]);
    importTranscripts(store, [file], { format: 'alpaca-eval' });
    const before = counts(store);
    const [again] = importTranscripts(store, [file], { format: 'alpaca-eval' });
    expect(again).toMatchObject({ added: 0, unchanged: 1, conflicts: 0 });
    expect(counts(store)).toEqual(before);
    store.close();
  });

  it('leaves the database file byte for byte as it was when an import adds nothing', () => {
    const path = tempDbPath();
    const file = jsonl([
      { model: 'm', prompt: 'Q', response: 'A' },
      { model: 'n', prompt: 'Q', response: 'B' },
    ]);
    const importOnce = (files: string[]) => {
      const store = Store.open(path);
      try {
        return importTranscripts(store, files, { format: 'jsonl' });
      } finally {
        store.close();
      }
    };
    importOnce([file]);
    const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    const conflicting = jsonl([{ model: 'm', prompt: 'Q', response: 'other' }]);
    expect(importOnce([file, conflicting]).map((r) => r.added)).toEqual([0, 0]);
    expect(hash()).toBe(before);
    expect(existsSync(`${path}-journal`)).toBe(false);
  });

  it('keeps the stored answer and counts a conflict when a file disagrees with it', () => {
    const store = Store.open(tempDbPath());
    importTranscripts(store, [alpaca([{ instruction: 'Q', output: 'first', generator: 'm' }])], { format: 'alpaca-eval' });
    const [second] = importTranscripts(store, [alpaca([{ instruction: 'Q', output: 'second', generator: 'm' }])], {
      format: 'alpaca-eval',
    });
    expect(second).toMatchObject({ added: 0, conflicts: 1 });
    expect([...store.responses.answersOf('m')].map((r) => r.response)).toEqual(['first']);
    store.close();
  });

  it('finds the same answers in another order already stored, without a sample field; a new one takes a free sample', () => {
    const store = Store.open(tempDbPath());
    const records = [
      { model: 'm', prompt: 'Pick a number', response: '7' },
      { model: 'm', prompt: 'Pick a number', response: '42' },
      { model: 'm', prompt: 'Pick a number', response: '7' },
      { model: 'm', prompt: 'Say hi', response: 'Hi' },
    ];
    importTranscripts(store, [jsonl(records)], { format: 'jsonl' });
    const rows = () => store.db.prepare('SELECT model_id, prompt_id, sample_index, text, run_id FROM responses ORDER BY id').all();
    const before = rows();
    const [reordered] = importTranscripts(store, [jsonl([...records].reverse())], { format: 'jsonl' });
    expect(reordered).toMatchObject({ added: 0, unchanged: 4, conflicts: 0 });
    expect(rows()).toEqual(before);

    const [extended] = importTranscripts(store, [jsonl([records[1], { ...records[0]!, response: '3' }, records[0], records[2]])], {
      format: 'jsonl',
    });
    expect(extended).toMatchObject({ added: 1, unchanged: 3, conflicts: 0 });
    expect(store.db.prepare(`SELECT sample_index FROM responses WHERE text = '3'`).pluck().get()).toBe(3);
    expect(rows().slice(0, before.length)).toEqual(before);
    store.close();
  });

  it('still counts a conflict for another text in a slot: a named sample, or an answer that matches no stored one', () => {
    const store = Store.open(tempDbPath());
    importTranscripts(store, [jsonl([{ model: 'm', prompt: 'Q', response: 'first', sample: 0 }])], { format: 'jsonl' });
    const [named] = importTranscripts(store, [jsonl([{ model: 'm', prompt: 'Q', response: 'other', sample: 0 }])], { format: 'jsonl' });
    expect(named).toMatchObject({ added: 0, unchanged: 0, conflicts: 1 });
    const [unnamed] = importTranscripts(store, [jsonl([{ model: 'm', prompt: 'Q', response: 'other' }])], { format: 'jsonl' });
    expect(unnamed).toMatchObject({ added: 0, unchanged: 0, conflicts: 1 });
    expect([...store.responses.answersOf('m')].map((r) => r.response)).toEqual(['first']);
    store.close();
  });

  it('stores repeated answers to one prompt as samples, and --model overrides the file', () => {
    const store = Store.open(tempDbPath());
    const file = jsonl([
      { prompt: 'Pick a number', response: '7', model: 'ignored' },
      { prompt: 'Pick a number', response: '42', model: 'ignored' },
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Pick a number' },
        ],
        response: '3',
      },
    ]);
    importTranscripts(store, [file], { format: 'jsonl', model: 'student' });
    const rows = [...store.responses.answersOf('student')];
    expect(rows.map((r) => [r.response, r.sample]).sort()).toEqual([
      ['3', 0],
      ['42', 1],
      ['7', 0],
    ]);
    expect(store.models.find('ignored')).toBeUndefined();
    store.close();
  });

  it('aligns a JSONL prompt with the same AlpacaEval instruction', () => {
    const store = Store.open(tempDbPath());
    importTranscripts(store, [alpaca([{ instruction: 'Explain tides.', output: 'Moon.', generator: 'a' }])], { format: 'alpaca-eval' });
    importTranscripts(store, [jsonl([{ model: 'b', prompt: 'Explain tides.', response: 'Gravity.' }])], { format: 'jsonl' });
    expect(counts(store).prompts).toBe(1);
    store.close();
  });

  it('reads JSONL with a byte-order mark, CRLF line ends, blank lines and non-ASCII text as the same answers', () => {
    const records = [
      { model: 'm', prompt: 'Say hi in Chinese', response: '你好！\nHi — “hello” 👋' },
      { model: 'm', prompt: 'Plain', response: 'ASCII only' },
    ];
    const plain = jsonl(records);
    const windows = writeTemp('crlf.jsonl', `\uFEFF${records.map((r) => JSON.stringify(r)).join('\r\n\r\n')}\r\n`);
    const stored = (file: string) => {
      const store = Store.open(tempDbPath());
      importTranscripts(store, [file], { format: 'jsonl' });
      const answers = [...store.responses.answersOf('m')].map((r) => r.response);
      store.close();
      return answers;
    };
    expect(stored(windows)).toEqual(stored(plain));
    expect(stored(plain)).toEqual(records.map((r) => r.response).sort());
  });

  it('stores every file of one import, or none of them', () => {
    const store = Store.open(tempDbPath());
    const a = jsonl([{ model: 'a', prompt: 'p', response: 'from a' }]);
    const b = jsonl([{ model: 'b', prompt: 'p', response: 'from b' }]);
    store.db.exec(`CREATE TRIGGER refuse_b BEFORE INSERT ON models WHEN NEW.name = 'b' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => importTranscripts(store, [a, b], { format: 'jsonl' })).toThrow(/disk full/);
    expect(counts(store)).toMatchObject({ models: 0, responses: 0, runs: 0 });
    store.close();
  });

  describe('rejects a bad file whole, naming the file and record, and stores nothing from it', () => {
    const cases: Array<[string, () => string, 'alpaca-eval' | 'jsonl', RegExp]> = [
      ['malformed JSON', () => writeTemp('bad.json', '[{"instruction": "x", '), 'alpaca-eval', /bad\.json: not valid JSON/],
      ['an empty file', () => writeTemp('empty.json', ''), 'alpaca-eval', /empty\.json: file is empty/],
      ['a JSONL file of blank lines', () => writeTemp('blank.jsonl', '\uFEFF\n  \r\n\n'), 'jsonl', /blank\.jsonl: file is empty/],
      ['an empty array', () => writeTemp('none.json', '[]'), 'alpaca-eval', /none\.json: holds no records/],
      ['not an array', () => writeTemp('obj.json', '{"a": 1}'), 'alpaca-eval', /obj\.json: expected a JSON array/],
      [
        'a record missing output',
        () =>
          alpaca([
            { instruction: 'ok', output: 'fine', generator: 'm' },
            { instruction: 'Q', generator: 'm' },
          ]),
        'alpaca-eval',
        /outputs\.json: record 2: "output" is missing/,
      ],
      [
        'a record without a model name',
        () => alpaca([{ instruction: 'Q', output: 'A' }]),
        'alpaca-eval',
        /record 1: has no "generator"; pass --model NAME/,
      ],
      [
        'a broken JSONL line',
        () => writeTemp('t.jsonl', '{"model":"m","prompt":"p","response":"r"}\n{oops\n'),
        'jsonl',
        /t\.jsonl: line 2: not valid JSON/,
      ],
      [
        'a JSONL line with both prompt and messages',
        () => jsonl([{ model: 'm', prompt: 'p', messages: [{ role: 'user', content: 'p' }], response: 'r' }]),
        'jsonl',
        /line 1: needs exactly one of "prompt" or "messages"/,
      ],
      [
        'a response that is a number',
        () => jsonl([{ model: 'm', prompt: 'p', response: 42 }]),
        'jsonl',
        /t\.jsonl: line 1: "response" must be a string, found a number$/,
      ],
      [
        'a sample that is a word',
        () => jsonl([{ model: 'm', prompt: 'p', response: 'r', sample: 'zero' }]),
        'jsonl',
        /line 1: "sample" must be a number, found a string$/,
      ],
      [
        'a fractional sample',
        () => jsonl([{ model: 'm', prompt: 'p', response: 'r', sample: 1.5 }]),
        'jsonl',
        /line 1: "sample" must be a whole number, found 1\.5$/,
      ],
      [
        'a line holding a bare string',
        () => jsonl(['hello']),
        'jsonl',
        /line 1: expected a JSON object \{model, prompt\|messages, response\}, found a string$/,
      ],
      [
        'an AlpacaEval array imported as JSONL',
        () => writeTemp('outputs.json', JSON.stringify([{ instruction: 'Q', output: 'A', generator: 'm' }])),
        'jsonl',
        /outputs\.json: line 1: expected a JSON object \{model, prompt\|messages, response\}, found an array$/,
      ],
      [
        'an AlpacaEval output that is null',
        () => alpaca([{ instruction: 'Q', output: null, generator: 'm' }]),
        'alpaca-eval',
        /record 1: "output" must be a string, found null$/,
      ],
      [
        'a chat message with an unknown role',
        () => jsonl([{ model: 'm', messages: [{ role: 'bot', content: 'x' }], response: 'r' }]),
        'jsonl',
        /line 1: "messages\.0\.role" must be one of "system", "user", "assistant", found "bot"$/,
      ],
      ['a file that does not exist', () => '/nonexistent/outputs.json', 'alpaca-eval', /outputs\.json: cannot read file: ENOENT/],
    ];
    for (const [name, makeFile, format, message] of cases) {
      it(name, () => {
        const store = Store.open(tempDbPath());
        importTranscripts(store, [alpaca([{ instruction: 'kept', output: 'kept', generator: 'earlier' }])], { format: 'alpaca-eval' });
        const before = counts(store);
        const good =
          format === 'jsonl'
            ? jsonl([{ model: 'other', prompt: 'new', response: 'new' }])
            : alpaca([{ instruction: 'new', output: 'new', generator: 'other' }]);
        expect(() => importTranscripts(store, [good, makeFile()], { format })).toThrow(message);
        expect(counts(store)).toEqual(before); // the good file beside it is not half-imported either
        store.close();
      });
    }
  });
});
