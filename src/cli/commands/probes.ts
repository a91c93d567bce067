import { COMMAND_SUMMARIES } from './summaries.js';
import type { Command } from 'commander';
import { loadBattery, loadBatteryFile, type Battery, type Probe } from '../../probes/index.js';
import { printJson, printLine } from '../output.js';
import { count, newTable } from '../format.js';
import { examples } from '../help.js';

export function registerProbes(program: Command): void {
  const probes = program
    .command('probes')
    .description(COMMAND_SUMMARIES.probes)
    .addHelpText('after', examples('probes list', 'probes validate my-battery.yaml'));

  probes
    .command('list')
    .description('list the probes of a battery (default: the built-in "default" battery)')
    .option('--battery <name|file>', 'built-in battery name or path to a .yaml file', 'default')
    .option('--json', 'print JSON: {name, version, hash, probes: [{id, category, language, samples, params, messages}]}')
    .addHelpText('after', examples('probes list', 'probes list --battery my-battery.yaml --json'))
    .action((options: { battery: string; json?: boolean }) => {
      const battery = loadBattery(options.battery);
      if (options.json) return printJson(batteryJson(battery));
      printLine(`battery ${summary(battery)}`);
      const table = newTable(['id', 'category', 'lang', 'samples', 'temp', 'prompt'], { compact: true });
      for (const probe of battery.probes) {
        table.push([probe.id, probe.category, probe.language, probe.samples, probe.params.temperature ?? '', promptPreview(probe)]);
      }
      printLine(table.toString());
    });

  probes
    .command('validate')
    .description('check a battery file; prints one OK line, or the first problem as file:line:col and exits 1')
    .argument('<file>', 'battery .yaml file')
    .addHelpText('after', examples('probes validate my-battery.yaml'))
    .action((file: string) => {
      const battery = loadBatteryFile(file);
      printLine(`OK ${file}: ${summary(battery)}`);
    });
}

/** The JSON contract of `probes list --json`. */
export function batteryJson(battery: Battery): Record<string, unknown> {
  return {
    name: battery.name,
    version: battery.version,
    hash: battery.hash,
    ...(battery.description !== undefined ? { description: battery.description } : {}),
    source: battery.source,
    probes: battery.probes.map((p) => ({
      id: p.id,
      category: p.category,
      language: p.language,
      samples: p.samples,
      params: p.params,
      messages: p.messages,
    })),
  };
}

function summary(battery: Battery): string {
  const categories = new Set(battery.probes.map((p) => p.category)).size;
  const samples = battery.probes.reduce((sum, p) => sum + p.samples, 0);
  return (
    `"${battery.name}" version ${battery.version}, ${count(battery.probes.length, 'probe')} in ${count(categories, 'category', 'categories')}, ` +
    `${count(samples, 'response')} per model, sha256 ${battery.hash}`
  );
}

/** Compact rows; no colour codes when stdout is a pipe or file. */
const PREVIEW_CHARS = 60;

/** The last user message on one line, with invisible and control characters made visible. */
function promptPreview(probe: Probe): string {
  const last = probe.messages[probe.messages.length - 1]!;
  const visible = JSON.stringify(last.content)
    .slice(1, -1)
    .replace(/[\u200b-\u200f\u2028\u2029\u2060\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = Array.from(visible);
  const text = chars.length > PREVIEW_CHARS ? chars.slice(0, PREVIEW_CHARS - 1).join('') + '…' : visible;
  return probe.messages[0]!.role === 'system' ? `[system] ${text}` : text;
}
