import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { loadOfferCatalog } from '../recommend/offer-catalog.ts';
import { listRecommendations } from '../recommend/recommendation-store.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { setCriticality } from './criticality.ts';
import { behaviours, loadFleet } from './fleet-fixture.ts';
import type { GpuDevice } from './gpu-fleet.ts';
import { buildGpuMatrix, matrixThresholds, placeDevice } from './gpu-matrix.ts';
import { gpuRecommendations } from './gpu-recommendations.ts';

function device(o: Partial<GpuDevice>): GpuDevice {
  return {
    id: 'GPU-1',
    hostname: 'h',
    gpuUuid: 'GPU-1',
    gpuIndex: 0,
    model: 'NVIDIA H100',
    migProfile: null,
    migInstance: null,
    sliceFraction: 1,
    namespace: null,
    pod: null,
    workload: null,
    team: null,
    resourceId: 'i-1',
    instanceType: null,
    provider: 'AWS',
    service: 'Amazon EC2',
    metrics: [],
    busySource: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    fallback: null,
    missing: [],
    hours: { observed: 73, allocated: 73, allocatedIdle: 36.5, unallocated: 0, useful: 20 },
    busyP95: 0.5,
    allocationRate: 1,
    effectiveUtilization: 0.4,
    compositeScore: 50,
    costBasis: 'focus',
    costNote: 'test',
    costUsd: '100.00',
    idleUsd: '50.00',
    allocatedIdleUsd: '50.00',
    unallocatedUsd: '0.00',
    costPerUsefulGpuHourUsd: '5.00',
    criticality: { criticality: 'low', basis: 'default', reason: 'unregistered.' },
    ...o,
  };
}

