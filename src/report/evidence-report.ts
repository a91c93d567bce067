import type { Store } from '../store/index.js';
import { compare, type CompareResult, type ScoreOptions } from '../score/index.js';
import { TOOL_VERSION } from '../util/package-info.js';
import { modelDigests, type ModelDigest } from './digest.js';

export interface RunRecord {
  id: number;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  toolVersion: string;
  battery: string | null;
  batteryHash: string | null;
  source: string | null;
  sourceSha256: string | null;
  answers: number;
}

export interface ClosestProbe {
  category: string;
  excess: number;
  prompt: string;
  sourceAnswer: string;
  suspectAnswer: string;
}

/** Everything a reader needs to weigh, and later re-check, one comparison. */
export interface EvidenceReport {
  generatedAt: string;
  toolVersion: string;
  database: string;
  comparison: CompareResult;
  closestProbes: ClosestProbe[];
  /** Source and suspect first, then the references: which answers, exactly, the scores came from. */
  digests: ModelDigest[];
  runs: Record<string, RunRecord[]>;
}

export async function buildEvidenceReport(
  store: Store,
  source: string,
  suspect: string,
  options: ScoreOptions = {},
): Promise<EvidenceReport> {
  const comparison = await compare(store, source, suspect, options);
  const models = [source, suspect, ...comparison.references];
  return {
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    database: store.path,
    comparison,
    closestProbes: comparison.closestProbes.slice(0, 5).map((p) => ({
      category: p.category,
      excess: p.excess,
      prompt: promptText(store, p.promptId),
      sourceAnswer: firstAnswer(store, source, p.promptId),
      suspectAnswer: firstAnswer(store, suspect, p.promptId),
    })),
    digests: modelDigests(store, models),
    runs: Object.fromEntries([source, suspect].map((m) => [m, runsOf(store, m)])),
  };
}

function promptText(store: Store, promptId: number): string {
  const messages = JSON.parse(store.db.prepare('SELECT messages FROM prompts WHERE id = ?').pluck().get(promptId) as string) as Array<{
    role: string;
    content: string;
  }>;
  return messages.map((m) => (messages.length > 1 ? `[${m.role}] ${m.content}` : m.content)).join('\n');
}

function firstAnswer(store: Store, model: string, promptId: number): string {
  return (
    (store.db
      .prepare(
        `SELECT r.text FROM responses r JOIN models m ON m.id = r.model_id
         WHERE m.name = ? AND r.prompt_id = ? AND r.error IS NULL AND r.text IS NOT NULL ORDER BY r.sample_index LIMIT 1`,
      )
      .pluck()
      .get(model, promptId) as string | undefined) ?? ''
  );
}

function runsOf(store: Store, model: string): RunRecord[] {
  return store.db
    .prepare(
      `SELECT r.id, r.kind, r.status, r.started_at AS startedAt, r.finished_at AS finishedAt, r.tool_version AS toolVersion,
              b.name || ' v' || b.version AS battery, b.hash AS batteryHash, r.source, r.source_sha256 AS sourceSha256,
              count(x.id) AS answers
       FROM runs r
       JOIN responses x ON x.run_id = r.id
       JOIN models m ON m.id = x.model_id
       LEFT JOIN batteries b ON b.id = r.battery_id
       WHERE m.name = ?
       GROUP BY r.id ORDER BY r.id`,
    )
    .all(model) as RunRecord[];
}
