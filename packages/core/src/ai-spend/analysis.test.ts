import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { ingestBusinessMetrics } from '../metrics/business-metrics.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { aiSpend } from './ai-spend.ts';
import { ingestLlmUsage } from './ingest-llm-usage.ts';
import { setPriceOverride } from './price-overrides.ts';
import { aiReconciliation } from './reconcile-invoice.ts';
import { repriceUsage } from './reprice.ts';
import { bedrockLog, MODELS, openAiCostsPage, openAiUsagePage } from './test-fixtures.ts';
import { aiUnitCost } from './unit-cost.ts';
import { modelSwitchWhatIf } from './what-if.ts';

/** The fixture: three Bedrock requests ($0.006, $0.008 on day 1; $0.0078 on day 2), a CUR, outcomes. */
async function fixture() {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  const day = (d: string, cost: string) => ({
    BillingAccountId: '123456789012',
    BillingPeriodStart: '2026-01-01T00:00:00Z',
    BillingPeriodEnd: '2026-02-01T00:00:00Z',
    ChargePeriodStart: `${d}T00:00:00Z`,
    ChargePeriodEnd: `${d}T23:59:59Z`,
    ServiceName: 'Amazon Bedrock',
    ServiceCategory: 'AI and Machine Learning',
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
    ContractedCost: cost,
  });
  await ingestFiles(wh, [
    writeTemp(
      dir,
      'cur.csv',
      miniFocusCsv([
        day('2026-01-10', '0.014'),
        day('2026-01-11', '0.0080'),
        day('2026-01-12', '5.00'),
        {
          ...day('2026-01-10', '100'),
          ServiceName: 'Amazon Elastic Compute Cloud',
          ServiceCategory: 'Compute',
        },
      ]),
    ),
  ]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'log.jsonl', bedrockLog())]);
  await ingestBusinessMetrics(
    wh,
    writeTemp(
      dir,
      'm.csv',
      'date,metric,value,app\n2026-01-10,tasks_completed,3,assistant\n2026-01-11,tasks_completed,4,assistant\n2026-01-10,tasks_completed,50,search\n',
    ),
  );
  return wh;
}

test('spend by model and by team/app/feature adds up exactly; cache savings and token mix are reported', async () => {
  const wh = await fixture();
  const byModel = await aiSpend(wh, { groupBy: ['model'] });
  assert.deepEqual(
    byModel.rows.map((r) => [r.key.model, r.cost]),
    [
      [MODELS.SONNET, '0.0138'],
      [MODELS.HAIKU, '0.008'],
    ],
  );
  assert.equal(byModel.total.cost, '0.0218');
  assert.equal(byModel.total.cacheSavings, '0.0027'); // 1000 × (0.000003 − 0.0000003)
  assert.deepEqual(
    [byModel.total.inputTokens, byModel.total.cachedInputTokens, byModel.total.outputTokens],
    [8000, 1000, 1300],
  );
  const byTeam = await aiSpend(wh, {
    groupBy: ['team', 'app', 'feature'],
    from: '2026-01-10',
    to: '2026-01-11',
  });
  assert.deepEqual(
    byTeam.rows.map((r) => [r.key.team, r.key.app, r.key.feature, r.cost]),
    [
      ['search', 'search', 'rewrite', '0.008'],
      ['ml', 'assistant', 'chat', '0.006'],
    ],
  );
  assert.match(byTeam.sql, /\$1/);
  assert.deepEqual(byTeam.params, ['2026-01-10', '2026-01-11']);
  await assert.rejects(
    aiSpend(wh, { groupBy: ['model; DROP TABLE x'] }),
    /unknown AI spend dimension/,
  );
});

test('unit economics: cost per request, per 1k tokens, per conversation and per successful task', async () => {
  const wh = await fixture();
  const u = await aiUnitCost(wh, {
    filters: { app: 'assistant' },
    outcomeMetric: 'tasks_completed',
    outcomeApp: 'assistant',
  });
  assert.deepEqual(
    u.rows.map((r) => [
      r.period,
      r.cost,
      r.costPerRequest,
      r.costPer1kTokens,
      r.outcomes,
      r.costPerOutcome,
    ]),
    [
      ['2026-01-10', '0.006', '0.006', '0.005', '3', '0.002'],
      ['2026-01-11', '0.0078', '0.0078', '0.002516', '4', '0.00195'],
    ],
  );
  assert.deepEqual(
    [
      u.total.cost,
      u.total.conversations,
      u.total.costPerConversation,
      u.total.outcomes,
      u.total.costPerOutcome,
    ],
    ['0.0138', 1, '0.0138', '7', '0.001971'],
  );
  const monthly = await aiUnitCost(wh, { grain: 'month' });
  assert.deepEqual(
    monthly.rows.map((r) => [r.period, r.cost, r.requests, r.costPerOutcome]),
    [['2026-01', '0.0218', 3, null]],
  );
});

