import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { corpusOf } from '../testing/injection-corpus.ts';
import { assertReadOnlySelect } from './read-only-sql.ts';

// Issue 15, injection corpus × the raw-SQL guard (`costlens sql`, admin `/api/sql`): a SELECT
// with a corpus string pasted into its literal — the classic injection — is refused or runs as one
// read-only SELECT; no table is changed, no database attached, no file or environment read.

const SECRET_FILE_MARK = 'root:'; // /etc/passwd's first line

describe('injection corpus × the read-only SQL guard', () => {
  let wh: DuckDbWarehouse;
  let before_: string;
  const state = async () =>
    JSON.stringify([
      await wh.query(`SELECT database_name FROM duckdb_databases() WHERE NOT internal ORDER BY 1`),
      await wh.query(`SELECT table_name FROM duckdb_tables() ORDER BY 1`),
      await wh.query(`SELECT count(*)::INTEGER AS n FROM focus_cost`),
    ]);
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [{ day: '2025-05-01', cost: '1.00' }]);
    before_ = await state();
  });
  after(async () => wh.close());

  it('sql: pasted into a string literal, every corpus string is refused or reads only CostLens tables', async () => {
    let refused = 0;
    for (const x of [...corpusOf('sql'), ...corpusOf('path')]) {
      const sql = `SELECT "ServiceName", "BilledCost" FROM focus_cost WHERE "ServiceName" = '${x.text}'`;
      try {
        await assertReadOnlySelect(wh, sql);
      } catch (e) {
        assert.equal((e as { code?: string }).code, 'INVALID_INPUT', x.id);
        refused++;
        continue;
      }
      // It passed the guard: it must be harmless, so run it as /api/sql would.
      const rows = await wh.query(sql).catch(() => []);
      assert.ok(!JSON.stringify(rows).includes(SECRET_FILE_MARK), `${x.id} read a file`);
    }
    assert.ok(refused >= corpusOf('sql').length / 2, `refused ${refused}`);
    assert.equal(await state(), before_);
  });

  it('sql: the statements the corpus aims at are refused when written out in full', async () => {
    for (const sql of [
      `SELECT * FROM read_csv('/etc/passwd')`,
      `SELECT * FROM '/etc/passwd'`,
      `SELECT content FROM read_text('/etc/hostname')`,
      `SELECT getenv('HOME')`,
      `SELECT current_setting('home_directory')`,
      `SELECT * FROM glob('/*')`,
      `SELECT * FROM pragma_database_list()`,
      `SELECT * FROM duckdb_settings()`,
      `SELECT 1; DROP TABLE focus_cost`,
      `COPY focus_cost TO '/tmp/x.csv'`,
      `ATTACH '/tmp/x.db' AS x`,
      `INSTALL httpfs`,
      `CREATE TABLE pwned AS SELECT 1`,
    ]) {
      await assert.rejects(
        assertReadOnlySelect(wh, sql),
        (e: { code?: string }) => e.code === 'INVALID_INPUT',
        sql,
      );
    }
    assert.equal(await state(), before_);
  });
});
