/**
 * Closing a store under running reads: the reads finish (or are interrupted after the grace
 * period) before any connection closes — closing a connection under a running query hung the
 * process — and reads that arrive after close are refused, not queued forever.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { DuckDbWarehouse } from './duckdb.ts';

describe('DuckDB warehouse close', () => {
  it('waits for a running read to finish before closing', async () => {
    const wh = await DuckDbWarehouse.open({ readConnections: 2 });
    const read = wh.query<{ n: bigint }>(`SELECT count(*) AS n FROM range(30000000) a`);
    await new Promise((r) => setTimeout(r, 20));
    await wh.close();
    const [row] = await read;
    assert.equal(Number(row!.n), 30_000_000);
  });

  it('interrupts a read that outlives the grace period, and the close completes', async () => {
    const wh = await DuckDbWarehouse.open({ readConnections: 1 });
    // Far longer than the 5 s grace period if left alone.
    const read = wh
      .query(`SELECT count(*) FROM range(100000) a, range(100000) b, range(1000) c`)
      .then(
        () => 'finished',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await wh.close();
    const outcome = await read;
    assert.match(outcome, /interrupt/i);
    assert.ok(Date.now() - started < 20_000, `closed in ${Date.now() - started} ms`);
  });

  it('refuses reads after close and closes only once', async () => {
    const wh = await DuckDbWarehouse.open();
    await Promise.all([wh.close(), wh.close()]);
    await wh.close();
    await assert.rejects(
      wh.query('SELECT 1'),
      (e: unknown) => e instanceof CostLensError && e.code === 'DATABASE_BUSY',
    );
  });
});
