import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { insertCostRows } from './cost-rows-fixture.ts';
import type { CostRow } from './cost-rows-fixture.ts';
import { baselineFor, rankDrivers } from './drivers.ts';
import { priceUsageSplit } from './price-usage-split.ts';

const BASE_DAYS = ['2025-02-03', '2025-02-10', '2025-02-17', '2025-02-24'];
const SPIKE_DAY = '2025-03-03';

/**
 * Four baseline Mondays: i-1 100 h × $0.10, i-2 50 h × $0.10, an S3 bucket 1000 GB × $0.02.
 * The spike Monday: i-1 runs 300 h at $0.12 (usage +$20, price +$6) and a $4 fee without a
 * quantity appears. Total change +$30.
 */
function handCase(): CostRow[] {
  const rows: CostRow[] = [];
  for (const day of BASE_DAYS) {
    rows.push({ day, cost: '10', resource: 'i-1', quantity: '100', tags: { team: 'ml' } });
    rows.push({
      day,
      cost: '5',
      resource: 'i-2',
      region: 'eu-west-1',
      quantity: '50',
      tags: { team: 'web' },
    });
    rows.push({
      day,
      cost: '20',
      service: 'Amazon S3',
      resource: 'b-1',
      sku: 'sku-s',
      quantity: '1000',
      tags: { team: 'web' },
    });
  }
  rows.push({ day: SPIKE_DAY, cost: '36', resource: 'i-1', quantity: '300', tags: { team: 'ml' } });
  rows.push({
    day: SPIKE_DAY,
    cost: '5',
    resource: 'i-2',
    region: 'eu-west-1',
    quantity: '50',
    tags: { team: 'web' },
  });
  rows.push({
    day: SPIKE_DAY,
    cost: '20',
    service: 'Amazon S3',
    resource: 'b-1',
    sku: 'sku-s',
    quantity: '1000',
    tags: { team: 'web' },
  });
  rows.push({ day: SPIKE_DAY, cost: '4', resource: null, sku: 'fee', quantity: null });
  return rows;
}

describe('root cause', () => {
  it('ranks drivers by dollar contribution and puts the sharpest one first', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, handCase());
    const r = await rankDrivers(wh, {
      metric: 'effective_cost',
      filters: [],
      start: SPIKE_DAY,
      end: SPIKE_DAY,
      firstDay: BASE_DAYS[0]!,
    });
    assert.equal(r.totalDeltaUsd, '30.000000');
    const top = r.drivers[0]!;
    assert.deepEqual([top.dimension, top.value, top.deltaUsd], ['resource_id', 'i-1', '26.000000']);
    assert.ok(Math.abs(top.share - 26 / 30) < 1e-9);
    const byKey = new Map(r.drivers.map((d) => [`${d.dimension}=${d.value}`, d.deltaUsd]));
    assert.equal(byKey.get('service=Amazon EC2'), '30.000000');
    assert.equal(byKey.get('region=us-east-1'), '30.000000');
    // Team ml is exactly i-1's rows: one driver under two names, not two drivers.
    assert.equal(byKey.has('team=ml'), false);
    assert.deepEqual(top.aliases, [{ dimension: 'team', value: 'ml' }]);
    assert.equal(r.broad, false);
    assert.equal(byKey.get('resource_id=null'), '4.000000');
    assert.equal(byKey.has('provider=AWS'), false, 'a single-valued dimension explains nothing');
    assert.equal(byKey.has('service=Amazon S3'), false, 'unchanged values are not drivers');
    assert.deepEqual(r.evidence[0]!.filters, [
      { dimension: 'resource_id', op: 'eq', value: 'i-1' },
    ]);
    await wh.close();
  });

  it('a scope that is one resource, or one team, names it when nothing inside it can', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, handCase());
    const within = async (dimension: string, value: string) => {
      const r = await rankDrivers(wh, {
        metric: 'effective_cost',
        filters: [{ dimension, op: 'eq', value }],
        start: SPIKE_DAY,
        end: SPIKE_DAY,
        firstDay: BASE_DAYS[0]!,
      });
      return { broad: r.broad, drivers: r.drivers.map((d) => [d.dimension, d.value, d.deltaUsd]) };
    };
    // Team ml is i-1 alone ($10 → $36): its one resource is the answer.
    assert.deepEqual(await within('team', 'ml'), {
      broad: true,
      drivers: [['resource_id', 'i-1', '26.000000']],
    });
    // The monitor of i-1 itself: its owner is all there is to name.
    assert.deepEqual(await within('resource_id', 'i-1'), {
      broad: true,
      drivers: [['team', 'ml', '26.000000']],
    });
    await wh.close();
  });

  it('splits the change into usage and price per SKU and leaves fees unquantified', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, handCase());
    const split = await priceUsageSplit(wh, {
      metric: 'effective_cost',
      filters: [],
      start: SPIKE_DAY,
      end: SPIKE_DAY,
      baseline: baselineFor(SPIKE_DAY, SPIKE_DAY, BASE_DAYS[0]!),
    });
    assert.deepEqual(split, {
      deltaUsd: '30.000000',
      usageUsd: '20.000000',
      priceUsd: '6.000000',
      unquantifiedUsd: '4.000000',
    });
    await wh.close();
  });

  it('compares short runs with the same weekdays of earlier weeks and long runs with the 28 days before', () => {
    const short = baselineFor('2025-03-03', '2025-03-04', '2025-02-15');
    assert.deepEqual(short, {
      days: ['2025-02-24', '2025-02-25', '2025-02-17', '2025-02-18'],
      num: 1,
      den: 2,
    });
    const long = baselineFor('2025-03-01', '2025-03-10', '2025-01-01');
    assert.equal(long.days.length, 28);
    assert.equal(long.days[27], '2025-02-28');
    assert.deepEqual([long.num, long.den], [10, 28]);
  });
});
