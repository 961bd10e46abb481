import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { buildCatalog } from './catalog.ts';
import { runQuery } from './run-query.ts';

describe('mixed billing currencies', () => {
  it('warns when money in two currencies is added up, and not once split by currency', async () => {
    const wh = await DuckDbWarehouse.open();
    const dir = tempDir();
    const catalog = buildCatalog();
    await ingestFiles(wh, [writeTemp(dir, 'usd.csv', miniFocusCsv([{ BilledCost: '10' }]))]);
    const one = await runQuery(wh, { metric: 'billed_cost' }, { catalog });
    assert.equal(one.warnings, undefined);
    await ingestFiles(wh, [
      writeTemp(
        dir,
        'eur.csv',
        miniFocusCsv([{ BillingAccountId: '222', BillingCurrency: 'EUR', BilledCost: '5' }]),
      ),
    ]);
    const mixed = await runQuery(wh, { metric: 'billed_cost' }, { catalog });
    assert.match(mixed.warnings?.[0] ?? '', /2 billing currencies \(EUR, USD\)/);
    const split = await runQuery(
      wh,
      { metric: 'billed_cost', groupBy: ['billing_currency'] },
      { catalog },
    );
    assert.equal(split.warnings, undefined);
    assert.equal(split.rows.length, 2);
    const count = await runQuery(wh, { metric: 'row_count' }, { catalog });
    assert.equal(count.warnings, undefined);
    await wh.close();
  });
});
