import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { tempDir } from '../testing/fixtures.ts';
import { ClickHouseWarehouse } from './clickhouse.ts';

describe('a read-only ClickHouse store', () => {
  it('answers reads and refuses writes and DDL with READ_ONLY', async () => {
    const dir = tempDir();
    const rw = await ClickHouseWarehouse.open(`chdb:${dir}`);
    await rw.exec(
      `INSERT INTO unit_metric VALUES ('u', 'U', 'effective_cost', 'orders', 1, NULL, now64(6))`,
    );
    await rw.close();

    const ro = await ClickHouseWarehouse.open(`chdb:${dir}`, { readOnly: true });
    try {
      const rows = await ro.query<{ id: string }>('SELECT id FROM unit_metric');
      assert.deepEqual(rows, [{ id: 'u' }]);
      for (const sql of [
        'DELETE FROM unit_metric WHERE 1',
        'DROP TABLE focus_cost',
        'CREATE TABLE x (a Int8) ENGINE = Memory',
      ]) {
        await assert.rejects(ro.exec(sql), (e: unknown) => {
          assert.ok(isCostLensError(e));
          assert.equal(e.code, 'READ_ONLY', sql);
          return true;
        });
      }
      const [n] = await ro.query<{ n: number }>('SELECT count() AS n FROM unit_metric');
      assert.equal(Number(n!.n), 1);
    } finally {
      await ro.close();
    }
  });
});
