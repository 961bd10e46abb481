import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { buildCatalog } from './catalog.ts';
import { dimensionValues } from './dimension-values.ts';
import { resolveFilterValues } from './resolve-filter-values.ts';
import { loadSemanticTestData } from './test-dataset.ts';

describe('dimension values', () => {
  let wh: DuckDbWarehouse;
  const catalog = buildCatalog();
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await loadSemanticTestData(wh);
  });
  after(() => wh.close());

  it('lists distinct values by spend with row counts, like a hand-written GROUP BY', async () => {
    const got = await dimensionValues(wh, 'service', { catalog });
    const want = await wh.query<{ v: string; s: string; n: number }>(
      'SELECT ServiceName AS v, sum(EffectiveCost)::VARCHAR AS s, count(*)::INTEGER AS n FROM focus_cost GROUP BY 1 ORDER BY sum(EffectiveCost) DESC',
    );
    assert.deepEqual(
      got,
      want.map((w) => ({ value: w.v, effectiveCost: w.s, rows: Number(w.n) })),
    );
  });

  it('filters by text ignoring case and caps the list', async () => {
    const got = await dimensionValues(wh, 'service', { search: 'AMAZON', catalog });
    assert.deepEqual(got.map((g) => g.value).sort(), ['Amazon EC2', 'Amazon S3']);
    assert.equal((await dimensionValues(wh, 'resource_id', { limit: 3, catalog })).length, 3);
    const tags = await dimensionValues(wh, 'tag:env', { catalog });
    assert.deepEqual(new Set(tags.map((t) => t.value)), new Set(['dev', 'prod', null]));
  });

  it('respells typed filter values to the stored spelling only on an exact case-insensitive match', async () => {
    const { query, changes } = await resolveFilterValues(
      wh,
      {
        metric: 'billed_cost',
        filters: [
          { dimension: 'provider', op: 'eq', value: 'aws' },
          { dimension: 'service', op: 'in', value: ['amazon s3', 'Amazon'] },
          { dimension: 'region', op: 'contains', value: 'EU' },
        ],
      },
      { catalog },
    );
    assert.deepEqual(query.filters, [
      { dimension: 'provider', op: 'eq', value: 'AWS' },
      { dimension: 'service', op: 'in', value: ['Amazon S3', 'Amazon'] },
      { dimension: 'region', op: 'contains', value: 'EU' },
    ]);
    assert.deepEqual(changes, [
      { dimension: 'provider', from: 'aws', to: 'AWS' },
      { dimension: 'service', from: 'amazon s3', to: 'Amazon S3' },
    ]);
  });
});
