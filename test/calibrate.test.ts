import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/index.js';
import { importTranscripts } from '../src/import/index.js';
import { calibrate, compare } from '../src/analysis/index.js';
import { ALPACA_DEV_PRESENT, ALPACA_DEV_SKIP_REASON, alpacaDevFiles, alpacaDevLabels } from './helpers/alpaca-dev.js';
import { runCli } from './helpers/cli.js';
import { STYLE_VERSION } from '../src/embed/style.js';
import { tempDbPath, tempDir, writeTemp } from './helpers/temp.js';

if (!ALPACA_DEV_PRESENT) console.warn(ALPACA_DEV_SKIP_REASON);

describe.skipIf(!ALPACA_DEV_PRESENT)('calibrate on labelled pairs', () => {
  const path = tempDbPath();
  beforeAll(() => {
    const store = Store.open(path);
    importTranscripts(store, alpacaDevFiles(), { format: 'alpaca-eval' });
    store.close();
  });

  it('measures ROC-AUC and places the threshold between the independent pairs and the related ones above them', async () => {
    const reader = Store.open(path, { readonly: true });
    const calibration = await calibrate(reader, alpacaDevLabels(), { fpr: 0.01, labelsFile: 'labels.json', labelsSha256: 'x' });
    expect(calibration.auc).toBeGreaterThanOrEqual(0.99);
    expect(calibration.falsePositives).toBe(0);
    expect(calibration.labels).toMatchObject({ related: 7, independent: 20 });
    expect(calibration.views).toEqual([`style@${STYLE_VERSION}`]);
    const verdictWith = await compare(reader, 'gpt-3.5-turbo-0613', 'platolm-7b', {
      calibration: { file: 'cal.json', sha256: 'abc', calibration },
    });
    expect(verdictWith.calibration).toMatchObject({ file: 'cal.json', sha256: 'abc', threshold: calibration.threshold });
    expect(verdictWith.verdictRule.derivedMinScore).toBe(calibration.threshold);
    reader.close();
  });

  it('writes a calibration file from the CLI that compare then names; a file made with other views is refused', async () => {
    const out = join(tempDir(), 'cal.json');
    const made = await runCli(['--db', path, 'calibrate', alpacaDevFilesLabels(), '--out', out, '--embedder', 'style']);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/ROC-AUC (0\.99\d|1\.000)/);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { threshold: number };
    const compareWith = (calibration: string, ...more: string[]) =>
      runCli(['--db', path, 'compare', 'gpt4', 'OpenHermes-2.5-Mistral-7B', '--embedder', 'style', '--calibration', calibration, ...more]);
    const compared = await compareWith(out, '--json');
    expect(compared.status, compared.stderr).toBe(0);
    expect(JSON.parse(compared.stdout).calibration.threshold).toBe(written.threshold);

    // The text forms name the file, its sha256 and the threshold it set, and never the defaults' origin.
    const sha256 = createHash('sha256').update(readFileSync(out)).digest('hex');
    const threshold = written.threshold.toFixed(2);
    const text = await compareWith(out);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`thresholds from calibration ${out} (sha256 ${sha256}): derived needs a score of at least ${threshold}`);
    const ranked = await runCli(['--db', path, 'rank', 'platolm-7b', '--embedder', 'style', '--calibration', out]);
    expect(ranked.status, ranked.stderr).toBe(0);
    expect(ranked.stdout).toContain(`thresholds from calibration ${out} (sha256 ${sha256})`);
    const report = await runCli(['--db', path, 'report', 'gpt4', 'OpenHermes-2.5-Mistral-7B', '--embedder', 'style', '--calibration', out]);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain(`The score thresholds come from the calibration file ${out} (sha256 ${sha256})`);
    expect(report.stdout).toContain(`a score of at least ${threshold} was reached by`);
    expect(report.stdout).toContain(`Verdict thresholds: from the calibration file ${out} (sha256 ${sha256})`);
    expect(report.stdout).not.toContain('44 models');
    const plain = await runCli(['--db', path, 'compare', 'gpt4', 'OpenHermes-2.5-Mistral-7B', '--embedder', 'style']);
    expect(plain.stdout).not.toContain('thresholds from calibration');

    const other = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    other.views = ['tfjs:some-model@123'];
    const otherFile = writeTemp('other.json', JSON.stringify(other));
    const refused = await compareWith(otherFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`calibrated with views tfjs:some-model@123, not style@${STYLE_VERSION}`);
  });
});

function alpacaDevFilesLabels(): string {
  return join(alpacaDevFiles()[0]!, '..', 'labels.json');
}

describe('calibrate input errors', () => {
  it('answers a missing, malformed or unknown-model labels file with one line and exit 1, writing nothing', async () => {
    const path = tempDbPath();
    const store = Store.open(path);
    importTranscripts(
      store,
      [writeTemp('t.jsonl', ['a', 'b', 'c'].map((m) => JSON.stringify({ model: m, prompt: 'q', response: `${m}!` })).join('\n'))],
      {
        format: 'jsonl',
      },
    );
    store.close();
    const dir = tempDir();
    const out = join(dir, 'cal.json');
    const bad = writeTemp('bad.json', '{"wrapped": 3}');
    const unknown = writeTemp('unknown.json', JSON.stringify({ wrapped: [['a', 'zed']], independent_groups: { x: ['a'], y: ['b'] } }));
    for (const [args, message] of [
      [['calibrate', join(dir, 'missing.json')], /cannot read labels: ENOENT/],
      [['calibrate', bad], /wrapped/],
      [['calibrate', unknown], /labelled models not in the store: zed/],
      [['calibrate', unknown, '--fpr', '2'], /--fpr must be a rate/],
    ] as const) {
      const result = await runCli(['--db', path, ...args, '--out', out]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});
