/**
 * Turns a dcgm-exporter scrape into GPU samples: label spellings across exporter versions
 * (`Hostname`/`hostname`, `UUID`/`uuid`, Kubernetes `pod`/`pod_name`, `namespace`/`pod_namespace`,
 * `container`/`container_name`), MIG instances (`GPU_I_PROFILE`, `GPU_I_ID`), the 1.x metric names
 * (`dcgm_gpu_utilization`, profiling in percent) mapped onto DCGM field names. Series without a
 * GPU identity (exporter self-metrics) are skipped; NaN readings are dropped.
 */
import type { PromExposition, PromSample } from './prometheus-text.ts';
import type { GpuSample } from './gpu-sample.ts';

/** dcgm-exporter's `--use-old-namespace` names → DCGM field names (profiling was in percent). */
const OLD_NAMES: Record<string, string> = {
  dcgm_sm_clock: 'DCGM_FI_DEV_SM_CLOCK',
  dcgm_memory_clock: 'DCGM_FI_DEV_MEM_CLOCK',
  dcgm_memory_temp: 'DCGM_FI_DEV_MEMORY_TEMP',
  dcgm_gpu_temp: 'DCGM_FI_DEV_GPU_TEMP',
  dcgm_power_usage: 'DCGM_FI_DEV_POWER_USAGE',
  dcgm_total_energy_consumption: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
  dcgm_pcie_replay_counter: 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER',
  dcgm_gpu_utilization: 'DCGM_FI_DEV_GPU_UTIL',
  dcgm_mem_copy_utilization: 'DCGM_FI_DEV_MEM_COPY_UTIL',
  dcgm_enc_utilization: 'DCGM_FI_DEV_ENC_UTIL',
  dcgm_dec_utilization: 'DCGM_FI_DEV_DEC_UTIL',
  dcgm_xid_errors: 'DCGM_FI_DEV_XID_ERRORS',
  dcgm_fb_free: 'DCGM_FI_DEV_FB_FREE',
  dcgm_fb_used: 'DCGM_FI_DEV_FB_USED',
  dcgm_nvlink_bandwidth_total: 'DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL',
};

/** Fields that count up since boot whatever the exposition declares (PROF_PCIE_* are rates). */
export function isCounterField(metric: string): boolean {
  return (
    /_(TOTAL|COUNTER|VIOLATION|REMAPPED_ROWS)$/.test(metric) ||
    /^DCGM_FI_DEV_(TOTAL_ENERGY_CONSUMPTION|RETIRED_(SBE|DBE|PENDING))$/.test(metric)
  );
}

function pick(labels: Record<string, string>, ...names: string[]): string | null {
  const lower = new Map(Object.entries(labels).map(([k, v]) => [k.toLowerCase(), v]));
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (v !== undefined && v !== '') return v;
  }
  return null;
}

function canonical(s: PromSample): { metric: string; scale: number } | null {
  if (s.name.startsWith('DCGM_FI_')) return { metric: s.name, scale: 1 };
  const old = OLD_NAMES[s.name];
  if (old) return { metric: old, scale: 1 };
  if (s.name.startsWith('dcgm_fi_prof_')) return { metric: s.name.toUpperCase(), scale: 0.01 };
  return null;
}

export interface DcgmContext {
  file: string;
  /** Time for lines without their own timestamp (the scrape time). */
  scrapedAt: Date;
  /** Hostname when the series carry none (exporter run without `hostname`). */
  hostname?: string;
}

/**
 * @example dcgmSamples(parsePrometheusText(text, f), { file: f, scrapedAt: new Date() })
 */
export function dcgmSamples(expo: PromExposition, ctx: DcgmContext): GpuSample[] {
  const out: GpuSample[] = [];
  for (const s of expo.samples) {
    const c = canonical(s);
    if (!c || Number.isNaN(s.value)) continue;
    const uuid = pick(s.labels, 'UUID', 'uuid');
    const gpu = pick(s.labels, 'gpu');
    if (!uuid && gpu === null) continue;
    const hostname = pick(s.labels, 'hostname') ?? ctx.hostname ?? 'unknown';
    const gi = pick(s.labels, 'GPU_I_ID');
    out.push({
      ts: new Date(s.timestampMs ?? ctx.scrapedAt.getTime()).toISOString(),
      hostname,
      gpuUuid: uuid ?? `${hostname}/gpu${gpu}`,
      gpuIndex: gpu === null || !/^\d+$/.test(gpu) ? null : Number(gpu),
      model: pick(s.labels, 'modelName'),
      migProfile: gi === null ? null : pick(s.labels, 'GPU_I_PROFILE'),
      migInstance: gi,
      metric: c.metric,
      metricType:
        isCounterField(c.metric) || (s.type === 'counter' && !c.metric.startsWith('DCGM_FI_PROF_'))
          ? 'counter'
          : 'gauge',
      value: s.value * c.scale,
      namespace: pick(s.labels, 'namespace', 'pod_namespace', 'exported_namespace'),
      pod: pick(s.labels, 'pod', 'pod_name', 'exported_pod'),
      container: pick(s.labels, 'container', 'container_name', 'exported_container'),
      source: 'dcgm',
      sourceFile: ctx.file,
      sourceLine: s.line,
    });
  }
  return out;
}
