import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { assertReadOnlySelect } from './read-only-sql.ts';

describe('read-only SQL guard', () => {
  it('lets a SELECT over CostLens tables, its CTEs and unnest through', async () => {
    const wh = await DuckDbWarehouse.open();
    await assertReadOnlySelect(
      wh,
      `WITH t AS (SELECT "ServiceName" AS s, sum("BilledCost") AS c FROM focus_cost GROUP BY 1)
       SELECT * FROM t JOIN ingest ON true, unnest([1, 2]) WHERE c > $1`,
    );
    await wh.close();
  });

  it('refuses writes, several statements, file reads and the environment', async () => {
    const wh = await DuckDbWarehouse.open();
    const bad = [
      'DELETE FROM focus_cost',
      "COPY focus_cost TO '/tmp/x.csv'",
      'SELECT 1; DROP TABLE focus_cost',
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM '/etc/passwd'",
      "SELECT getenv('HOME')",
      'SELECT * FROM (SELECT * FROM nowhere)',
      'ATTACH ":memory:" AS other',
    ];
    for (const sql of bad) {
      await assert.rejects(assertReadOnlySelect(wh, sql), /only a single read-only SELECT/, sql);
    }
    const [row] = await wh.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM focus_cost');
    assert.equal(row!.n, 0);
    await wh.close();
  });
});
