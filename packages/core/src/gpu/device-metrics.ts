/**
 * The 19-metric framework for one GPU or MIG slice over a window: busy (PROF_GR_ENGINE_ACTIVE,
 * falling back to DEV_GPU_UTIL — the result says so), SM active/occupancy, tensor/FP16/FP32/FP64
 * pipes, DRAM active, framebuffer used/free, PCIe and NVLink TX/RX, power, energy, XID errors,
 * ECC and row-remap health; then the hours that drive money: observed, allocated, allocated but
 * idle, unallocated, and busy ("useful") GPU-hours. Pure: series in, numbers out.
 */
import type { Point } from './series-math.ts';
import { counterIncrease, nonZeroChanges, weightedMean, weightsMs } from './series-math.ts';

export interface SeriesPoint extends Point {
  /** Kubernetes pod holding the GPU at that reading, when the exporter ran with `-k`. */
  pod: string | null;
}

export type DeviceSeries = ReadonlyMap<string, readonly SeriesPoint[]>;

export interface GpuMetric {
  key: string;
  label: string;
  value: number | null;
  unit: string;
  /** The DCGM field it came from (null when missing). */
  source: string | null;
  note?: string;
}

export interface DeviceHours {
  observed: number;
  allocated: number;
  allocatedIdle: number;
  unallocated: number;
  /** Σ busy × hours: the GPU-hours that did work. */
  useful: number;
}

export interface DeviceMetrics {
  metrics: GpuMetric[];
  /** Which field measured busy, and whether it is the fallback. */
  busySource: string | null;
  fallback: string | null;
  missing: string[];
  hours: DeviceHours;
  allocationRate: number | null;
  effectiveUtilization: number | null;
  /** 0–100: busy 40 %, memory in use 20 %, allocation 20 %, SM active (else tensor) 20 %, renormalized over what is present. */
  compositeScore: number | null;
}

export interface FrameworkOptions {
  /** Below this busy ratio a reading is idle (default 0.05). */
  idleBelow?: number;
  /** Framebuffer use (MiB) from which a GPU without a pod label counts as allocated (default 256). */
  allocatedMinFbMiB?: number;
  /** Step for single-reading series (default 60 s). */
  fallbackStepMs?: number;
}

