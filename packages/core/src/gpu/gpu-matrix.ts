/**
 * The utilization × criticality 2×2. Each GPU or slice is placed by effective utilization (high at
 * or above `highUseAt`, default 40 %) and business criticality: low/low → reallocate (reclaim,
 * pool, time-slice / MIG, scale to zero); low use/high crit → right-size but keep headroom; high
 * use/low crit → spot / preemptible / a queue; high/high → optimize and commit. Every placement
 * carries its dollars (window cost, idle $, monthly $ at stake) and the reasons behind it.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { toUnits } from '../allocation/exact-decimal.ts';
import { computeGpuFleet } from './gpu-fleet.ts';
import type { FleetOptions, GpuDevice, GpuFleet } from './gpu-fleet.ts';
import { microHours, money, roundCents, usdText } from './gpu-money.ts';

export type Quadrant = 'reallocate' | 'rightsize_protect' | 'spot_or_queue' | 'optimize_commit';

export const QUADRANTS: Record<Quadrant, { label: string; actions: string[] }> = {
  reallocate: {
    label: 'Low use · low criticality: reallocate',
    actions: [
      'Reclaim the GPU into a shared pool.',
      'Time-slice or MIG-partition it for small workloads.',
      'Scale to zero when nothing is queued.',
    ],
  },
  rightsize_protect: {
    label: 'Low use · high criticality: right-size, protect headroom',
    actions: [
      'Move to fewer or smaller GPUs sized to p95 busy plus headroom.',
      'Keep the capacity reserved for this workload; do not preempt it.',
    ],
  },
  spot_or_queue: {
    label: 'High use · low criticality: spot, preemptible or a queue',
    actions: [
      'Run it on spot / preemptible capacity with checkpointing.',
      'Or submit it through a batch queue that packs GPUs.',
    ],
  },
  optimize_commit: {
    label: 'High use · high criticality: optimize and commit',
    actions: [
      'Optimize the workload (mixed precision, batching, kernel fusion) before buying more.',
      'Commit: a savings plan or reservation for the steady part; capacity blocks for planned bursts.',
    ],
  },
};

export interface MatrixOptions extends FleetOptions {
  /** Effective utilization from which use is high (default 0.4). */
  highUseAt?: number;
  /** Headroom kept above p95 busy when right-sizing (default 0.3). */
  headroom?: number;
  /** Typical spot discount on GPU instances (default 0.6); set your own. */
  spotDiscount?: number;
  /** Commitment price as a share of on-demand (default 0.72, a typical 1-year No Upfront plan). */
  commitRate?: number;
}

export interface Placement {
  deviceId: string;
  hostname: string;
  resourceId: string | null;
  provider: string | null;
  service: string | null;
  instanceType: string | null;
  model: string | null;
  migProfile: string | null;
  workload: string | null;
  namespace: string | null;
  team: string | null;
  utilization: number | null;
  busyP95: number | null;
  criticality: 'high' | 'low';
  criticalityBasis: string;
  quadrant: Quadrant;
  actions: string[];
  reasons: string[];
  compositeScore: number | null;
  costUsd: string | null;
  idleUsd: string | null;
  /** Window cost scaled to 730 hours. */
  monthlyCostUsd: string | null;
  /** What the placement's action is worth per month (estimate; see reasons). */
  opportunityMonthlyUsd: string | null;
}

