/**
 * GPU idle cost of an initiative's GPU workloads, month by month, from the GPU fleet (issue 12):
 * each month of the initiative that GPU samples cover is one fleet window, and the idle dollars
 * (allocated-idle + unallocated) of the devices running a named workload or sitting on a named host
 * are summed exactly. Idle cost is a breakdown of the GPU host's cost, which the FOCUS mappings
 * already select, so it is a memo line: shown, never added to the actuals a second time.
 */
import { addDec } from '../anomaly/decimal.ts';
import { computeGpuFleet } from '../gpu/gpu-fleet.ts';
import type { GpuDevice } from '../gpu/gpu-fleet.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Initiative, InitiativeGpuWorkload } from './definition.ts';
import { monthsOf } from './definition.ts';

const DAY_MS = 86_400_000;

/** Whether a device belongs to one of the initiative's GPU workloads. */
export function matchesWorkload(
  d: Pick<GpuDevice, 'workload' | 'hostname'>,
  ws: readonly InitiativeGpuWorkload[],
): boolean {
  return ws.some((w) => (w.workload ? d.workload === w.workload : d.hostname === w.host));
}

/**
 * Idle $ by month (`YYYY-MM` → exact decimal) of the initiative's GPU workloads, with notes on
 * costs outside the bill and workloads never seen.
 * @example await gpuIdleByMonth(wh, def) // { byMonth: Map { '2026-11' => '24.00' }, notes: [] }
 */
export async function gpuIdleByMonth(
  wh: Warehouse,
  def: Initiative,
): Promise<{ byMonth: Map<string, string>; notes: string[] }> {
  const byMonth = new Map<string, string>();
  if (def.gpuWorkloads.length === 0) return { byMonth, notes: [] };
  const [span] = await wh.query<{ first: number | null; last: number | null }>(
    `SELECT epoch_ms(min(ts)) AS first, epoch_ms(max(ts)) AS last FROM gpu_sample`,
  );
  const notes: string[] = [];
  if (span?.first == null || span.last == null) {
    return {
      byMonth,
      notes: ['No GPU samples yet: GPU idle cost appears once the fleet is loaded.'],
    };
  }
  const seen = new Set<string>();
  let priced = 0;
  const initiativeEnd = Date.parse(def.end) + DAY_MS;
  for (const month of monthsOf(def.start, def.end)) {
    const monthStart = Date.parse(`${month}-01T00:00:00Z`);
    const nextMonth = new Date(monthStart);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    // Whole months (clipped to the initiative), skipping those no sample falls in.
    const start = Math.max(monthStart, Date.parse(def.start));
    const end = Math.min(nextMonth.getTime(), initiativeEnd);
    if (end <= start || Number(span.last) < start || Number(span.first) >= end) continue;
    const fleet = await computeGpuFleet(wh, {
      end: new Date(end),
      windowDays: (end - start) / DAY_MS,
    });
    for (const d of fleet.devices) {
      if (!matchesWorkload(d, def.gpuWorkloads) || d.idleUsd === null) continue;
      byMonth.set(month, addDec(byMonth.get(month) ?? '0', d.idleUsd));
      seen.add(d.workload ?? d.hostname);
      seen.add(d.hostname);
      if (d.costBasis === 'price') priced++;
    }
  }
  const missing = def.gpuWorkloads
    .map((w) => w.workload ?? w.host!)
    .filter((name) => !seen.has(name));
  if (missing.length > 0) {
    notes.push(`GPU workloads not seen in the fleet samples: ${missing.join(', ')}.`);
  }
  if (priced > 0) {
    notes.push(
      'Some GPU idle cost is priced from the GPU price list (host not found in the bill): map the host’s spend to see it in the actuals.',
    );
  }
  notes.push(
    'GPU idle cost is a breakdown of the GPU hosts’ cost already counted through the mappings, so it is shown as a memo and not added.',
  );
  return { byMonth, notes };
}
