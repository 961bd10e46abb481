/**
 * Concurrency within one process (the server's case: one DuckDB instance, one write connection,
 * a pool of readers): ingests started together end as one of their serial orders, never a mix or
 * a doubling; the same export twice at once is stored once; a read during an ingest sees the
 * totals before it or after it, never part of it. Cross-process cases are in the CLI's tests.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runQuery } from '../semantic/run-query.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { writeBillingCsv } from '../testing/billing-csv.ts';
import { tempDir } from '../testing/fixtures.ts';
import { manifestDisagreements, readStoreState } from '../testing/store-state.ts';
import type { StoreState } from '../testing/store-state.ts';
import { ingestFiles } from './ingest.ts';

async function stateAfter(files: readonly (readonly string[])[]): Promise<StoreState> {
  const wh = await DuckDbWarehouse.open();
  for (const f of files) await ingestFiles(wh, f);
  const state = await readStoreState(wh);
  await wh.close();
  return state;
}

function oneOf(actual: StoreState, candidates: Record<string, StoreState>): string {
  for (const [name, c] of Object.entries(candidates)) {
    try {
      assert.deepEqual(actual, c);
      return name;
    } catch {
      // try the next order
    }
  }
  assert.fail(`the state matches no serial order:\n${JSON.stringify(actual, null, 1)}`);
}

describe('concurrent ingests in one process', () => {
  const dir = tempDir('costlens-concurrency-');
  const janFeb = writeBillingCsv(join(dir, 'jan-feb.csv'), {
    rows: 1200,
    months: ['2025-01', '2025-02'],
  });
  const febMar = writeBillingCsv(join(dir, 'feb-mar.csv'), {
    rows: 1500,
    months: ['2025-02', '2025-03'],
    seed: 3,
  });

  it('ingests of overlapping periods started together end as one of their serial orders', async () => {
    const orders = {
      'jan-feb then feb-mar': await stateAfter([[janFeb], [febMar]]),
      'feb-mar then jan-feb': await stateAfter([[febMar], [janFeb]]),
    };
    assert.notDeepEqual(orders['jan-feb then feb-mar'], orders['feb-mar then jan-feb']);
    const wh = await DuckDbWarehouse.open({ path: join(tempDir(), 'c.duckdb') });
    const results = await Promise.all([ingestFiles(wh, [janFeb]), ingestFiles(wh, [febMar])]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['ingested', 'ingested'],
    );
    oneOf(await readStoreState(wh), orders);
    assert.deepEqual(await manifestDisagreements(wh), []);
    await wh.close();
  });

  it('the same export ingested twice at once is stored once', async () => {
    const once = await stateAfter([[febMar]]);
    const wh = await DuckDbWarehouse.open();
    const results = await Promise.all([ingestFiles(wh, [febMar]), ingestFiles(wh, [febMar])]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['ingested', 'unchanged']);
    assert.deepEqual(await readStoreState(wh), once);
    await wh.close();
  });

  it('a read during an ingest sees the totals before it or after it, never part of it', async () => {
    const big = writeBillingCsv(join(dir, 'feb-mar-big.csv'), {
      rows: 6000,
      months: ['2025-02', '2025-03'],
      seed: 11,
    });
    const wh = await DuckDbWarehouse.open({ path: join(tempDir(), 'r.duckdb'), threads: 1 });
    await ingestFiles(wh, [janFeb]);
    const monthly = async () =>
      JSON.stringify(
        (
          await runQuery(wh, {
            metric: 'billed_cost',
            metrics: ['row_count'],
            timeRange: { start: '2025-01-01', end: '2025-04-01' },
            grain: 'month',
          })
        ).rows,
      );
    const before = await monthly();
    let finished = false;
    const ingest = ingestFiles(wh, [big]).finally(() => (finished = true));
    const seen: string[] = [];
    while (!finished) seen.push(await monthly());
    await ingest;
    const after = await monthly();
    assert.notEqual(after, before);
    const partial = seen.filter((s) => s !== before && s !== after);
    assert.deepEqual(partial, [], 'no read saw part of the ingest');
    assert.ok(seen.length >= 2, `reads ran during the ingest (${seen.length})`);
    await wh.close();
  });
});