const RATIOS: [string, string, string][] = [
  ['smActive', 'SM active', 'DCGM_FI_PROF_SM_ACTIVE'],
  ['smOccupancy', 'SM occupancy', 'DCGM_FI_PROF_SM_OCCUPANCY'],
  ['tensorActive', 'Tensor pipe active', 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE'],
  ['fp16Active', 'FP16 pipe active', 'DCGM_FI_PROF_PIPE_FP16_ACTIVE'],
  ['fp32Active', 'FP32 pipe active', 'DCGM_FI_PROF_PIPE_FP32_ACTIVE'],
  ['fp64Active', 'FP64 pipe active', 'DCGM_FI_PROF_PIPE_FP64_ACTIVE'],
  ['dramActive', 'DRAM active', 'DCGM_FI_PROF_DRAM_ACTIVE'],
];
const MEANS: [string, string, string, string][] = [
  ['fbUsedMiB', 'Framebuffer used', 'DCGM_FI_DEV_FB_USED', 'MiB'],
  ['fbFreeMiB', 'Framebuffer free', 'DCGM_FI_DEV_FB_FREE', 'MiB'],
  ['pcieTxBytesPerSec', 'PCIe TX', 'DCGM_FI_PROF_PCIE_TX_BYTES', 'B/s'],
  ['pcieRxBytesPerSec', 'PCIe RX', 'DCGM_FI_PROF_PCIE_RX_BYTES', 'B/s'],
  ['nvlinkTxBytesPerSec', 'NVLink TX', 'DCGM_FI_PROF_NVLINK_TX_BYTES', 'B/s'],
  ['nvlinkRxBytesPerSec', 'NVLink RX', 'DCGM_FI_PROF_NVLINK_RX_BYTES', 'B/s'],
  ['powerW', 'Power', 'DCGM_FI_DEV_POWER_USAGE', 'W'],
];
const HOUR_MS = 3_600_000;

/** Busy as a ratio: GR engine active (0..1), else device utilization (percent → ratio). */
export function busySeries(series: DeviceSeries): {
  points: readonly SeriesPoint[];
  source: string | null;
  fallback: string | null;
} {
  const prof = series.get('DCGM_FI_PROF_GR_ENGINE_ACTIVE');
  if (prof && prof.length)
    return { points: prof, source: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', fallback: null };
  const util = series.get('DCGM_FI_DEV_GPU_UTIL');
  if (util && util.length) {
    return {
      points: util.map((p) => ({ ...p, v: p.v / 100 })),
      source: 'DCGM_FI_DEV_GPU_UTIL',
      fallback:
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE (profiling) is missing: busy is DCGM_FI_DEV_GPU_UTIL, which counts a GPU busy when any kernel runs and overstates how much of it works.',
    };
  }
  return { points: [], source: null, fallback: null };
}

/** Value at or just before `t` (series sorted), or null. */
function at(points: readonly SeriesPoint[] | undefined, t: number): SeriesPoint | null {
  if (!points || points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  if (points[0]!.t > t) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  return points[lo]!;
}

/**
 * @example computeDeviceMetrics(new Map([['DCGM_FI_DEV_GPU_UTIL', [{ t: 0, v: 50, pod: null }]]]))
 */
export function computeDeviceMetrics(
  series: DeviceSeries,
  opts: FrameworkOptions = {},
): DeviceMetrics {
  const step = opts.fallbackStepMs ?? 60_000;
  const idleBelow = opts.idleBelow ?? 0.05;
  const minFb = opts.allocatedMinFbMiB ?? 256;
  const metrics: GpuMetric[] = [];
  const missing: string[] = [];
  const mean = (key: string, label: string, field: string, unit: string, scale = 1) => {
    const pts = series.get(field);
    const m = pts && pts.length ? weightedMean(pts, step) : null;
    if (m === null) missing.push(field);
    metrics.push({
      key,
      label,
      value: m === null ? null : m * scale,
      unit,
      source: m === null ? null : field,
    });
  };

  const busy = busySeries(series);
  const busyMean = busy.points.length ? weightedMean(busy.points, step) : null;
  if (!busy.source) missing.push('DCGM_FI_PROF_GR_ENGINE_ACTIVE');
  metrics.push({
    key: 'busy',
    label: 'Busy (graphics engine active)',
    value: busyMean,
    unit: 'ratio',
    source: busy.source,
    ...(busy.fallback ? { note: busy.fallback } : {}),
  });
  for (const [key, label, field] of RATIOS) mean(key, label, field, 'ratio');
  for (const [key, label, field, unit] of MEANS) mean(key, label, field, unit);

  // Energy: the counter (mJ) when exported, else power integrated over the observed time.
  const energy = series.get('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION');
  const power = series.get('DCGM_FI_DEV_POWER_USAGE');
  if (energy && energy.length > 1) {
    const inc = counterIncrease(energy);
    metrics.push({
      key: 'energyKWh',
      label: 'Energy',
      value: inc.increase / 3.6e9,
      unit: 'kWh',
      source: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
      ...(inc.resets
        ? { note: `${inc.resets} counter reset(s) (driver reload or reboot) counted.` }
        : {}),
    });
  } else if (power && power.length) {
    const w = weightsMs(power, step);
    const wh = power.reduce((a, p, i) => a + (p.v * w[i]!) / HOUR_MS, 0);
    metrics.push({
      key: 'energyKWh',
      label: 'Energy',
      value: wh / 1000,
      unit: 'kWh',
      source: 'DCGM_FI_DEV_POWER_USAGE',
      note: 'No energy counter: power integrated over the observed time.',
    });
  } else {
    missing.push('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION');
    metrics.push({ key: 'energyKWh', label: 'Energy', value: null, unit: 'kWh', source: null });
  }

  const xid = series.get('DCGM_FI_DEV_XID_ERRORS');
  if (!xid?.length) missing.push('DCGM_FI_DEV_XID_ERRORS');
  metrics.push({
    key: 'xidErrors',
    label: 'XID errors',
    value: xid?.length ? nonZeroChanges(xid) : null,
    unit: 'count',
    source: xid?.length ? 'DCGM_FI_DEV_XID_ERRORS' : null,
  });

  const counterMetric = (key: string, label: string, fields: string[]) => {
    const found = fields.filter((f) => series.get(f)?.length);
    if (found.length === 0) {
      missing.push(fields[0]!);
      metrics.push({ key, label, value: null, unit: 'count', source: null });
      return;
    }
    let total = 0;
    let resets = 0;
    for (const f of found) {
      const c = counterIncrease(series.get(f)!);
      total += c.increase;
      resets += c.resets;
    }
    metrics.push({
      key,
      label,
      value: total,
      unit: 'count',
      source: found.join('+'),
      ...(resets ? { note: `${resets} counter reset(s) counted.` } : {}),
    });
  };
  counterMetric('eccErrors', 'ECC errors (new, double + single bit)', [
    'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
    'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
  ]);
  const remapFailure = series.get('DCGM_FI_DEV_ROW_REMAP_FAILURE');
  counterMetric('rowRemaps', 'Uncorrectable row remaps (new)', [
    'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
  ]);
  if (remapFailure?.some((p) => p.v > 0)) {
    const m = metrics[metrics.length - 1]!;
    m.note = `${m.note ? `${m.note} ` : ''}Row remapping has FAILED on this GPU: it needs service.`;
  }

  // Hours: each busy reading's time is allocated (a pod, or memory in use) or not, idle or not.
  const fb = series.get('DCGM_FI_DEV_FB_USED');
  const hours: DeviceHours = {
    observed: 0,
    allocated: 0,
    allocatedIdle: 0,
    unallocated: 0,
    useful: 0,
  };
  const clock = busy.points.length ? busy.points : (fb ?? []);
  const w = weightsMs(clock, step);
  for (const [i, p] of clock.entries()) {
    const h = w[i]! / HOUR_MS;
    const fbAt = p.pod === null ? at(fb, p.t) : null;
    const allocated = p.pod !== null || (fbAt !== null && fbAt.v >= minFb);
    hours.observed += h;
    if (busy.points.length) hours.useful += Math.max(0, Math.min(1, p.v)) * h;
    if (allocated) {
      hours.allocated += h;
      if (busy.points.length && p.v < idleBelow) hours.allocatedIdle += h;
    } else hours.unallocated += h;
  }
  const allocationRate = hours.observed > 0 ? hours.allocated / hours.observed : null;
  const effectiveUtilization =
    busy.points.length && hours.observed > 0 ? hours.useful / hours.observed : null;
  const value = (k: string) => metrics.find((m) => m.key === k)?.value ?? null;
  const used = value('fbUsedMiB');
  const free = value('fbFreeMiB');
  const memShare = used !== null && free !== null && used + free > 0 ? used / (used + free) : null;
  const parts: [number, number | null][] = [
    [0.4, effectiveUtilization],
    [0.2, memShare],
    [0.2, allocationRate],
    [0.2, value('smActive') ?? value('tensorActive')],
  ];
  const present = parts.filter(([, v]) => v !== null) as [number, number][];
  const weight = present.reduce((a, [wt]) => a + wt, 0);
  const compositeScore =
    effectiveUtilization === null || weight === 0
      ? null
      : Math.round((present.reduce((a, [wt, v]) => a + wt * v, 0) / weight) * 1000) / 10;
  return {
    metrics,
    busySource: busy.source,
    fallback: busy.fallback,
    missing,
    hours,
    allocationRate,
    effectiveUtilization,
    compositeScore,
  };
}
