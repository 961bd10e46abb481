import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Driver } from './drivers.ts';
import { explainAnomaly } from './explain-anomaly.ts';

const driver = (over: Partial<Driver>): Driver => ({
  dimension: 'resource_id',
  value: 'ds-1',
  deltaUsd: '98.240000',
  share: 0.98,
  actualUsd: '152.390000',
  baselineUsd: '54.150000',
  ...over,
});

const base = {
  monitorName: 'BigQuery in analytics',
  metric: 'effective_cost',
  startDay: '2026-07-23',
  endDay: '2026-07-23',
  direction: 'spike' as const,
  actualUsd: '209.000000',
  expectedUsd: '108.560000',
  impactUsd: '100.440000',
};

describe('anomaly explanation', () => {
  it('names a driver with the other names of its rows', () => {
    const text = explainAnomaly({
      ...base,
      drivers: [
        driver({
          aliases: [
            { dimension: 'team', value: 'data' },
            { dimension: 'tag:app', value: 'warehouse' },
          ],
        }),
      ],
    });
    assert.match(
      text,
      /The main driver is resource_id "ds-1" \(also team "data", tag:app "warehouse"\): \+\$98\.24 \(\$54\.15 → \$152\.39\), 98 % of the change\./,
    );
  });

  it('says when nothing stands out and who owns the scope', () => {
    const owner = driver({ dimension: 'team', value: 'ml', deltaUsd: '668.920000', share: 1 });
    const text = explainAnomaly({ ...base, drivers: [owner], broad: true });
    assert.match(text, /No single value stands out: the whole scope changed alike/);
    assert.match(text, /it all belongs to team "ml": \+\$668\.92/);
    assert.doesNotMatch(text, /main driver/);
    const largest = explainAnomaly({ ...base, drivers: [driver({})], broad: true });
    assert.match(largest, /the largest part is resource_id "ds-1"/);
  });
});
