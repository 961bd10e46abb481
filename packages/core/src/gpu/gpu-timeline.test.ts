import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTool } from '../assistant/tools/registry.ts';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { behaviours, loadFleet } from './fleet-fixture.ts';
import { gpuTimeline } from './gpu-timeline.ts';

describe('GPU timeline and the gpu_fleet tool', () => {
  it('buckets busy per hour, from DEV_GPU_UTIL (as a ratio) when profiling is missing', async () => {
    const wh = await DuckDbWarehouse.open();
    await loadFleet(
      wh,
      [
        { hostname: 'h', uuid: 'GPU-a', busy: behaviours.bursty },
        { hostname: 'h', uuid: 'GPU-b', busy: behaviours.half, noProfiling: true },
        {
          hostname: 'h',
          uuid: 'GPU-m',
          busy: behaviours.half,
          mig: { profile: '3g.40gb', id: '1' },
        },
      ],
      { start: '2026-11-01T00:00:00Z', n: 4, stepMs: 1_800_000 },
    );
    const a = await gpuTimeline(wh, 'GPU-a');
    assert.equal(a.busySource, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE');
    assert.deepEqual(
      a.points.map((p) => [p.ts, p.busy]),
      [
        ['2026-11-01T00:00:00Z', 0.4],
        ['2026-11-01T01:00:00Z', 0],
      ],
    );
    const b = await gpuTimeline(wh, 'GPU-b');
    assert.equal(b.busySource, 'DCGM_FI_DEV_GPU_UTIL');
    assert.equal(b.points[0]!.busy, 0.5);
    const m = await gpuTimeline(wh, 'GPU-m.mig1', { bucketMinutes: 30 });
    assert.equal(m.points.length, 4);
    await assert.rejects(
      gpuTimeline(wh, 'GPU-zzz'),
      (e) => isCostLensError(e) && e.code === 'NOT_FOUND',
    );
    await wh.close();
  });

  it('gpu_fleet states only numbers it returns as values, and refuses bad arguments', async () => {
    const wh = await DuckDbWarehouse.open();
    await loadFleet(
      wh,
      [
        { hostname: 'h', uuid: 'GPU-i', busy: behaviours.idle },
        { hostname: 'h', uuid: 'GPU-s', busy: behaviours.saturated },
      ],
      { start: '2026-11-01T00:00:00Z', n: 6, stepMs: 3_600_000 },
    );
    const ctx = { wh, role: 'viewer' as const, actor: 'test' };
    const r = await runTool('gpu_fleet', ctx, {});
    const stated = r.summary.match(/\d+(\.\d+)?/g) ?? [];
    const values = new Set(r.values.map((v) => String(v.value)));
    for (const n of stated) assert.ok(values.has(n), `${n} in the summary is not a value`);
    assert.match(
      r.summary,
      /2 GPU devices cost 82\.56 USD in the window; 41\.28 USD of it was idle/,
    );
    const data = r.data as { quadrants: Record<string, { devices: number }> };
    assert.equal(data.quadrants['reallocate']!.devices, 1);
    assert.equal(data.quadrants['spot_or_queue']!.devices, 1);
    await assert.rejects(runTool('gpu_fleet', ctx, { quadrant: 'north' }), /invalid arguments/);
    await wh.close();
  });
});
