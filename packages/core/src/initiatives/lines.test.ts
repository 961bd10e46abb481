import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { behaviours, loadFleet } from '../gpu/fleet-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { parseInitiative } from './definition.ts';
import { planVsActual } from './plan-vs-actual.ts';

const HOUR = 3_600_000;

/**
 * November 2026: a GPU host (i-aaa, tagged app=copilot) at $48.00 for 1 Nov; LLM API spend with a
 * model: gpt-4o $1.25 (tagged copilot) + $2.50 (untagged), claude-haiku $0.05 (tagged copilot).
 */
async function fixture() {
  const wh = await DuckDbWarehouse.open();
  await wh.exec(`INSERT INTO gpu_host VALUES ('node-a', 'i-aaa', NULL, 'ml', 'test')`);
  await insertCostRows(wh, [
    { day: '2026-11-01', cost: '48.00', resource: 'i-aaa', tags: { app: 'copilot' } },
  ]);
  await wh.exec(`ALTER TABLE focus_cost ADD COLUMN "x_LlmModel" VARCHAR`);
  await wh.exec(
    `INSERT INTO focus_cost ("ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost", "Tags", "x_LlmModel") VALUES
      ('OpenAI API', TIMESTAMP '2026-11-01 00:00:00', 1.25, 1.25, '{"app":"copilot"}', 'gpt-4o'),
      ('OpenAI API', TIMESTAMP '2026-11-02 00:00:00', 2.50, 2.50, NULL, 'gpt-4o'),
      ('Anthropic API', TIMESTAMP '2026-11-02 00:00:00', 0.05, 0.05, '{"app":"copilot"}', 'claude-haiku')`,
  );
  // GPU-0 runs the copilot's embedder: held but idle for 12 h, then released for 12 h (all idle).
  // GPU-1 runs another team's trainer, half busy all day.
  await loadFleet(
    wh,
    [
      {
        hostname: 'node-a',
        uuid: 'GPU-0',
        busy: () => 0,
        fbUsedMiB: (k) => (k < 12 ? 1000 : 0),
        pod: 'copilot-embedder-7d9f8c6b5-x2x9z',
      },
      {
        hostname: 'node-a',
        uuid: 'GPU-1',
        busy: behaviours.half,
        fbUsedMiB: () => 1000,
        pod: 'trainer-7d9f8c6b5-x2x9z',
      },
    ],
    { start: '2026-11-01T00:00:00Z', n: 24, stepMs: HOUR },
  );
  return wh;
}

const def = parseInitiative({
  id: 'copilot',
  name: 'Copilot',
  owner: 'jane@example.com',
  start: '2026-11-01',
  end: '2026-12-31',
  mappings: [
    { filters: [{ dimension: 'tag:app', value: 'copilot' }] },
    // Overlaps the first on the tagged gpt-4o row: its $1.25 must count once.
    { filters: [{ dimension: 'model', value: 'gpt-4o' }] },
  ],
  gpuWorkloads: [{ workload: 'copilot-embedder' }, { host: 'node-z' }],
  budget: [{ category: 'inference_and_platform', amount: '100' }],
  peopleTime: [{ month: '2026-12', category: 'people_time', hours: '2', loadedRate: '50' }],
});

describe('plan vs actual lines', () => {
  it('splits the actuals into cloud, LLM spend by model and people time, with GPU idle as a memo', async () => {
    const wh = await fixture();
    try {
      const p = await planVsActual(wh, def, { forecast: false });
      const lines = p.lines.map((l) => [l.key, l.kind, l.total, l.byMonth]);
      assert.deepEqual(lines, [
        ['cloud', 'cost', '48', { '2026-11': '48' }],
        ['llm:claude-haiku', 'cost', '0.05', { '2026-11': '0.05' }],
        // 1.25 (claimed by both mappings, counted once) + 2.50
        ['llm:gpt-4o', 'cost', '3.75', { '2026-11': '3.75' }],
        ['people_time', 'cost', '100', { '2026-12': '100' }],
        // GPU-0's half of the $48 host day, all of it idle (12 h held idle + 12 h unallocated).
        ['gpu_idle', 'memo', '24', { '2026-11': '24' }],
      ]);
      assert.deepEqual(
        p.overlaps.map((o) => o.amount),
        ['1.25'],
      );
      // Cost lines add up to the actuals; the memo line is not added.
      const costLines = p.lines.filter((l) => l.kind === 'cost');
      const sum = costLines.reduce((s, l) => s + Number(l.total), 0);
      assert.equal(p.actualToDate, '151.8');
      assert.equal(Math.round(sum * 100), 15180);
      assert.ok(p.notes.some((n) => /not seen in the fleet samples: node-z/.test(n)));
      assert.ok(p.notes.some((n) => /memo and not added/.test(n)));
    } finally {
      await wh.close();
    }
  });

  it('has no GPU memo line without GPU workloads, and reads LLM spend as cloud on a store without models', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await insertCostRows(wh, [
        { day: '2026-11-03', cost: '7.10', service: 'Amazon Bedrock', tags: { app: 'copilot' } },
      ]);
      const p = await planVsActual(
        wh,
        { ...def, mappings: [def.mappings[0]!], gpuWorkloads: [], peopleTime: [] },
        { forecast: false },
      );
      assert.deepEqual(
        p.lines.map((l) => [l.key, l.total]),
        [['cloud', '7.1']],
      );
    } finally {
      await wh.close();
    }
  });
});
