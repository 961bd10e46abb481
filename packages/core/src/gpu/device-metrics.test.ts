import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SeriesPoint } from './device-metrics.ts';
import { computeDeviceMetrics } from './device-metrics.ts';
import { counterIncrease, weightsMs } from './series-math.ts';

const H = 3_600_000;
const s = (values: (number | null)[], pod: string | null = null): SeriesPoint[] =>
  values.flatMap((v, i) => (v === null ? [] : [{ t: i * H, v, pod }]));

describe('the 19-metric framework for one device', () => {
  it('weights readings by the time until the next, capped at the typical step (an outage is not observed)', () => {
    const pts = [0, 1, 2, 10, 11].map((h) => ({ t: h * H, v: 1 }));
    assert.deepEqual(weightsMs(pts, 60_000), [H, H, H, H, H]);
    assert.deepEqual(counterIncrease([10, 15, 3, 4].map((v, t) => ({ t, v }))), {
      increase: 9,
      resets: 1,
    });
  });

  it('partial scrapes: each metric uses its own readings; allocation reads the last framebuffer value', () => {
    const m = computeDeviceMetrics(
      new Map([
        ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', s([0.8, 0, 0, 0])],
        // Framebuffer only in the first and third scrape (the others were partial).
        ['DCGM_FI_DEV_FB_USED', s([4000, null, 0, null])],
        ['DCGM_FI_DEV_FB_FREE', s([1000, null, 5000, null])],
      ]),
    );
    // Hours 0–1 allocated (4000 MiB), 1–2 allocated (last value 4000), 2–4 unallocated (0 MiB).
    assert.deepEqual(m.hours, {
      observed: 4,
      allocated: 2,
      allocatedIdle: 1,
      unallocated: 2,
      useful: 0.8,
    });
    assert.equal(m.allocationRate, 0.5);
    assert.equal(m.effectiveUtilization, 0.2);
    assert.equal(m.metrics.length, 19);
    assert.deepEqual(
      m.metrics.map((x) => x.key),
      [
        'busy',
        'smActive',
        'smOccupancy',
        'tensorActive',
        'fp16Active',
        'fp32Active',
        'fp64Active',
        'dramActive',
        'fbUsedMiB',
        'fbFreeMiB',
        'pcieTxBytesPerSec',
        'pcieRxBytesPerSec',
        'nvlinkTxBytesPerSec',
        'nvlinkRxBytesPerSec',
        'powerW',
        'energyKWh',
        'xidErrors',
        'eccErrors',
        'rowRemaps',
      ],
    );
    assert.ok(m.missing.includes('DCGM_FI_PROF_PIPE_FP64_ACTIVE'));
    assert.ok(m.missing.includes('DCGM_FI_DEV_XID_ERRORS'));
  });

  it('a pod label marks a GPU allocated whatever its memory; health counters count new errors', () => {
    const m = computeDeviceMetrics(
      new Map([
        ['DCGM_FI_DEV_GPU_UTIL', s([0, 0, 50, 50], 'trainer-0')],
        ['DCGM_FI_DEV_XID_ERRORS', s([0, 79, 79, 48])],
        ['DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', s([2, 3, 0, 1])],
        ['DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS', s([1, 1, 1, 2])],
        ['DCGM_FI_DEV_ROW_REMAP_FAILURE', s([0, 0, 0, 1])],
        ['DCGM_FI_DEV_POWER_USAGE', s([100, 100, 300, 300])],
      ]),
    );
    assert.equal(m.hours.allocated, 4);
    assert.equal(m.hours.allocatedIdle, 2);
    assert.equal(m.busySource, 'DCGM_FI_DEV_GPU_UTIL');
    assert.match(m.fallback!, /falls back|missing/);
    const v = Object.fromEntries(m.metrics.map((x) => [x.key, x]));
    assert.equal(v['xidErrors']!.value, 2); // 0 → 79, then 79 → 48
    assert.equal(v['eccErrors']!.value, 2); // +1, reset (0), +1
    assert.match(v['eccErrors']!.note!, /1 counter reset/);
    assert.equal(v['rowRemaps']!.value, 1);
    assert.match(v['rowRemaps']!.note!, /FAILED/);
    assert.equal(v['energyKWh']!.value, 0.8); // (100 + 100 + 300 + 300) W × 1 h
    assert.match(v['energyKWh']!.note!, /power integrated/);
  });
});
