import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { runQuery } from '../semantic/run-query.ts';
import { buildCatalog } from '../semantic/catalog.ts';
import { startFakeClickHouseServer } from '../testing/fake-clickhouse-server.ts';
import type { FakeClickHouseServer } from '../testing/fake-clickhouse-server.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { ClickHouseWarehouse } from './clickhouse.ts';
import { ingestFilesToClickHouse } from './clickhouse-load.ts';

describe('the ClickHouse warehouse over HTTP (@clickhouse/client against a local endpoint)', () => {
  let server: FakeClickHouseServer;
  let ch: ClickHouseWarehouse;
  before(async () => {
    server = await startFakeClickHouseServer();
    const url = new URL(server.url);
    ch = await ClickHouseWarehouse.open(`clickhouse://costlens:pw@${url.host}/default`);
  });
  after(async () => {
    await ch?.close();
    await server?.close();
  });

  it('sends values as query parameters and session settings with every request', async () => {
    const nasty = "'); DROP TABLE focus_cost; -- \\ \n\t ✓";
    const [row] = await ch.query<{ v: string; n: number | null; b: boolean }>(
      'SELECT $1 AS v, $2 AS n, $3 AS b',
      [nasty, null, true],
    );
    assert.deepEqual(row, { v: nasty, n: null, b: true });
    const last = server.requests.at(-1)!;
    assert.doesNotMatch(last.body, /DROP TABLE/);
    assert.match(last.body, /\{p1:String\} AS v, \{p2:Nullable\(String\)\} AS n, \{p3:Bool\} AS b/);
    assert.equal(last.search.get('join_use_nulls'), '1');
    assert.equal(last.search.get('output_format_json_quote_decimals'), '1');
  });

  it('loads files through Parquet over HTTP and answers semantic queries exactly', async () => {
    const dir = tempDir();
    const v1 = writeTemp(
      dir,
      'v1.csv',
      miniFocusCsv([{ BilledCost: '10.000000000000001' }, { BilledCost: '5' }]),
    );
    const v2 = writeTemp(dir, 'v2.csv', miniFocusCsv([{ BilledCost: '12.50' }]));
    await ingestFilesToClickHouse(ch, [v1]);
    assert.ok(server.requests.some((r) => /FORMAT Parquet$/.test(r.search.get('query') ?? '')));
    const first = await runQuery(
      ch,
      { metric: 'billed_cost', groupBy: ['service'] },
      { catalog: buildCatalog() },
    );
    assert.deepEqual(first.rows, [
      { service: 'Amazon Elastic Compute Cloud', billed_cost: '15.000000000000001' },
    ]);
    const r2 = await ingestFilesToClickHouse(ch, [v2]);
    assert.equal(r2.replacedPartitions, 1);
    const second = await runQuery(
      ch,
      { metric: 'billed_cost', metrics: ['row_count'] },
      { catalog: buildCatalog() },
    );
    assert.deepEqual(second.rows, [{ billed_cost: '12.500000000000000', row_count: 1 }]);
  });

  it('turns an engine error into a CostLensError that keeps the SQL', async () => {
    await assert.rejects(ch.query('SELECT * FROM no_such_table'), (e: unknown) => {
      assert.ok(isCostLensError(e));
      assert.match(e.message, /no_such_table/);
      assert.equal((e as unknown as { sql: string }).sql, 'SELECT * FROM no_such_table');
      return true;
    });
  });

  it('says the server is unreachable, with what to check, when nothing listens', async () => {
    await assert.rejects(ClickHouseWarehouse.open('clickhouse://127.0.0.1:1/db'), (e: unknown) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'SOURCE_UNREADABLE');
      assert.match(e.hint ?? '', /running and reachable/);
      return true;
    });
  });
});
