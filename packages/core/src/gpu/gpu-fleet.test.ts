import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { behaviours, loadFleet } from './fleet-fixture.ts';
import { computeGpuFleet } from './gpu-fleet.ts';

const HOUR = 3_600_000;

describe('GPU fleet: scores and money', () => {
  it('hand-computed small fleet: allocation, idle hours, effective utilization, idle $ from FOCUS', async () => {
    const wh = await DuckDbWarehouse.open();
    await wh.exec(`INSERT INTO gpu_host VALUES ('node-a', 'i-aaa', NULL, 'ml', 'test')`);
    await insertCostRows(wh, [{ day: '2026-11-01', cost: '48.00', resource: 'i-aaa' }]);
    await loadFleet(
      wh,
      [
        { hostname: 'node-a', uuid: 'GPU-0', busy: behaviours.half, fbUsedMiB: () => 1000 },
        // Held but idle for 12 h, then released (no memory in use) for 12 h.
        { hostname: 'node-a', uuid: 'GPU-1', busy: () => 0, fbUsedMiB: (k) => (k < 12 ? 1000 : 0) },
      ],
      { start: '2026-11-01T00:00:00Z', n: 24, stepMs: HOUR },
    );
    const fleet = await computeGpuFleet(wh, { windowDays: 1 });
    assert.equal(fleet.window.start, '2026-10-31T23:00:00.001Z');
    const [g0, g1] = fleet.devices as [(typeof fleet.devices)[0], (typeof fleet.devices)[0]];
    assert.deepEqual(g0.hours, {
      observed: 24,
      allocated: 24,
      allocatedIdle: 0,
      unallocated: 0,
      useful: 12,
    });
    assert.deepEqual(g1.hours, {
      observed: 24,
      allocated: 12,
      allocatedIdle: 12,
      unallocated: 12,
      useful: 0,
    });
    assert.equal(g0.effectiveUtilization, 0.5);
    assert.equal(g1.allocationRate, 0.5);
    assert.equal(g0.costBasis, 'focus');
    assert.equal(g0.costUsd, '24.00');
    assert.equal(g0.idleUsd, '0.00');
    assert.equal(g0.costPerUsefulGpuHourUsd, '2.00');
    assert.equal(g1.costUsd, '24.00');
    assert.equal(g1.allocatedIdleUsd, '12.00');
    assert.equal(g1.unallocatedUsd, '12.00');
    assert.equal(g1.costPerUsefulGpuHourUsd, null);
    assert.equal(g0.team, 'ml');
    // busy 0.5 (×0.4), memory 1000/81559 (×0.2), allocation 1 (×0.2); SM/tensor absent → renormalized.
    const mem = 1000 / 81559;
    assert.equal(
      g0.compositeScore,
      Math.round(((0.4 * 0.5 + 0.2 * mem + 0.2 * 1) / 0.8) * 1000) / 10,
    );
    assert.deepEqual(fleet.totals, {
      devices: 2,
      observedHours: 48,
      usefulGpuHours: 12,
      allocationRate: 0.75,
      effectiveUtilization: 0.25,
      costUsd: '48.00',
      idleUsd: '24.00',
      allocatedIdleUsd: '12.00',
      unallocatedUsd: '12.00',
    });
    assert.equal(g0.metrics.length, 19);
    assert.equal(g0.fallback, null);
    await wh.close();
  });

  it('splits cost exactly even when thirds do not divide: parts sum to the host cost', async () => {
    const wh = await DuckDbWarehouse.open();
    await wh.exec(`INSERT INTO gpu_host VALUES ('node-b', 'i-bbb', NULL, NULL, 'test')`);
    await insertCostRows(wh, [{ day: '2026-11-01', cost: '10.00', resource: 'i-bbb' }]);
    await loadFleet(
      wh,
      ['GPU-x', 'GPU-y', 'GPU-z'].map((uuid) => ({
        hostname: 'node-b',
        uuid,
        busy: behaviours.half,
      })),
      { start: '2026-11-01T00:00:00Z', n: 24, stepMs: HOUR },
    );
    const fleet = await computeGpuFleet(wh, { windowDays: 1 });
    assert.deepEqual(
      fleet.devices.map((d) => d.costUsd),
      ['3.333333333333334', '3.333333333333333', '3.333333333333333'],
    );
    assert.equal(fleet.totals.costUsd, '10.00');
    await wh.close();
  });

  it('finds hosts in the bill by resource id or a hostname tag when there is no host map', async () => {
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      { day: '2026-11-01', cost: '24.00', resource: 'i-byid' },
      {
        day: '2026-11-01',
        cost: '48.00',
        resource: 'i-bytag',
        tags: { hostname: 'node-t', team: 'vision' },
      },
    ]);
    await loadFleet(
      wh,
      [
        { hostname: 'i-byid', uuid: 'GPU-1', busy: behaviours.half },
        { hostname: 'node-t', uuid: 'GPU-2', busy: behaviours.half },
      ],
      { start: '2026-11-01T00:00:00Z', n: 24, stepMs: HOUR },
    );
    const [a, b] = (await computeGpuFleet(wh, { windowDays: 1 })).devices;
    assert.deepEqual([a!.resourceId, a!.costUsd, a!.costBasis], ['i-byid', '24.00', 'focus']);
    assert.match(a!.costNote, /matched by resource-id/);
    assert.deepEqual([b!.resourceId, b!.costUsd, b!.team], ['i-bytag', '48.00', 'vision']);
    assert.match(b!.costNote, /matched by tag/);
    await wh.close();
  });

  it('states the DEV_GPU_UTIL fallback when profiling metrics are missing', async () => {
    const wh = await DuckDbWarehouse.open();
    await loadFleet(
      wh,
      [{ hostname: 'h', uuid: 'GPU-np', busy: behaviours.half, noProfiling: true }],
      {
        start: '2026-11-01T00:00:00Z',
        n: 4,
        stepMs: HOUR,
      },
    );
    const [d] = (await computeGpuFleet(wh)).devices;
    assert.equal(d!.busySource, 'DCGM_FI_DEV_GPU_UTIL');
    assert.match(d!.fallback!, /PROF_GR_ENGINE_ACTIVE.*missing/);
    assert.equal(d!.effectiveUtilization, 0.5);
    assert.ok(d!.missing.includes('DCGM_FI_PROF_SM_ACTIVE'));
    // Not in the bill: priced by model from the EC2 catalog (p5.4xlarge, $6.88 per H100-hour).
    assert.equal(d!.costBasis, 'price');
    assert.equal(d!.costUsd, '27.52');
    await wh.close();
  });

  it('counts energy across a counter reset', async () => {
    const wh = await DuckDbWarehouse.open();
    const energy = [1000, 2000, 500, 1500];
    await loadFleet(
      wh,
      [
        {
          hostname: 'h',
          uuid: 'GPU-e',
          busy: behaviours.half,
          energyMj: (k) => energy[k]! * 3.6e6,
        },
      ],
      { start: '2026-11-01T00:00:00Z', n: 4, stepMs: HOUR },
    );
    const [d] = (await computeGpuFleet(wh)).devices;
    const e = d!.metrics.find((m) => m.key === 'energyKWh')!;
    assert.equal(e.value, 2.5); // (1000 + 500 + 1000) × 3.6e6 mJ = 2.5 kWh
    assert.match(e.note!, /1 counter reset/);
    await wh.close();
  });

  it('generated fleets: idle, bursty, saturated and a MIG-split GPU priced by slice', async () => {
    const wh = await DuckDbWarehouse.open();
    await loadFleet(
      wh,
      [
        { hostname: 'idle-1', uuid: 'GPU-idle', busy: behaviours.idle },
        { hostname: 'bursty-1', uuid: 'GPU-bursty', busy: behaviours.bursty },
        { hostname: 'sat-1', uuid: 'GPU-sat', busy: behaviours.saturated },
        ...[7, 8, 9].map((id) => ({
          hostname: 'mig-1',
          uuid: 'GPU-mig',
          busy: behaviours.half,
          mig: { profile: '1g.10gb', id: String(id) },
          fbTotalMiB: 9856,
        })),
      ],
      { start: '2026-11-01T00:00:00Z', n: 8, stepMs: HOUR },
    );
    const fleet = await computeGpuFleet(wh, { pricePerGpuHour: { H100: '7.00' } });
    const by = new Map(fleet.devices.map((d) => [d.id, d]));
    assert.equal(by.get('GPU-idle')!.effectiveUtilization, 0);
    assert.equal(by.get('GPU-idle')!.hours.unallocated, 8);
    assert.equal(by.get('GPU-idle')!.idleUsd, '56.00');
    assert.equal(by.get('GPU-bursty')!.effectiveUtilization, 0.2);
    assert.ok(by.get('GPU-sat')!.effectiveUtilization! > 0.95);
    assert.equal(by.get('GPU-sat')!.costPerUsefulGpuHourUsd, '7.216494845360824');
    const slice = by.get('GPU-mig.mig7')!;
    assert.equal(slice.migProfile, '1g.10gb');
    assert.equal(slice.sliceFraction, 1 / 7);
    assert.equal(slice.costUsd, '8.00'); // 8 h × $7 × 1/7
    assert.equal(slice.fallback, null);
    assert.ok(!by.has('GPU-mig'), 'a partitioned GPU is counted through its slices only');
    assert.equal(fleet.devices.length, 6);
    await wh.close();
  });
});
