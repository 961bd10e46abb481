/**
 * The GPU fleet over a window: every GPU (or MIG slice, which then replaces its parent) with the
 * 19 metrics, hours, scores and money — cost from the bill where the host is found there (exact
 * split by share × observed hours), else a price per GPU-hour by model, else none (said so).
 * Criticality is resolved here too so fleet, matrix and tools read one structure.
 */
import { toUnits } from '../allocation/exact-decimal.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { listCriticality, resolveCriticality } from './criticality.ts';
import type { ResolvedCriticality } from './criticality.ts';
import { computeDeviceMetrics } from './device-metrics.ts';
import type { DeviceHours, FrameworkOptions, GpuMetric, SeriesPoint } from './device-metrics.ts';
import {
  idleParts,
  microHours,
  money,
  perUsefulHour,
  priceCost,
  splitHostCost,
  usdText,
} from './gpu-money.ts';
import { priceForModel } from './gpu-prices.ts';
import { hostCost } from './host-cost.ts';
import type { HostCost } from './host-cost.ts';
import { workloadOfPod } from './workload-name.ts';

export interface FleetOptions extends FrameworkOptions {
  /** Days back from `end` (default 7). */
  windowDays?: number;
  /** Window end (exclusive); default just after the last sample. */
  end?: Date;
  /** Price per GPU-hour by model substring (`{ H100: '4.10' }`) for hosts not in the bill. */
  pricePerGpuHour?: Readonly<Record<string, string>>;
}

export interface GpuDevice {
  id: string;
  hostname: string;
  gpuUuid: string;
  gpuIndex: number | null;
  model: string | null;
  migProfile: string | null;
  migInstance: string | null;
  /** Share of the physical GPU (1, or e.g. 1/7 for a 1g slice). */
  sliceFraction: number;
  namespace: string | null;
  pod: string | null;
  workload: string | null;
  team: string | null;
  resourceId: string | null;
  instanceType: string | null;
  provider: string | null;
  service: string | null;
  metrics: GpuMetric[];
  busySource: string | null;
  fallback: string | null;
  missing: string[];
  hours: DeviceHours;
  busyP95: number | null;
  allocationRate: number | null;
  effectiveUtilization: number | null;
  compositeScore: number | null;
  costBasis: 'focus' | 'price' | 'none';
  costNote: string;
  /** Exact decimal strings (USD) over the window; null without a cost basis. */
  costUsd: string | null;
  idleUsd: string | null;
  allocatedIdleUsd: string | null;
  unallocatedUsd: string | null;
  costPerUsefulGpuHourUsd: string | null;
  criticality: ResolvedCriticality;
}

export interface GpuFleet {
  window: { start: string; end: string };
  devices: GpuDevice[];
  totals: {
    devices: number;
    observedHours: number;
    usefulGpuHours: number;
    allocationRate: number | null;
    effectiveUtilization: number | null;
    costUsd: string;
    idleUsd: string;
    allocatedIdleUsd: string;
    unallocatedUsd: string;
  };
  notes: string[];
}

interface Raw {
  t: number | bigint;
  hostname: string;
  gpu_uuid: string;
  gpu_index: number | null;
  model: string | null;
  mig_profile: string | null;
  mig_instance: string | null;
  metric: string;
  value: number;
  namespace: string | null;
  pod: string | null;
}

interface Acc {
  id: string;
  rows: Raw[];
  series: Map<string, SeriesPoint[]>;
}

/** Share of the GPU a MIG profile holds as [numerator, denominator]: `3g.40gb` → 3/7 (A30: quarters). */
export function sliceShareOf(profile: string | null, model: string | null): [number, number] {
  const g = profile ? /^(\d+)g\./.exec(profile) : null;
  if (!g) return [1, 1];
  const slots = /A30/i.test(model ?? '') ? 4 : 7;
  return [Math.min(Number(g[1]), slots), slots];
}

/** Divisible by every MIG denominator (4, 7) so slice weights stay exact integers. */
const SHARE_SCALE = 420n;