test('model-switch what-if: the same workload on another model, with the token-ratio assumption stated', async () => {
  const wh = await fixture();
  const w = await modelSwitchWhatIf(wh, {
    filters: { app: 'assistant' },
    targetModel: MODELS.HAIKU,
    outputRatio: 1.5,
  });
  // Sonnet workload: 3000 input, 1000 cache reads, 300 output → on Haiku with 1.5× output:
  // 3000×0.0000008 + 1000×0.00000008 + 450×0.000004 = 0.0024 + 0.00008 + 0.0018
  assert.equal(w.currentCost, '0.0138');
  assert.equal(w.projectedCost, '0.00428');
  assert.equal(w.delta, '-0.00952');
  assert.equal(w.deltaPct, '-68.99');
  assert.equal(w.target.provider, 'aws-bedrock');
  assert.match(w.assumptions[0] ?? '', /1 × the input tokens and 1.5 × the output tokens/);
  await assert.rejects(
    modelSwitchWhatIf(wh, { targetModel: 'no-such-model' }),
    /cannot price the target/,
  );
  await assert.rejects(
    modelSwitchWhatIf(wh, { targetModel: MODELS.HAIKU, outputRatio: -1 }),
    /outputRatio/,
  );
});

test('reconciliation: token-priced Bedrock usage vs the CUR lines, gap reported, invoice-only days kept', async () => {
  const wh = await fixture();
  const r = await aiReconciliation(wh);
  const [b] = r.providers;
  assert.equal(r.providers.length, 1);
  assert.deepEqual(
    [
      b?.provider,
      b?.overlapDays,
      b?.usageCost,
      b?.invoiceCost,
      b?.gap,
      b?.gapPct,
      b?.invoiceOnlyDays,
      b?.invoiceOnlyCost,
    ],
    ['aws-bedrock', 2, '0.0218', '0.022', '0.0002', '0.91', 1, '5'],
  );
  assert.match(b?.invoiceSource ?? '', /AWS CUR/);
});

test('reconciliation of a direct provider: usage against its cost endpoint, days without an invoice kept apart', async () => {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  const usage = openAiUsagePage([
    {
      day: '2026-01-10',
      model: 'gpt-4.1-mini-2025-04-14',
      input: 1_000_000,
      cached: 300_000,
      output: 100_000,
      requests: 50,
    },
    {
      day: '2026-01-11',
      model: 'gpt-4.1-mini-2025-04-14',
      input: 1_000_000,
      cached: 300_000,
      output: 100_000,
      requests: 50,
    },
  ]);
  const costs = openAiCostsPage([
    {
      day: '2026-01-10',
      lines: [
        ['gpt-4.1-mini-2025-04-14, input', 0.32],
        ['gpt-4.1-mini-2025-04-14, output', 0.16],
      ],
    },
  ]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'u.json', usage), writeTemp(dir, 'c.json', costs)]);
  const [o] = (await aiReconciliation(wh)).providers;
  // Token-priced 0.47 per day; the invoice says 0.48 for the first day; the second has no invoice yet.
  assert.deepEqual(
    [
      o?.provider,
      o?.overlapDays,
      o?.usageCost,
      o?.invoiceCost,
      o?.gap,
      o?.gapPct,
      o?.usageOnlyDays,
      o?.usageOnlyCost,
    ],
    ['openai', 1, '0.47', '0.48', '0.01', '2.08', 1, '0.47'],
  );
});

test('repricing with a negotiated rate compares both views, and applying it stores the new prices (audited)', async () => {
  const wh = await fixture();
  await setPriceOverride(
    wh,
    {
      provider: 'aws-bedrock',
      model: MODELS.HAIKU,
      effectiveFrom: '2026-01-01',
      input: '0.0000004',
      output: '0.000002',
    },
    'cli:alice',
  );
  const preview = await repriceUsage(wh);
  const haiku = preview.lines.find((l) => l.model === MODELS.HAIKU);
  assert.deepEqual(
    [haiku?.storedCost, haiku?.repricedCost, haiku?.delta, preview.delta, preview.applied],
    ['0.008', '0.004', '-0.004', '-0.004', false],
  );
  assert.equal((await aiSpend(wh)).total.cost, '0.0218');
  const applied = await repriceUsage(wh, { apply: true, actor: 'cli:alice' });
  assert.equal(applied.changedEvents, 1);
  assert.equal((await aiSpend(wh)).total.cost, '0.0178');
  assert.deepEqual(
    (await listAudit(wh)).slice(0, 2).map((a) => a.action),
    ['ai.reprice', 'ai.price.set'],
  );
  await assert.rejects(
    setPriceOverride(
      wh,
      { provider: 'openai', model: 'x', effectiveFrom: 'soon', input: '-1' },
      'cli',
    ),
    /not YYYY-MM-DD.*not a non-negative number/,
  );
});
