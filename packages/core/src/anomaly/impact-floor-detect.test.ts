import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { listAnomalies } from './anomaly-store.ts';
import { insertCostRows } from './cost-rows-fixture.ts';
import type { CostRow } from './cost-rows-fixture.ts';
import { detectAnomalies } from './detect-anomalies.ts';
import { addMonitor } from './monitors.ts';

const START = Date.parse('2025-01-06T00:00:00Z');
const day = (i: number) => new Date(START + i * 86_400_000).toISOString().slice(0, 10);
const now = new Date('2025-06-01T00:00:00Z');

/** $4,000 a day of EC2 and a perfectly flat $20-a-day S3 bucket that grows by $3 for three days. */
function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 120; i++) {
    out.push({ day: day(i), cost: (4000 + ((i * 37) % 50)).toFixed(2), resource: 'i-big' });
    const bump = i >= 100 && i < 103 ? 3 : 0;
    out.push({ day: day(i), cost: (20 + bump).toFixed(2), service: 'Amazon S3', resource: 'b' });
  }
  return out;
}

describe('dollar floor relative to the whole bill', () => {
  it('a statistically real $3 change on a flat $20 series is not an anomaly in a $4,000-a-day company', async () => {
    const run = async (minShareOfTotal?: number) => {
      const wh = await DuckDbWarehouse.open();
      await insertCostRows(wh, rows());
      await addMonitor(
        wh,
        { filters: [{ dimension: 'service', op: 'eq', value: 'Amazon S3' }], minImpactUsd: '1' },
        { now },
      );
      await detectAnomalies(wh, {
        now,
        createDefaults: false,
        settleDays: 0,
        ...(minShareOfTotal === undefined ? {} : { minShareOfTotal }),
      });
      const found = await listAnomalies(wh);
      await wh.close();
      return found.map((a) => `${a.startDay}…${a.endDay} ${a.direction}`);
    };
    assert.deepEqual(await run(0), [`${day(100)}…${day(102)} spike`], 'without it: flagged');
    assert.deepEqual(await run(), [], '3 × $3 = $9 is under 0.25 % of a $4,000 day');
  });
});