describe('GPU matrix: utilization × criticality', () => {
  const t = matrixThresholds({});

  it('places on the boundary: 40 % is high use, just under is low', () => {
    assert.equal(placeDevice(device({ effectiveUtilization: 0.4 }), t).quadrant, 'spot_or_queue');
    assert.equal(placeDevice(device({ effectiveUtilization: 0.3999 }), t).quadrant, 'reallocate');
    const high = { criticality: 'high' as const, basis: 'registry:workload=x', reason: 'x.' };
    assert.equal(
      placeDevice(device({ effectiveUtilization: 0.4, criticality: high }), t).quadrant,
      'optimize_commit',
    );
    assert.equal(
      placeDevice(device({ effectiveUtilization: 0.1, criticality: high }), t).quadrant,
      'rightsize_protect',
    );
    assert.equal(placeDevice(device({ effectiveUtilization: null }), t).quadrant, 'reallocate');
    assert.equal(
      placeDevice(device({ effectiveUtilization: 0.5 }), { ...t, highUseAt: 0.6 }).quadrant,
      'reallocate',
    );
  });

  it('prices each placement: monthly cost and what its action is worth, with reasons', () => {
    // $100 over 73 h → $1000/month (730 h).
    const r = placeDevice(device({ effectiveUtilization: 0.1 }), t);
    assert.equal(r.monthlyCostUsd, '1000.00');
    assert.equal(r.opportunityMonthlyUsd, '500.00'); // idle half of the hours
    assert.match(r.reasons[0]!, /10\.0 % is below the 40\.0 % line/);
    assert.match(r.reasons.join(' '), /\$50\.00 allocated but idle/);
    const crit = { criticality: 'high' as const, basis: 'b', reason: 'r.' };
    const rs = placeDevice(device({ effectiveUtilization: 0.1, criticality: crit }), t);
    assert.equal(rs.opportunityMonthlyUsd, '350.00'); // p95 0.5 × 1.3 = 65 % needed
    assert.equal(placeDevice(device({}), t).opportunityMonthlyUsd, '600.00'); // 60 % spot discount
    assert.equal(placeDevice(device({ criticality: crit }), t).opportunityMonthlyUsd, '280.00');
    const fb = placeDevice(device({ fallback: 'busy is DEV_GPU_UTIL' }), t);
    assert.ok(fb.reasons.includes('busy is DEV_GPU_UTIL'));
  });

  it('turns a billed fleet into guarded recommendations, one per host and quadrant', async () => {
    const wh = await DuckDbWarehouse.open();
    const hosts = [
      ['h-idle', 'i-idle', 'g6.xlarge', '19.3152', {}],
      ['h-inf', 'i-inf', 'g5.12xlarge', '136.128', { app: 'inference' }],
      ['h-batch', 'i-batch', 'g6.xlarge', '19.3152', { app: 'batch' }],
      ['h-train', 'i-train', 'g6.xlarge', '19.3152', { criticality: 'high' }],
    ] as const;
    const rows: CostRow[] = [];
    for (const [host, rid, type, daily, tags] of hosts) {
      await wh.exec(`INSERT INTO gpu_host VALUES ($1, $2, $3, 'ml', 'map.csv')`, [host, rid, type]);
      for (let d = 1; d <= 30; d++) {
        rows.push({
          day: `2026-11-${String(d).padStart(2, '0')}`,
          cost: daily,
          resource: rid,
          tags,
        });
      }
    }
    await insertCostRows(wh, rows);
    await setCriticality(wh, [{ scope: 'workload', value: 'inference', criticality: 'high' }], {
      actor: 'test',
    });
    await loadFleet(
      wh,
      [
        { hostname: 'h-idle', uuid: 'GPU-idle', busy: behaviours.idle },
        ...[0, 1, 2, 3].map((i) => ({ hostname: 'h-inf', uuid: `GPU-inf${i}`, busy: () => 0.1 })),
        { hostname: 'h-batch', uuid: 'GPU-batch', busy: behaviours.saturated },
        { hostname: 'h-train', uuid: 'GPU-train', busy: behaviours.saturated },
      ],
      { start: '2026-11-30T00:00:00Z', n: 24, stepMs: 3_600_000 },
    );
    const m = await buildGpuMatrix(wh);
    const q = Object.fromEntries(m.placements.map((p) => [p.deviceId, p.quadrant]));
    assert.deepEqual(q, {
      'GPU-batch': 'spot_or_queue',
      'GPU-idle': 'reallocate',
      'GPU-inf0': 'rightsize_protect',
      'GPU-inf1': 'rightsize_protect',
      'GPU-inf2': 'rightsize_protect',
      'GPU-inf3': 'rightsize_protect',
      'GPU-train': 'optimize_commit',
    });
    assert.equal(
      m.placements.find((p) => p.deviceId === 'GPU-train')!.criticalityBasis,
      'tag:criticality',
    );
    assert.equal(m.quadrants.rightsize_protect.devices, 4);

    const r = await gpuRecommendations(wh, m, { save: true });
    assert.deepEqual(
      r.refused.map((x) => x.verdict.reasons),
      [],
    );
    const byKind = new Map(r.recommendations.map((x) => [x.kind, x]));
    assert.deepEqual([...byKind.keys()].sort(), [
      'gpu_commit',
      'gpu_reallocate',
      'gpu_rightsize',
      'gpu_spot',
    ]);
    assert.equal(byKind.get('gpu_commit')!.offerRef, 'aws.sp.ec2_instance');
    assert.equal(byKind.get('gpu_rightsize')!.toType, 'g5.xlarge'); // 4 × 0.1 × 1.3 → 1 GPU
    assert.equal(byKind.get('gpu_rightsize')!.estimatedMonthlySavingsUsd, 3406.18);
    // Idle g6.xlarge: $19.3152/day → $587.50/month, capped at the $579.456 billed over 30 days.
    assert.equal(byKind.get('gpu_reallocate')!.estimatedMonthlySavingsUsd, 579.45);
    assert.equal(r.saved!.created, 4);
    const again = await gpuRecommendations(wh, m, { save: true });
    assert.equal(again.saved!.created, 0);
    assert.equal(again.saved!.refreshed, 4);
    assert.equal((await listRecommendations(wh, { kind: 'gpu_spot' }))[0]!.action, 'move_to_spot');
    await wh.close();
  });

  it('refuses a commitment the offer catalog does not list', async () => {
    const wh = await DuckDbWarehouse.open();
    await wh.exec(`INSERT INTO gpu_host VALUES ('h', 'i-t', 'g6.xlarge', NULL, 'm')`);
    await insertCostRows(
      wh,
      Array.from({ length: 30 }, (_, d) => ({
        day: `2026-11-${String(d + 1).padStart(2, '0')}`,
        cost: '19.3152',
        resource: 'i-t',
        tags: { criticality: 'critical' },
      })),
    );
    await loadFleet(wh, [{ hostname: 'h', uuid: 'GPU-t', busy: behaviours.saturated }], {
      start: '2026-11-30T00:00:00Z',
      n: 4,
      stepMs: 3_600_000,
    });
    const full = loadOfferCatalog();
    const catalog = {
      ...full,
      offers: full.offers.map((o) =>
        o.id === 'aws.sp.ec2_instance' ? { ...o, status: 'not_offered' as const } : o,
      ),
    };
    const r = await gpuRecommendations(wh, await buildGpuMatrix(wh), { catalog });
    assert.equal(r.recommendations.length, 0);
    assert.equal(r.refused.length, 1);
    assert.match(r.refused[0]!.verdict.reasons.join(' '), /not offered/);
    await wh.close();
  });
});
