import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Driver } from './drivers.ts';
import { orderDrivers } from './drivers.ts';

const d = (dimension: string, value: string, baseline: number, actual: number): Driver => ({
  dimension,
  value,
  deltaUsd: (actual - baseline).toFixed(6),
  share: 0,
  actualUsd: actual.toFixed(6),
  baselineUsd: baseline.toFixed(6),
});

const byContribution = (list: Driver[]) =>
  [...list].sort((a, b) => Math.abs(Number(b.deltaUsd)) - Math.abs(Number(a.deltaUsd)));

describe('top driver level', () => {
  it('names the service when all of it grew alike, not its largest SKU or instance', () => {
    // EC2 in one account: every instance +40 %; the biggest SKU is 85 % of the service.
    const lead = orderDrivers(
      byContribution([
        d('service', 'EC2', 1000, 1400),
        d('sku', 'm5.large', 850, 1190),
        d('resource_id', 'i-1', 500, 700),
        d('region', 'us-east-1', 1000, 1400),
      ]),
    )[0]!;
    assert.equal(`${lead.dimension}=${lead.value}`, 'service=EC2');
  });

  it('names the resource when it alone moved sharply inside a calm service', () => {
    const lead = orderDrivers(
      byContribution([
        d('service', 'EC2', 1000, 1500),
        d('sku', 'p4d', 100, 590),
        d('resource_id', 'i-gpu', 50, 540),
        d('team', 'ml', 400, 890),
      ]),
    )[0]!;
    assert.equal(`${lead.dimension}=${lead.value}`, 'resource_id=i-gpu');
  });

  it('a brand-new resource (no baseline) is the sharpest change there is', () => {
    const lead = orderDrivers(
      byContribution([d('service', 'EC2', 1000, 1900), d('resource_id', 'i-new', 0, 900)]),
    )[0]!;
    assert.equal(lead.value, 'i-new');
  });

  it('names an owner rather than a SKU or a missing value that changed alike', () => {
    const lead = orderDrivers(
      byContribution([
        d('sku', 'analysis-bytes', 1200, 1700),
        d('team', 'data', 1000, 1450),
        { ...d('resource_id', 'x', 1100, 1570), value: null },
      ]),
    )[0]!;
    assert.equal(`${lead.dimension}=${lead.value}`, 'team=data');
    const onlySku = orderDrivers(byContribution([d('sku', 'fee', 0, 40)]))[0]!;
    assert.equal(onlySku.dimension, 'sku', 'a SKU is named when nothing else explains it');
  });
});
