import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { loadCatalog } from './load-catalog.ts';
import { runQuery } from './run-query.ts';

const ROWS = `INSERT INTO focus_cost ("ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost") VALUES
  ('Amazon EC2', TIMESTAMP '2025-01-02 00:00:00', 10.10, 10.10)`;

describe('the model dimension', () => {
  it('reads as empty on a store that never loaded AI spend, instead of failing to bind', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await wh.exec(ROWS);
      assert.deepEqual([...(await loadCatalog(wh)).absentColumns!], ['x_llmmodel']);
      const r = await runQuery(wh, { metric: 'effective_cost', groupBy: ['model'] });
      assert.deepEqual(r.rows, [{ model: null, effective_cost: '10.100000000000000' }]);
      const none = await runQuery(wh, {
        metric: 'effective_cost',
        filters: [{ dimension: 'model', op: 'eq', value: 'gpt-4o' }],
      });
      assert.deepEqual(none.rows, [{ effective_cost: null }]);
    } finally {
      await wh.close();
    }
  });

  it('groups and filters AI spend by x_LlmModel once the column exists', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await wh.exec(ROWS);
      await wh.exec(`ALTER TABLE focus_cost ADD COLUMN "x_LlmModel" VARCHAR`);
      await wh.exec(
        `INSERT INTO focus_cost ("ServiceName", "ChargePeriodStart", "BilledCost", "EffectiveCost", "x_LlmModel") VALUES
          ('OpenAI API', TIMESTAMP '2025-01-02 00:00:00', 1.25, 1.25, 'gpt-4o'),
          ('OpenAI API', TIMESTAMP '2025-01-03 00:00:00', 2.50, 2.50, 'gpt-4o'),
          ('Anthropic API', TIMESTAMP '2025-01-03 00:00:00', 0.05, 0.05, 'claude-haiku')`,
      );
      assert.equal((await loadCatalog(wh)).absentColumns!.size, 0);
      const r = await runQuery(wh, {
        metric: 'effective_cost',
        groupBy: ['model'],
        filters: [{ dimension: 'model', op: 'is_not_null' }],
        orderBy: [{ field: 'model', direction: 'asc' }],
      });
      // 1.25 + 2.50 for gpt-4o; the EC2 row has no model and is filtered out.
      assert.deepEqual(
        r.rows.map((x) => [x['model'], x['effective_cost']]),
        [
          ['claude-haiku', '0.050000000000000'],
          ['gpt-4o', '3.750000000000000'],
        ],
      );
      assert.match(r.sql, /"x_LlmModel"/);
    } finally {
      await wh.close();
    }
  });
});
