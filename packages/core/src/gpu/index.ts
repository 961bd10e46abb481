/** GPU fleet (issue 12): collectors, the 19-metric framework, money, criticality and the 2×2. */
export { parsePrometheusText } from './prometheus-text.ts';
export type { PromExposition, PromSample, PromType } from './prometheus-text.ts';
export { dcgmSamples } from './dcgm-samples.ts';
export { parseNvidiaSmiCsv, NVIDIA_SMI_FIELDS } from './nvidia-smi-csv.ts';
export type { GpuSample } from './gpu-sample.ts';
export { ingestGpuFile, ingestGpuText, detectGpuFormat, parseGpuText } from './ingest-gpu.ts';
export type { GpuIngestOptions, GpuIngestResult, GpuFormat } from './ingest-gpu.ts';
export { ingestHostMap, parseHostMap } from './host-map.ts';
export type { HostMapEntry } from './host-map.ts';
export { computeDeviceMetrics } from './device-metrics.ts';
export type { DeviceMetrics, GpuMetric, DeviceHours } from './device-metrics.ts';
export { computeGpuFleet } from './gpu-fleet.ts';
export type { FleetOptions, GpuDevice, GpuFleet } from './gpu-fleet.ts';
export { buildGpuMatrix, matrixOf, placeDevice, QUADRANTS } from './gpu-matrix.ts';
export type { GpuMatrix, MatrixOptions, Placement, Quadrant } from './gpu-matrix.ts';
export { gpuRecommendations } from './gpu-recommendations.ts';
export type { GpuRecommendationResult } from './gpu-recommendations.ts';
export {
  CriticalityEntry,
  CRITICALITY_SCOPES,
  listCriticality,
  setCriticality,
  loadCriticalityFile,
  parseCriticalityFile,
  resolveCriticality,
} from './criticality.ts';
export type { Criticality, CriticalityScope, ResolvedCriticality } from './criticality.ts';
export { gpuTimeline } from './gpu-timeline.ts';
export type { GpuTimeline } from './gpu-timeline.ts';
export { gpuFleetTool } from './assistant-tool.ts';
