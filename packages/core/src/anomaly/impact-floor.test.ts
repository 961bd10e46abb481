import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearsFloor, impactFloorUsd, typicalDaily, TYPICAL_DAYS } from './impact-floor.ts';

describe('impact floor', () => {
  it('takes the median of the days before the run only', () => {
    const v = Float64Array.from({ length: 40 }, (_, i) => (i < 30 ? 10 : 1000));
    assert.equal(typicalDaily(v, 30), 10, 'later days never count');
    assert.equal(typicalDaily(v, 0), 0);
    assert.equal(typicalDaily(Float64Array.of(1, 2, 3, 100), 4), 2.5);
    const long = Float64Array.from({ length: 100 }, (_, i) => i);
    assert.equal(typicalDaily(long, 100), (100 - TYPICAL_DAYS + 99) / 2);
  });

  it('is the largest of the monitor floor, its relative floor and the share of the whole bill', () => {
    const flat = new Float64Array(30).fill(20);
    const total = new Float64Array(30).fill(4000);
    const base = { startIndex: 30, values: flat, totalValues: total, minRelative: 0.1 };
    assert.equal(impactFloorUsd({ ...base, minImpactUsd: 1, minShareOfTotal: 0.0025 }), 10);
    assert.equal(impactFloorUsd({ ...base, minImpactUsd: 1, minShareOfTotal: 0 }), 2);
    assert.equal(impactFloorUsd({ ...base, minImpactUsd: 25, minShareOfTotal: 0.0025 }), 25);
    assert.equal(clearsFloor({ impactUsd: '-10.5' }, 10), true, 'drops count by their size');
    assert.equal(clearsFloor({ impactUsd: '9.99' }, 10), false);
  });
});
