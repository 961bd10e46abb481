import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { AiSpendArgs, aiSpendTool } from './assistant-tool.ts';
import { ingestLlmUsage } from './ingest-llm-usage.ts';
import { bedrockLog, MODELS } from './test-fixtures.ts';

async function ctx() {
  const wh = await DuckDbWarehouse.open();
  await ingestLlmUsage(wh, [writeTemp(tempDir(), 'log.jsonl', bedrockLog())]);
  return { wh, role: 'viewer' as const, actor: 'test' };
}

test('ai_spend states spend by app with values and the SQL behind them', async () => {
  const r = await aiSpendTool.run(await ctx(), AiSpendArgs.parse({ groupBy: ['app'] }));
  assert.match(r.summary, /LLM spend 0\.0218 USD; largest app: assistant at 0\.0138 USD/);
  assert.deepEqual(
    r.values.slice(3).map((v) => [v.label, v.value]),
    [
      ['assistant', '0.0138'],
      ['search', '0.008'],
    ],
  );
  for (const n of r.summary.match(/\d+(\.\d+)?/g) ?? [])
    assert.ok(
      r.values.some((v) => String(v.value) === n),
      `${n} is a stated value`,
    );
  assert.match(r.sql?.[0] ?? '', /FROM llm_usage_event/);
});

test('ai_spend what-if states the token-ratio assumption; arguments are validated', async () => {
  const r = await aiSpendTool.run(
    await ctx(),
    AiSpendArgs.parse({
      view: 'what_if',
      filters: { app: 'assistant' },
      targetModel: MODELS.HAIKU,
      outputRatio: 1.5,
    }),
  );
  assert.match(r.summary, /would cost 0\.00428 USD instead of 0\.0138 USD/);
  assert.match(r.summary, /1\.5 × the output tokens/);
  assert.equal(AiSpendArgs.safeParse({ groupBy: ['password'] }).success, false);
  assert.equal(AiSpendArgs.safeParse({ from: 'yesterday' }).success, false);
  assert.equal(aiSpendTool.minRole, 'viewer');
});
