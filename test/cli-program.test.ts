import { describe, expect, it } from 'vitest';
import { buildProgram, requestedCommand } from '../src/cli/program.js';

describe('the command a command line asks for', () => {
  it('skips global options and their values, and reads help NAME as NAME', () => {
    expect(requestedCommand(['compare', 'a', 'b'])).toBe('compare');
    expect(requestedCommand(['--db', 'case.db', 'rank', 'x'])).toBe('rank');
    expect(requestedCommand(['--db=case.db', '--embedder-dir', '/m', 'models', '--json'])).toBe('models');
    expect(requestedCommand(['help', 'report'])).toBe('report');
    expect(requestedCommand(['help'])).toBe('help');
    expect(requestedCommand(['--version'])).toBeUndefined();
  });

  it('loads only that command in full; the others are listed by name and summary', async () => {
    const program = await buildProgram(['node', 'main.js', '--db', 'x.db', 'compare', 'a', 'b']);
    const byName = new Map(program.commands.map((c) => [c.name(), c]));
    expect([...byName.keys()]).toContain('models');
    expect(byName.get('compare')!.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--embedder', '--json', '--calibration']));
    expect(byName.get('models')!.options).toEqual([]);
    expect(byName.get('models')!.description()).toMatch(/list the models/);
  });
});
