import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { tempDir } from '../testing/fixtures.ts';
import { DuckDbWarehouse } from './duckdb.ts';

describe('DuckDB warehouse', () => {
  it('a long read does not hold up other reads', async () => {
    const wh = await DuckDbWarehouse.open({ readConnections: 2 });
    const slow = wh.query(`SELECT count(*) AS n FROM range(400000000) a`);
    const started = Date.now();
    const [fast] = await wh.query<{ one: number }>(`SELECT 1 AS one`);
    const fastMs = Date.now() - started;
    assert.equal(fast!.one, 1);
    await slow;
    const slowMs = Date.now() - started;
    assert.ok(
      fastMs < slowMs,
      `fast read (${fastMs} ms) finished before the slow one (${slowMs} ms)`,
    );
    await wh.close();
  });

  it('reads see the last committed snapshot while a transaction is open', async () => {
    const wh = await DuckDbWarehouse.open();
    await wh.exec(`CREATE TABLE t (x INTEGER)`);
    await wh.exec(`INSERT INTO t VALUES (1)`);
    let seenInside = -1;
    await wh.transaction(async (tx) => {
      await tx.exec(`INSERT INTO t VALUES (2)`);
      const [r] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM t`);
      seenInside = r!.n;
    });
    assert.equal(seenInside, 1);
    const [after] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM t`);
    assert.equal(after!.n, 2);
    await wh.close();
  });

  it('a failed transaction leaves nothing behind', async () => {
    const wh = await DuckDbWarehouse.open();
    await wh.exec(`CREATE TABLE t (x INTEGER)`);
    await assert.rejects(() =>
      wh.transaction(async (tx) => {
        await tx.exec(`INSERT INTO t VALUES (1)`);
        throw new Error('boom');
      }),
    );
    const [r] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM t`);
    assert.equal(r!.n, 0);
    await wh.close();
  });

  it('a closed file can be reopened; a path in a missing folder is SOURCE_UNREADABLE', async () => {
    const path = join(tempDir(), 'x.duckdb');
    const a = await DuckDbWarehouse.open({ path });
    await a.close();
    const reopened = await DuckDbWarehouse.open({ path });
    assert.ok(reopened);
    await reopened.close();
    await assert.rejects(
      () => DuckDbWarehouse.open({ path: join(tempDir(), 'nope', 'deeper', 'x.duckdb') }),
      (e: unknown) => e instanceof CostLensError && e.code === 'SOURCE_UNREADABLE',
    );
  });

  it('a file already open in this process is refused, not opened twice (which loses writes)', async () => {
    const dir = tempDir();
    const path = join(dir, 'once.duckdb');
    const first = await DuckDbWarehouse.open({ path });
    await first.exec(`CREATE TABLE t (x INTEGER)`);
    await assert.rejects(
      () => DuckDbWarehouse.open({ path: join(dir, '.', 'once.duckdb') }),
      (e: unknown) =>
        e instanceof CostLensError &&
        e.code === 'DATABASE_BUSY' &&
        e.message.includes('already open in this process'),
    );
    // Two opens racing: exactly one gets the file.
    const other = join(dir, 'race.duckdb');
    const raced = await Promise.allSettled([
      DuckDbWarehouse.open({ path: other }),
      DuckDbWarehouse.open({ path: other }),
    ]);
    assert.deepEqual(raced.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    for (const r of raced) if (r.status === 'fulfilled') await r.value.close();
    await first.exec(`INSERT INTO t VALUES (1)`);
    await first.close();
    const again = await DuckDbWarehouse.open({ path });
    const [row] = await again.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM t`);
    assert.equal(row!.n, 1);
    await again.close();
  });
});
