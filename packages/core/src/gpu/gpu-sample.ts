/**
 * One GPU metric reading as CostLens stores it (a `gpu_sample` row). Metric names are DCGM field
 * names (`DCGM_FI_DEV_GPU_UTIL`, `DCGM_FI_PROF_GR_ENGINE_ACTIVE`, …) whichever collector produced
 * them; profiling ratios are 0..1, utilization percentages 0..100, memory MiB, power W, energy mJ.
 */

export interface GpuSample {
  /** ISO timestamp (UTC). */
  ts: string;
  hostname: string;
  gpuUuid: string;
  gpuIndex: number | null;
  model: string | null;
  migProfile: string | null;
  migInstance: string | null;
  metric: string;
  metricType: 'gauge' | 'counter';
  value: number;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  source: 'dcgm' | 'nvidia-smi';
  sourceFile: string;
  sourceLine: number | null;
}

/** Device key: the GPU, or one MIG instance of it. */
export function deviceIdOf(s: Pick<GpuSample, 'gpuUuid' | 'migInstance'>): string {
  return s.migInstance === null ? s.gpuUuid : `${s.gpuUuid}.mig${s.migInstance}`;
}