function mostFrequent(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** The window: `windowDays` back from `end` (default: just after the last sample). */
export async function fleetWindow(
  wh: Warehouse,
  opts: Pick<FleetOptions, 'windowDays' | 'end'> = {},
): Promise<{ start: Date; end: Date } | null> {
  const [r] = await wh.query<{ last: string | null }>(
    `SELECT strftime(max(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS last FROM gpu_sample`,
  );
  if (!opts.end && !r?.last) return null;
  const end = opts.end ?? new Date(Date.parse(r!.last!) + 1);
  return { start: new Date(end.getTime() - (opts.windowDays ?? 7) * 86_400_000), end };
}

/**
 * @example const fleet = await computeGpuFleet(wh, { windowDays: 7 });
 */
export async function computeGpuFleet(wh: Warehouse, opts: FleetOptions = {}): Promise<GpuFleet> {
  const win = await fleetWindow(wh, opts);
  const notes: string[] = [];
  if (!win) {
    return {
      window: { start: '', end: '' },
      devices: [],
      totals: {
        devices: 0,
        observedHours: 0,
        usefulGpuHours: 0,
        allocationRate: null,
        effectiveUtilization: null,
        costUsd: '0.00',
        idleUsd: '0.00',
        allocatedIdleUsd: '0.00',
        unallocatedUsd: '0.00',
      },
      notes: ['No GPU samples: load some with costlens gpu ingest or collect.'],
    };
  }
  const rows = await wh.query<Raw>(
    `SELECT epoch_ms(ts) AS t, hostname, gpu_uuid, gpu_index, model, mig_profile, mig_instance, metric,
       value, namespace, pod
     FROM gpu_sample WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP
     ORDER BY ts, metric`,
    [win.start.toISOString(), win.end.toISOString()],
  );
  const migParents = new Set(rows.filter((r) => r.mig_instance !== null).map((r) => r.gpu_uuid));
  const accs = new Map<string, Acc>();
  for (const r of rows) {
    // A partitioned GPU is accounted through its slices; parent-level readings would double it.
    if (r.mig_instance === null && migParents.has(r.gpu_uuid)) continue;
    const id = r.mig_instance === null ? r.gpu_uuid : `${r.gpu_uuid}.mig${r.mig_instance}`;
    let a = accs.get(id);
    if (!a) accs.set(id, (a = { id, rows: [], series: new Map() }));
    a.rows.push(r);
    let s = a.series.get(r.metric);
    if (!s) a.series.set(r.metric, (s = []));
    s.push({ t: Number(r.t), v: r.value, pod: r.pod });
  }
  const registry = await listCriticality(wh);
  const hosts = new Map<string, HostCost | null>();
  for (const a of accs.values()) {
    const h = mostFrequent(a.rows.map((r) => r.hostname))!;
    if (!hosts.has(h)) hosts.set(h, await hostCost(wh, h, win));
  }

  const built = [...accs.values()].map((a) => {
    const hostname = mostFrequent(a.rows.map((r) => r.hostname))!;
    const model = mostFrequent(a.rows.map((r) => r.model));
    const migProfile = mostFrequent(a.rows.map((r) => r.mig_profile));
    const pod = mostFrequent(a.rows.map((r) => r.pod));
    const m = computeDeviceMetrics(a.series, opts);
    const busy = (a.series.get(m.busySource ?? '') ?? []).map((p) =>
      m.busySource === 'DCGM_FI_DEV_GPU_UTIL' ? p.v / 100 : p.v,
    );
    busy.sort((x, y) => x - y);
    return {
      a,
      hostname,
      model,
      migProfile,
      pod,
      m,
      busyP95: busy.length
        ? busy[Math.min(busy.length - 1, Math.ceil(busy.length * 0.95) - 1)]!
        : null,
      share: sliceShareOf(migProfile, model),
      fraction: sliceShareOf(migProfile, model)[0] / sliceShareOf(migProfile, model)[1],
      host: hosts.get(hostname) ?? null,
    };
  });

  // Exact host splits: each device's weight is its share of the host × observed hours.
  const costOf = new Map<
    string,
    { units: bigint | null; basis: GpuDevice['costBasis']; note: string }
  >();
  for (const [hostname, host] of hosts) {
    const on = built.filter((b) => b.hostname === hostname);
    if (host && host.costUnits !== null && host.capacityHours > 0) {
      const gpus = host.catalogGpuCount ?? new Set(on.map((b) => b.a.rows[0]!.gpu_uuid)).size;
      const weights = on.map(
        (b) =>
          (microHours(b.m.hours.observed) * BigInt(b.share[0]) * SHARE_SCALE) / BigInt(b.share[1]),
      );
      const capacity = microHours(host.capacityHours) * BigInt(gpus) * SHARE_SCALE;
      const parts = splitHostCost(host.costUnits, weights, capacity);
      on.forEach((b, i) =>
        costOf.set(b.a.id, {
          units: parts[i]!,
          basis: 'focus',
          note: `${host.resourceId} (matched by ${host.matchedBy}) cost ${usdText(host.costUnits!)} over ${host.capacityHours} h of the window's days; this ${b.migProfile ? `slice holds ${(b.fraction * 100).toFixed(1)} % of one` : 'is one'} of ${gpus} GPU(s), observed ${b.m.hours.observed.toFixed(2)} h.`,
        }),
      );
      continue;
    }
    for (const b of on) {
      const price = priceForModel(b.model, opts.pricePerGpuHour);
      if (price) {
        costOf.set(b.a.id, {
          units: priceCost(price.usdPerGpuHour, b.m.hours.observed, b.share),
          basis: 'price',
          note: `${host ? `${host.resourceId} has no charges in the window; ` : `${hostname} is not in the bill; `}priced at $${price.usdPerGpuHour.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}/GPU-hour (${price.source}).`,
        });
      } else {
        costOf.set(b.a.id, {
          units: null,
          basis: 'none',
          note: `${hostname} is not in the bill and model ${b.model ?? 'unknown'} has no price: configure a price per GPU-hour.`,
        });
      }
    }
  }

  const devices: GpuDevice[] = built.map((b) => {
    const c = costOf.get(b.a.id)!;
    const [ai, un] = c.units === null ? [null, null] : idleParts(c.units, b.m.hours);
    const per = c.units === null ? null : perUsefulHour(c.units, b.m.hours.useful * b.fraction);
    const workload =
      (b.pod ? workloadOfPod(b.pod) : null) ??
      b.host?.tags['app'] ??
      b.host?.tags['workload'] ??
      null;
    const namespace = mostFrequent(b.a.rows.map((r) => r.namespace));
    const team = b.host?.team ?? null;
    return {
      id: b.a.id,
      hostname: b.hostname,
      gpuUuid: b.a.rows[0]!.gpu_uuid,
      gpuIndex: b.a.rows[0]!.gpu_index,
      model: b.model,
      migProfile: b.migProfile,
      migInstance: b.a.rows[0]!.mig_instance,
      sliceFraction: b.fraction,
      namespace,
      pod: b.pod,
      workload,
      team,
      resourceId: b.host?.resourceId ?? null,
      instanceType: b.host?.instanceType ?? null,
      provider: b.host?.provider ?? null,
      service: b.host?.service ?? null,
      metrics: b.m.metrics,
      busySource: b.m.busySource,
      fallback: b.m.fallback,
      missing: b.m.missing,
      hours: b.m.hours,
      busyP95: b.busyP95,
      allocationRate: b.m.allocationRate,
      effectiveUtilization: b.m.effectiveUtilization,
      compositeScore: b.m.compositeScore,
      costBasis: c.basis,
      costNote: c.note,
      costUsd: c.units === null ? null : money(c.units),
      idleUsd: c.units === null ? null : money(ai! + un!),
      allocatedIdleUsd: ai === null ? null : money(ai),
      unallocatedUsd: un === null ? null : money(un),
      costPerUsefulGpuHourUsd: per === null ? null : money(per),
      criticality: resolveCriticality(registry, {
        deviceId: b.a.id,
        workload,
        namespace,
        team,
        hostname: b.hostname,
        tags: b.host?.tags ?? {},
      }),
    };
  });
  devices.sort((x, y) => x.hostname.localeCompare(y.hostname) || x.id.localeCompare(y.id));

  const sum = (f: (d: GpuDevice) => string | null) =>
    money(devices.reduce((acc, d) => acc + toUnitsOrZero(f(d)), 0n));
  const observed = devices.reduce((a, d) => a + d.hours.observed * d.sliceFraction, 0);
  const allocated = devices.reduce((a, d) => a + d.hours.allocated * d.sliceFraction, 0);
  const useful = devices.reduce((a, d) => a + d.hours.useful * d.sliceFraction, 0);
  const fallbacks = devices.filter((d) => d.fallback).length;
  if (fallbacks) {
    notes.push(
      `${fallbacks} device(s) lack DCGM profiling (PROF_GR_ENGINE_ACTIVE): busy falls back to DEV_GPU_UTIL there.`,
    );
  }
  const unpriced = devices.filter((d) => d.costBasis === 'none').length;
  if (unpriced)
    notes.push(
      `${unpriced} device(s) have no cost: configure a price per GPU-hour for their model.`,
    );
  return {
    window: { start: win.start.toISOString(), end: win.end.toISOString() },
    devices,
    totals: {
      devices: devices.length,
      observedHours: round(observed, 2),
      usefulGpuHours: round(useful, 2),
      allocationRate: observed > 0 ? round(allocated / observed, 4) : null,
      effectiveUtilization: observed > 0 ? round(useful / observed, 4) : null,
      costUsd: sum((d) => d.costUsd),
      idleUsd: sum((d) => d.idleUsd),
      allocatedIdleUsd: sum((d) => d.allocatedIdleUsd),
      unallocatedUsd: sum((d) => d.unallocatedUsd),
    },
    notes,
  };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

const toUnitsOrZero = (v: string | null): bigint => (v === null ? 0n : toUnits(v));
