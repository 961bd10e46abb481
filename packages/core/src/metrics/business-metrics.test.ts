import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { ingestBusinessMetrics, listBusinessMetrics } from './business-metrics.ts';

describe('business metric ingestion', () => {
  it('stores date,metric,value rows with extra columns as dimensions, summed exactly', async () => {
    const wh = await DuckDbWarehouse.open();
    const dir = tempDir();
    const file = writeTemp(
      dir,
      'kpi.csv',
      'date,metric,value,region\n2025-01-01,requests,1000.5,eu\n2025-01-01,requests,2000,us\n2025-01-02,orders,0.000000000000001,eu\n',
    );
    const r = await ingestBusinessMetrics(wh, file);
    assert.equal(r.rowCount, 3);
    assert.deepEqual(r.dimensions, ['region']);
    assert.deepEqual(
      r.metrics.map((m) => [m.metric, m.rows, m.from, m.to, m.total]),
      [
        ['orders', 1, '2025-01-02', '2025-01-02', '0.000000000000001'],
        ['requests', 2, '2025-01-01', '2025-01-01', '3000.500000000000000'],
      ],
    );
    const [row] = await wh.query<{ d: string }>(
      `SELECT CAST(dimensions AS VARCHAR) AS d FROM business_metric WHERE value = 1000.5`,
    );
    assert.deepEqual(JSON.parse(row!.d), { region: 'eu' });
    await wh.close();
  });

  it('replaces a metric’s days when they are ingested again, never doubling them', async () => {
    const wh = await DuckDbWarehouse.open();
    const dir = tempDir();
    await ingestBusinessMetrics(
      wh,
      writeTemp(
        dir,
        'a.csv',
        'date,metric,value\n2025-01-01,requests,10\n2025-01-02,requests,20\n',
      ),
    );
    const again = await ingestBusinessMetrics(
      wh,
      writeTemp(
        dir,
        'b.csv',
        'date,metric,value\n2025-01-02,requests,25\n2025-01-03,requests,30\n',
      ),
    );
    assert.equal(again.replacedRows, 1);
    const [m] = await listBusinessMetrics(wh);
    assert.deepEqual(
      [m!.rows, m!.total, m!.from, m!.to],
      [3, '65.000000000000000', '2025-01-01', '2025-01-03'],
    );
    await wh.close();
  });

  it('rejects bad rows together with file, line and column, and writes nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    const dir = tempDir();
    const file = writeTemp(
      dir,
      'bad.csv',
      'date,metric,value\n2025-01-01,requests,10\n2025-02-30,requests,1\n2025-01-03,,2\n2025-01-04,orders,ten\n',
    );
    await assert.rejects(ingestBusinessMetrics(wh, file), (e: unknown) => {
      assert.ok(e instanceof CostLensError);
      assert.equal(e.code, 'INVALID_INPUT');
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [
          [file, 3, 'date'],
          [file, 4, 'metric'],
          [file, 5, 'value'],
        ],
      );
      assert.match(e.message, /bad\.csv:3 column date: "2025-02-30" is not a valid date/);
      return true;
    });
    assert.deepEqual(await listBusinessMetrics(wh), []);
    const missing = writeTemp(dir, 'nometric.csv', 'day,value\n2025-01-01,1\n');
    await assert.rejects(ingestBusinessMetrics(wh, missing), /missing column\(s\) date, metric/);
    await wh.close();
  });
});
