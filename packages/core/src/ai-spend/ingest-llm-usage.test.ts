import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { isCostLensError } from '../errors.ts';
import { qualityReport } from '../quality/quality-report.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { aiSpend } from './ai-spend.ts';
import { ingestLlmUsage } from './ingest-llm-usage.ts';
import {
  bedrockLine,
  bedrockLog,
  MODELS,
  openAiCostsPage,
  openAiUsagePage,
} from './test-fixtures.ts';

async function count(wh: Warehouse, sql: string): Promise<number> {
  const [r] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${sql}`);
  return Number(r?.n);
}

test('a Bedrock log loads priced events; cloud-billed usage writes no FOCUS rows (the CUR has them)', async () => {
  const wh = await DuckDbWarehouse.open();
  const r = await ingestLlmUsage(wh, [writeTemp(tempDir(), 'log.jsonl', bedrockLog())], {
    actor: 'test',
  });
  assert.deepEqual([r.events, r.unpricedEvents, r.pricedCost, r.focusRows], [3, 0, '0.0218', 0]);
  assert.equal(await count(wh, `focus_cost`), 0);
  const audit = await listAudit(wh);
  assert.equal(audit[0]?.action, 'ai.ingest');
  assert.equal(audit[0]?.actor, 'test');
});

test('bad input (missing field, negative tokens, unparseable line) stops the load naming file, line and field; nothing is written', async () => {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  await ingestLlmUsage(wh, [writeTemp(dir, 'good.jsonl', bedrockLog())]);
  const good = bedrockLine({
    id: 'x1',
    ts: '2026-01-12T00:00:00Z',
    model: MODELS.SONNET,
    input: 1,
    output: 1,
  });
  const missing = JSON.parse(
    bedrockLine({
      id: 'x2',
      ts: '2026-01-12T00:00:00Z',
      model: MODELS.SONNET,
      input: 1,
      output: 1,
    }),
  ) as { output: Record<string, unknown> };
  delete missing.output.outputTokenCount;
  const negative = bedrockLine({
    id: 'x3',
    ts: '2026-01-12T00:00:00Z',
    model: MODELS.SONNET,
    input: -5,
    output: 1,
  });
  const noModel = JSON.parse(good) as Record<string, unknown>;
  delete noModel.modelId;
  const bad = writeTemp(
    dir,
    'bad.jsonl',
    [good, JSON.stringify(missing), negative, JSON.stringify({ ...noModel, requestId: 'x4' })].join(
      '\n',
    ),
  );
  await assert.rejects(ingestLlmUsage(wh, [bad]), (e: unknown) => {
    assert.ok(isCostLensError(e) && e.code === 'INVALID_INPUT');
    assert.match(e.message, /nothing was loaded/);
    const where = e.issues.map((i) => `${i.file === bad ? 'bad' : i.file}:${i.line}:${i.column}`);
    assert.deepEqual(where, [
      'bad:2:output.outputTokenCount',
      'bad:3:input.inputTokenCount',
      'bad:4:modelId',
    ]);
    return true;
  });
  const broken = writeTemp(dir, 'broken.jsonl', `${good}\n{"schemaType": "ModelInvocationLog",\n`);
  await assert.rejects(
    ingestLlmUsage(wh, [broken]),
    (e: unknown) => isCostLensError(e) && e.issues[0]?.line === 2,
  );
  assert.equal(await count(wh, 'llm_usage_event'), 3);
  assert.equal(await count(wh, 'llm_usage_ingest'), 1);
});

test('an unknown model loads flagged unpriced (cost NULL, not 0) — or stops the load with --strict-models', async () => {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  const file = writeTemp(
    dir,
    'u.jsonl',
    `${bedrockLine({ id: 'u1', ts: '2026-01-10T00:00:00Z', model: 'acme.secret-model-v9', input: 100, output: 100 })}\n${bedrockLine({ id: 'u2', ts: '2026-01-10T00:00:00Z', model: MODELS.HAIKU, input: 1000, output: 0 })}\n`,
  );
  await assert.rejects(ingestLlmUsage(wh, [file], { unknownModels: 'error' }), (e: unknown) => {
    assert.ok(isCostLensError(e));
    assert.deepEqual(
      e.issues.map((i) => [i.line, i.column]),
      [[1, 'model']],
    );
    assert.match(e.issues[0]?.message ?? '', /acme\.secret-model-v9 is not in price book/);
    return true;
  });
  assert.equal(await count(wh, 'llm_usage_event'), 0);
  const r = await ingestLlmUsage(wh, [file]);
  assert.equal(r.unpricedEvents, 1);
  const [row] = await wh.query<{ cost: string | null; why: string }>(
    `SELECT cost::VARCHAR AS cost, unpriced_reason AS why FROM llm_usage_event WHERE model = 'acme.secret-model-v9'`,
  );
  assert.equal(row?.cost, null);
  const spend = await aiSpend(wh, { groupBy: ['model'] });
  assert.equal(spend.total.cost, '0.0008');
  assert.equal(spend.total.unpricedEvents, 1);
  assert.deepEqual(
    spend.rows.map((x) => [x.key.model, x.cost, x.unpricedEvents]),
    [
      [MODELS.HAIKU, '0.0008', 0],
      ['acme.secret-model-v9', '0', 1],
    ],
  );
});

test('re-ingesting the same file, or a restated usage bucket, replaces rows and never doubles them', async () => {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  const log = writeTemp(dir, 'log.jsonl', bedrockLog());
  await ingestLlmUsage(wh, [log]);
  const again = await ingestLlmUsage(wh, [log]);
  assert.equal(again.replacedEvents, 3);
  assert.equal(await count(wh, 'llm_usage_event'), 3);
  const page = (input: number) =>
    openAiUsagePage([
      {
        day: '2026-01-10',
        model: 'gpt-4.1-mini-2025-04-14',
        input,
        cached: 0,
        output: 0,
        requests: 1,
      },
    ]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'p1.json', page(1_000_000))]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'p1-restated.json', page(2_000_000))]);
  const spend = await aiSpend(wh, { filters: { provider: 'openai' } });
  assert.deepEqual(
    [spend.total.events, spend.total.inputTokens, spend.total.cost],
    [1, 2_000_000, '0.8'],
  );
});

test('direct OpenAI usage appears in FOCUS token-priced until the costs endpoint covers the day; then the cost lines replace it', async () => {
  const wh = await DuckDbWarehouse.open();
  const dir = tempDir();
  // 1M input of which 300k cached, 100k output on gpt-4.1-mini: 700k×0.0000004 + 300k×0.0000001 + 100k×0.0000016 = 0.47
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
  await ingestLlmUsage(wh, [writeTemp(dir, 'usage.json', usage)]);
  const focus = () =>
    wh.query<{ day: string; basis: string; cost: string; cat: string; model: string | null }>(
      `SELECT strftime("ChargePeriodStart", '%Y-%m-%d') AS day, "x_LlmCostBasis" AS basis, sum("BilledCost")::VARCHAR AS cost, any_value("ServiceCategory") AS cat, any_value("x_LlmModel") AS model
     FROM focus_cost GROUP BY ALL ORDER BY 1, 2`,
    );
  assert.deepEqual(
    (await focus()).map((r) => [r.day, r.basis, Number(r.cost), r.cat, r.model]),
    [
      ['2026-01-10', 'token-priced', 0.47, 'AI and Machine Learning', 'gpt-4.1-mini-2025-04-14'],
      ['2026-01-11', 'token-priced', 0.47, 'AI and Machine Learning', 'gpt-4.1-mini-2025-04-14'],
    ],
  );
  const costs = openAiCostsPage([
    {
      day: '2026-01-10',
      lines: [
        ['gpt-4.1-mini-2025-04-14, input', 0.31],
        ['gpt-4.1-mini-2025-04-14, output', 0.16],
      ],
    },
  ]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'costs.json', costs)]);
  await ingestLlmUsage(wh, [writeTemp(dir, 'costs-again.json', costs)]);
  assert.deepEqual(
    (await focus()).map((r) => [r.day, r.basis, r.cost]),
    [
      ['2026-01-10', 'provider cost line', '0.470000000000000'],
      ['2026-01-11', 'token-priced', '0.470000000000000'],
    ],
  );
  assert.equal(await count(wh, `focus_cost WHERE "ChargePeriodStart" = '2026-01-10'`), 2);
  const report = await qualityReport(wh);
  const errors = report.findings.filter(
    (f) => f.severity === 'error' && f.source === 'conformance',
  );
  assert.deepEqual(
    errors.map((f) => f.check),
    [],
    'the AI FOCUS rows pass the FOCUS conformance checks',
  );
});

test('a file that cannot be read is SOURCE_UNREADABLE', async () => {
  const wh = await DuckDbWarehouse.open();
  await assert.rejects(
    ingestLlmUsage(wh, ['/nonexistent/usage.json']),
    (e: unknown) => isCostLensError(e) && e.code === 'SOURCE_UNREADABLE',
  );
});