export interface GpuMatrix {
  window: GpuFleet['window'];
  thresholds: { highUseAt: number; headroom: number; spotDiscount: number; commitRate: number };
  placements: Placement[];
  quadrants: Record<
    Quadrant,
    { label: string; devices: number; costUsd: string; opportunityMonthlyUsd: string }
  >;
  notes: string[];
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
/** Ratio as an exact fraction of 1e6 for BigInt scaling. */
const ratioUnits = (r: number) => BigInt(Math.round(Math.max(0, Math.min(1, r)) * 1_000_000));

/** Places one device. Pure. */
export function placeDevice(
  d: GpuDevice,
  o: Required<Pick<MatrixOptions, 'highUseAt' | 'headroom' | 'spotDiscount' | 'commitRate'>>,
): Placement {
  const u = d.effectiveUtilization;
  const highUse = u !== null && u >= o.highUseAt;
  const highCrit = d.criticality.criticality === 'high';
  const quadrant: Quadrant = highUse
    ? highCrit
      ? 'optimize_commit'
      : 'spot_or_queue'
    : highCrit
      ? 'rightsize_protect'
      : 'reallocate';
  const reasons: string[] = [
    u === null
      ? 'No busy metric for this device: counted as low use.'
      : `Effective utilization ${pct(u)} is ${highUse ? 'at or above' : 'below'} the ${pct(o.highUseAt)} line (busy from ${d.busySource}).`,
    `Criticality ${d.criticality.criticality}: ${d.criticality.reason}`,
  ];
  if (d.fallback) reasons.push(d.fallback);
  let monthly: bigint | null = null;
  let opportunity: bigint | null = null;
  if (d.costUsd !== null && d.hours.observed > 0) {
    monthly = (toUnits(d.costUsd) * 730_000_000n) / microHours(d.hours.observed);
    reasons.push(
      `Cost $${d.costUsd} over ${d.hours.observed.toFixed(1)} observed hours (${d.costNote})`,
    );
    switch (quadrant) {
      case 'reallocate': {
        const idleShare = (d.hours.allocatedIdle + d.hours.unallocated) / d.hours.observed;
        opportunity = (monthly * ratioUnits(idleShare)) / 1_000_000n;
        reasons.push(
          `Idle ${usdText(d.idleUsd!)} in the window: ${usdText(d.allocatedIdleUsd!)} allocated but idle (${d.hours.allocatedIdle.toFixed(1)} h), ${usdText(d.unallocatedUsd!)} unallocated (${d.hours.unallocated.toFixed(1)} h); reclaiming the idle ${pct(idleShare)} is worth ${usdText(opportunity)}/month.`,
        );
        break;
      }
      case 'rightsize_protect': {
        const need = Math.min(1, (d.busyP95 ?? 1) * (1 + o.headroom));
        opportunity = (monthly * ratioUnits(1 - need)) / 1_000_000n;
        reasons.push(
          `p95 busy ${pct(d.busyP95 ?? 1)} plus ${pct(o.headroom)} headroom needs ${pct(need)} of this capacity; the rest is worth ${usdText(opportunity)}/month.`,
        );
        break;
      }
      case 'spot_or_queue':
        opportunity = (monthly * ratioUnits(o.spotDiscount)) / 1_000_000n;
        reasons.push(
          `At a ${pct(o.spotDiscount)} spot discount (an assumption; set yours) the same work costs ${usdText(opportunity)}/month less.`,
        );
        break;
      case 'optimize_commit':
        opportunity = (monthly * ratioUnits(1 - o.commitRate)) / 1_000_000n;
        reasons.push(
          `Steady use: a commitment at ${pct(o.commitRate)} of on-demand saves ${usdText(opportunity)}/month; check tensor-pipe use before buying more.`,
        );
        break;
    }
  } else {
    reasons.push(`No cost: ${d.costNote}`);
  }
  return {
    deviceId: d.id,
    hostname: d.hostname,
    resourceId: d.resourceId,
    provider: d.provider,
    service: d.service,
    instanceType: d.instanceType,
    model: d.model,
    migProfile: d.migProfile,
    workload: d.workload,
    namespace: d.namespace,
    team: d.team,
    utilization: u,
    busyP95: d.busyP95,
    criticality: d.criticality.criticality,
    criticalityBasis: d.criticality.basis,
    quadrant,
    actions: QUADRANTS[quadrant].actions,
    reasons,
    compositeScore: d.compositeScore,
    costUsd: d.costUsd,
    idleUsd: d.idleUsd,
    monthlyCostUsd: monthly === null ? null : money(roundCents(monthly)),
    opportunityMonthlyUsd: opportunity === null ? null : money(roundCents(opportunity)),
  };
}

export function matrixThresholds(o: MatrixOptions): GpuMatrix['thresholds'] {
  return {
    highUseAt: o.highUseAt ?? 0.4,
    headroom: o.headroom ?? 0.3,
    spotDiscount: o.spotDiscount ?? 0.6,
    commitRate: o.commitRate ?? 0.72,
  };
}

/** Places a computed fleet. Pure. */
export function matrixOf(fleet: GpuFleet, opts: MatrixOptions = {}): GpuMatrix {
  const t = matrixThresholds(opts);
  const placements = fleet.devices.map((d) => placeDevice(d, t));
  const quadrants = Object.fromEntries(
    (Object.keys(QUADRANTS) as Quadrant[]).map((q) => {
      const in_ = placements.filter((p) => p.quadrant === q);
      const sum = (f: (p: Placement) => string | null) =>
        money(in_.reduce((a, p) => a + (f(p) === null ? 0n : toUnits(f(p)!)), 0n));
      return [
        q,
        {
          label: QUADRANTS[q].label,
          devices: in_.length,
          costUsd: sum((p) => p.costUsd),
          opportunityMonthlyUsd: sum((p) => p.opportunityMonthlyUsd),
        },
      ];
    }),
  ) as GpuMatrix['quadrants'];
  return { window: fleet.window, thresholds: t, placements, quadrants, notes: fleet.notes };
}

/**
 * @example const m = await buildGpuMatrix(wh, { highUseAt: 0.5 });
 */
export async function buildGpuMatrix(wh: Warehouse, opts: MatrixOptions = {}): Promise<GpuMatrix> {
  return matrixOf(await computeGpuFleet(wh, opts), opts);
}
