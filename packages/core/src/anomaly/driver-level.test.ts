import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Driver } from './drivers.ts';
import { orderDrivers, surprise } from './drivers.ts';

const d = (dimension: string, value: string, baseline: number, actual: number): Driver => ({
  dimension,
  value,
  deltaUsd: (actual - baseline).toFixed(6),
  share: 0,
  actualUsd: actual.toFixed(6),
  baselineUsd: baseline.toFixed(6),
});

/** Candidates as rankDrivers passes them: share of the scope's change, by contribution. */
function lead(list: Driver[], scope: [number, number], owner?: Driver) {
  const total = scope[1] - scope[0];
  const ranked = orderDrivers(
    list
      .map((x) => ({ ...x, share: Number(x.deltaUsd) / total }))
      .sort((a, b) => Math.abs(Number(b.deltaUsd)) - Math.abs(Number(a.deltaUsd))),
    { baselineUsd: scope[0].toFixed(6), actualUsd: scope[1].toFixed(6) },
    owner && { ...owner, share: Number(owner.deltaUsd) / total },
  );
  const top = ranked.drivers[0]!;
  return { name: `${top.dimension}=${top.value}`, broad: ranked.broad };
}

describe('top driver level', () => {
  it('surprise is zero when a share did not move and grows with the shift and the size', () => {
    assert.equal(surprise(0.3, 0.3), 0);
    assert.ok(surprise(0.1, 0.3) > surprise(0.1, 0.2));
    // The same relative growth on a larger share is more surprising.
    assert.ok(surprise(0.4, 0.5) > surprise(0.2, 0.25));
    assert.ok(surprise(0, 0.2) > 0, 'a new value is a surprise');
  });

  it('names the service when all of it grew alike, not its largest SKU or instance', () => {
    // An account: EC2 (every instance +40 %; the biggest SKU is 85 % of it) beside a calm RDS.
    const r = lead(
      [
        d('service', 'EC2', 1000, 1400),
        d('sku', 'm5.large', 850, 1190),
        d('resource_id', 'i-1', 500, 700),
        d('region', 'us-east-1', 1000, 1400),
      ],
      [2000, 2400],
    );
    assert.deepEqual(r, { name: 'service=EC2', broad: false });
  });

  it('names the resource when it alone moved sharply inside a calm service', () => {
    const r = lead(
      [
        d('service', 'EC2', 1000, 1500),
        d('sku', 'p4d', 100, 590),
        d('resource_id', 'i-gpu', 50, 540),
        d('team', 'ml', 400, 890),
      ],
      [2000, 2500],
    );
    assert.equal(r.name, 'resource_id=i-gpu');
  });

  it('a small resource that tripled beats the large team whose noise adds more dollars', () => {
    // The team's two profiles: one tripled ($5 → $22), the other drifted +8 % ($122 → $132).
    const r = lead(
      [
        d('team', 'ml', 164, 191),
        d('resource_id', 'profile-b', 5.5, 22),
        d('resource_id', 'profile-a', 122, 132),
      ],
      [180, 205],
    );
    assert.equal(r.name, 'resource_id=profile-b');
  });

  it('a brand-new resource (no baseline) is the sharpest change there is', () => {
    const r = lead(
      [d('service', 'EC2', 1000, 1900), d('resource_id', 'i-new', 0, 900)],
      [2000, 2900],
    );
    assert.equal(r.name, 'resource_id=i-new');
  });

  it('names an owner rather than a SKU or a missing value that changed alike', () => {
    const r = lead(
      [
        d('sku', 'analysis-bytes', 1200, 1700),
        d('team', 'data', 1000, 1450),
        { ...d('resource_id', 'x', 1100, 1570), value: null },
      ],
      [2000, 2500],
    );
    assert.equal(r.name, 'team=data');
    assert.equal(lead([d('sku', 'fee', 0, 40)], [100, 140]).name, 'sku=fee', 'a SKU when alone');
  });

  it('a change spread evenly over the whole scope is broad and its owning team leads', () => {
    // Two models in one Vertex AI project both ×2.1: neither stands out.
    const models = [d('resource_id', 'flash', 237, 735), d('resource_id', 'pro', 81, 251)];
    const owner = d('team', 'ml', 318, 986);
    assert.deepEqual(lead(models, [318, 986], owner), { name: 'team=ml', broad: true });
    // Without an owning team the largest contributor stays first, still marked broad.
    assert.deepEqual(lead(models, [318, 986]), { name: 'resource_id=flash', broad: true });
    // The same owner does not displace a value that did stand out.
    const sharp = [d('resource_id', 'flash', 237, 900), d('resource_id', 'pro', 81, 86)];
    assert.deepEqual(lead(sharp, [318, 986], owner), { name: 'resource_id=flash', broad: false });
  });
});
