/**
 * Test helper: generated GPU fleets as dcgm-exporter scrapes (idle, bursty, saturated, MIG-split),
 * loaded through the real ingest path. Deterministic; not part of the public API.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { ingestGpuText } from './ingest-gpu.ts';

export interface FakeGpu {
  hostname: string;
  uuid: string;
  model?: string;
  /** Busy ratio (0..1) at scrape k of n. */
  busy: (k: number, n: number) => number;
  fbUsedMiB?: (k: number, n: number) => number;
  fbTotalMiB?: number;
  mig?: { profile: string; id: string };
  pod?: string;
  namespace?: string;
  /** Leave out PROF_* fields (a GPU or exporter without profiling). */
  noProfiling?: boolean;
  energyMj?: (k: number) => number;
}

function labels(g: FakeGpu): string {
  const l = [
    `gpu="0"`,
    `UUID="${g.uuid}"`,
    `modelName="${g.model ?? 'NVIDIA H100 80GB HBM3'}"`,
    `Hostname="${g.hostname}"`,
  ];
  if (g.mig) l.push(`GPU_I_PROFILE="${g.mig.profile}"`, `GPU_I_ID="${g.mig.id}"`);
  if (g.pod)
    l.push(`pod="${g.pod}"`, `namespace="${g.namespace ?? 'default'}"`, `container="main"`);
  return l.join(',');
}

/** One scrape's text for all GPUs at index k of n. */
export function scrapeText(gpus: readonly FakeGpu[], k: number, n: number): string {
  const lines: string[] = [
    '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
    '# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter',
  ];
  for (const g of gpus) {
    const b = g.busy(k, n);
    const used = g.fbUsedMiB ? g.fbUsedMiB(k, n) : b > 0 ? 4000 : 0;
    const total = g.fbTotalMiB ?? 81559;
    const l = labels(g);
    lines.push(`DCGM_FI_DEV_GPU_UTIL{${l}} ${g.mig ? 0 : Math.round(b * 100)}`);
    if (!g.noProfiling) lines.push(`DCGM_FI_PROF_GR_ENGINE_ACTIVE{${l}} ${b}`);
    lines.push(`DCGM_FI_DEV_FB_USED{${l}} ${used}`, `DCGM_FI_DEV_FB_FREE{${l}} ${total - used}`);
    if (g.energyMj) lines.push(`DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{${l}} ${g.energyMj(k)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Loads n scrapes, `stepMs` apart from `start`, each as its own source. */
export async function loadFleet(
  wh: Warehouse,
  gpus: readonly FakeGpu[],
  o: { start: string; n: number; stepMs: number },
): Promise<void> {
  for (let k = 0; k < o.n; k++) {
    const at = new Date(Date.parse(o.start) + k * o.stepMs);
    await ingestGpuText(wh, scrapeText(gpus, k, o.n), `scrape-${at.toISOString()}`, { at });
  }
}

export const behaviours = {
  idle: () => 0,
  saturated: () => 0.97,
  /** Busy 0.8 for the first quarter of each 4 scrapes, else idle (mean 0.2). */
  bursty: (k: number) => (k % 4 === 0 ? 0.8 : 0),
  half: () => 0.5,
};
