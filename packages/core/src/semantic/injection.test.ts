import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { INJECTION_CLASSES, PWNED, corpusOf } from '../testing/injection-corpus.ts';
import type { InjectionCase } from '../testing/injection-corpus.ts';
import { compileQuery } from './compile-query.ts';
import { runQuery } from './run-query.ts';
import type { SemanticQuery } from './types.ts';

// Issue 15, injection corpus × the semantic layer: every hostile string, used as a filter value,
// a dimension value, a tag key or value and a tag group-by name, compiles to the SQL text a benign
// value gives, returns exactly the rows that hold that string, and changes nothing in the store.

const now = new Date('2025-05-20T00:00:00Z');
const BENIGN = 'team';

/** A query using `v` in every place user text can go. */
const everywhere = (v: string): SemanticQuery => ({
  metric: 'effective_cost',
  groupBy: ['service', `tag:${v}`],
  filters: [
    { dimension: 'service', op: 'eq', value: v },
    { dimension: 'region', op: 'in', value: [v, 'us-east-1'] },
    { dimension: `tag:${v}`, op: 'contains', value: v },
    { dimension: 'resource_id', op: 'neq', value: v },
    { dimension: 'sku', op: 'not_in', value: [v] },
  ],
  timeRange: { start: '2025-05-01', end: '2025-06-01' },
  grain: 'day',
  compareTo: 'previous_period',
  limit: 5,
});

/** What the store looks like from the outside: databases, tables, row count. */
async function storeShape(wh: DuckDbWarehouse): Promise<string> {
  const dbs = await wh.query<{ n: string }>(
    `SELECT database_name AS n FROM duckdb_databases() WHERE NOT internal ORDER BY 1`,
  );
  const tables = await wh.query<{ n: string }>(
    `SELECT schema_name || '.' || table_name AS n FROM duckdb_tables() ORDER BY 1`,
  );
  const rows = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM focus_cost`);
  return JSON.stringify({ dbs, tables, rows });
}

/** The cost of the row seeded for corpus case `i`: a distinct exact amount. */
const costOf = (i: number) => `${i + 1}.${String(i + 1).padStart(2, '0')}`;

describe('injection corpus × semantic queries', () => {
  let wh: DuckDbWarehouse;
  let cases: InjectionCase[];
  let shapeBefore: string;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    cases = INJECTION_CLASSES.flatMap((cls) => [...corpusOf(cls)]);
    // One row per string: the string is its service, resource, SKU and `team` tag value, and a
    // tag key of its own; plus benign rows the filters must not pick up.
    await insertCostRows(wh, [
      ...cases.map((x, i) => ({
        day: '2025-05-10',
        cost: costOf(i),
        service: x.text,
        resource: x.text,
        sku: x.text,
        tags: { team: x.text, [x.text]: x.text },
      })),
      { day: '2025-05-11', cost: '100.00', service: 'Amazon EC2', tags: { team: 'ml' } },
      { day: '2025-05-12', cost: '200.00', service: 'Amazon S3', tags: { team: 'web' } },
    ]);
    shapeBefore = await storeShape(wh);
  });
  after(async () => wh.close());

  for (const cls of INJECTION_CLASSES) {
    it(`${cls}: strings in filters, tag keys and group-by names compile to the benign SQL text`, () => {
      const base = compileQuery(everywhere(BENIGN), { now });
      for (const x of corpusOf(cls)) {
        const compiled = compileQuery(everywhere(x.text), { now });
        assert.equal(compiled.sql, base.sql, x.id);
        assert.equal(compiled.params.length, base.params.length, x.id);
        assert.ok(compiled.params.includes(x.text), `${x.id}: travels as a parameter, unchanged`);
        if (x.text.length > 3) assert.ok(!compiled.sql.includes(x.text), x.id);
      }
    });

    it(`${cls}: a filter on the string returns exactly the row that holds it, and the store is unchanged`, async () => {
      for (const x of corpusOf(cls)) {
        const i = cases.indexOf(x);
        const own = await runQuery(wh, {
          metric: 'effective_cost',
          groupBy: ['service', 'tag:team', `tag:${x.text}`],
          filters: [
            { dimension: 'service', op: 'eq', value: x.text },
            { dimension: 'tag:team', op: 'in', value: [x.text] },
            { dimension: 'resource_id', op: 'contains', value: x.text },
          ],
        });
        assert.deepEqual(
          own.rows,
          [
            {
              service: x.text,
              'tag:team': x.text,
              [`tag:${x.text}`]: x.text,
              effective_cost: `${costOf(i)}${'0'.repeat(13)}`,
            },
          ],
          x.id,
        );
        // Excluding the string keeps every other row: the total drops by exactly its cost.
        const all = await runQuery(wh, { metric: 'row_count' });
        const rest = await runQuery(wh, {
          metric: 'row_count',
          filters: [{ dimension: 'sku_price', op: 'neq', value: x.text }],
        });
        assert.equal(Number(rest.rows[0]!.row_count), Number(all.rows[0]!.row_count) - 1, x.id);
        // Nothing in the result came from a file, a UNION or an attached database.
        assert.ok(!JSON.stringify(own.rows).includes('root:'), x.id);
      }
      assert.equal(await storeShape(wh), shapeBefore);
    });
  }

  it('a string nobody stored matches no rows, whatever it says', async () => {
    for (const cls of INJECTION_CLASSES) {
      for (const x of corpusOf(cls)) {
        const r = await runQuery(wh, {
          metric: 'effective_cost',
          groupBy: ['service'],
          filters: [{ dimension: 'service', op: 'eq', value: `${x.text}${PWNED}` }],
        });
        assert.deepEqual(r.rows, [], x.id);
      }
    }
    assert.equal(await storeShape(wh), shapeBefore);
  });

  it('a hostile name that is not a declared dimension or metric is refused, naming the field', () => {
    for (const x of corpusOf('sql')) {
      for (const q of [
        { metric: 'effective_cost', groupBy: [x.text] },
        { metric: x.text },
        { metric: 'effective_cost', filters: [{ dimension: x.text, op: 'eq', value: 'a' }] },
        { metric: 'effective_cost', orderBy: [{ field: x.text, direction: 'asc' }] },
      ] as SemanticQuery[]) {
        assert.throws(
          () => compileQuery(q, { now }),
          (e: Error & { code?: string; issues?: { column?: string }[] }) =>
            e.code === 'INVALID_INPUT' && Boolean(e.issues?.[0]?.column),
          x.id,
        );
      }
    }
  });
});
