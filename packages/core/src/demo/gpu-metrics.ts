/**
 * GPU metrics for the ML team's EC2 GPU hosts (the same instances the bill charges for):
 * dcgm-exporter Prometheus text snapshots every two hours over the last two days, and
 * `nvidia-smi --query-gpu=… --format=csv` captures every 15 minutes over the last day, with
 * nvidia-smi's own units. Behaviours: saturated (training), bursty (daytime inference), idle,
 * and a MIG-partitioned H100 whose seven 1g.10gb instances are reported separately by DCGM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoCalendar } from './demo-calendar.ts';
import type { GpuBehaviour, GpuHost } from './demo-inventory.ts';
import type { SeededRandom } from './seeded-random.ts';

const SPECS: Record<
  string,
  { memMiB: number; powerLimitW: number; maxSmMHz: number; idleW: number }
> = {
  'NVIDIA H100': { memMiB: 81559, powerLimitW: 700, maxSmMHz: 1980, idleW: 70 },
  'NVIDIA A10G': { memMiB: 23028, powerLimitW: 300, maxSmMHz: 1710, idleW: 25 },
  'NVIDIA L4': { memMiB: 23034, powerLimitW: 72, maxSmMHz: 2040, idleW: 16 },
};

const FULL_NAME: Record<string, string> = {
  'NVIDIA H100': 'NVIDIA H100 80GB HBM3',
  'NVIDIA A10G': 'NVIDIA A10G',
  'NVIDIA L4': 'NVIDIA L4',
};

/** Utilization (0–100) of one GPU at a given hour of the day. */
function utilizationAt(b: GpuBehaviour, hourUtc: number, rnd: SeededRandom): number {
  switch (b) {
    case 'saturated':
      return rnd.range(94, 100);
    case 'bursty': {
      const daytime = hourUtc >= 13 && hourUtc <= 23;
      return daytime ? rnd.range(45, 92) : rnd.range(0, 12);
    }
    case 'idle':
      return 0;
    case 'mig':
      return rnd.range(20, 70);
  }
}

interface Sample {
  util: number;
  memUsedMiB: number;
  powerW: number;
  tempC: number;
  smMHz: number;
}

function sampleFor(host: GpuHost, util: number, rnd: SeededRandom): Sample {
  const spec = SPECS[host.gpuModel] ?? SPECS['NVIDIA A10G']!;
  const busy = util / 100;
  return {
    util: Math.round(util),
    memUsedMiB:
      host.behaviour === 'idle'
        ? 0
        : Math.round(spec.memMiB * (0.25 + 0.7 * busy) * rnd.range(0.95, 1)),
    powerW: spec.idleW + (spec.powerLimitW - spec.idleW) * busy * rnd.range(0.85, 0.98),
    tempC: Math.round(32 + 40 * busy + rnd.range(0, 4)),
    smMHz: busy > 0.01 ? spec.maxSmMHz : 345,
  };
}

function uuidFor(host: GpuHost, gpu: number): string {
  const h = host.resourceId.slice(3).padEnd(16, '0');
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${String(gpu).padStart(4, '0')}-${h.slice(0, 12)}`;
}

/** dcgm-exporter snapshots: one `.prom` file per host and scrape time. */
export function writeDcgmSnapshots(o: {
  dir: string;
  cal: DemoCalendar;
  hosts: readonly GpuHost[];
  rnd: SeededRandom;
}): string[] {
  const paths: string[] = [];
  const endMs = Date.parse(`${o.cal.endDate}T00:00:00Z`) + 86_400_000;
  for (const host of o.hosts) {
    const hostDir = join(o.dir, host.hostname);
    mkdirSync(hostDir, { recursive: true });
    for (let k = 24; k >= 1; k--) {
      const at = endMs - k * 2 * 3_600_000;
      const hour = new Date(at).getUTCHours();
      const families: Record<string, { help: string; lines: string[] }> = {
        DCGM_FI_DEV_GPU_UTIL: { help: 'GPU utilization (in %).', lines: [] },
        DCGM_FI_DEV_FB_USED: { help: 'Framebuffer memory used (in MiB).', lines: [] },
        DCGM_FI_DEV_FB_FREE: { help: 'Framebuffer memory free (in MiB).', lines: [] },
        DCGM_FI_DEV_POWER_USAGE: { help: 'Power draw (in W).', lines: [] },
        DCGM_FI_DEV_GPU_TEMP: { help: 'GPU temperature (in C).', lines: [] },
        DCGM_FI_DEV_SM_CLOCK: { help: 'SM clock frequency (in MHz).', lines: [] },
        DCGM_FI_PROF_GR_ENGINE_ACTIVE: {
          help: 'Ratio of time the graphics engine is active.',
          lines: [],
        },
        DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: {
          help: 'Ratio of cycles the tensor (HMMA) pipe is active.',
          lines: [],
        },
      };
      const spec = SPECS[host.gpuModel] ?? SPECS['NVIDIA A10G']!;
      for (let gpu = 0; gpu < Math.max(1, host.gpuCount); gpu++) {
        const base = `gpu="${gpu}",UUID="${uuidFor(host, gpu)}",pci_bus_id="00000000:${(16 + gpu).toString(16).toUpperCase()}:00.0",device="nvidia${gpu}",modelName="${FULL_NAME[host.gpuModel] ?? host.gpuModel}",Hostname="${host.hostname}",DCGM_FI_DRIVER_VERSION="570.133.20"`;
        const instances =
          host.behaviour === 'mig' ? Array.from({ length: 7 }, (_, i) => i + 7) : [null];
        for (const gi of instances) {
          const labels = gi === null ? base : `${base},GPU_I_PROFILE="1g.10gb",GPU_I_ID="${gi}"`;
          const s = sampleFor(host, utilizationAt(host.behaviour, hour, o.rnd), o.rnd);
          const memTotal = gi === null ? spec.memMiB : 9856;
          const used =
            gi === null ? s.memUsedMiB : Math.round((s.memUsedMiB / spec.memMiB) * memTotal);
          families.DCGM_FI_DEV_GPU_UTIL!.lines.push(
            `DCGM_FI_DEV_GPU_UTIL{${labels}} ${gi === null ? s.util : 0}`,
          );
          families.DCGM_FI_DEV_FB_USED!.lines.push(`DCGM_FI_DEV_FB_USED{${labels}} ${used}`);
          families.DCGM_FI_DEV_FB_FREE!.lines.push(
            `DCGM_FI_DEV_FB_FREE{${labels}} ${memTotal - used}`,
          );
          families.DCGM_FI_DEV_POWER_USAGE!.lines.push(
            `DCGM_FI_DEV_POWER_USAGE{${labels}} ${s.powerW.toFixed(3)}`,
          );
          families.DCGM_FI_DEV_GPU_TEMP!.lines.push(`DCGM_FI_DEV_GPU_TEMP{${labels}} ${s.tempC}`);
          families.DCGM_FI_DEV_SM_CLOCK!.lines.push(`DCGM_FI_DEV_SM_CLOCK{${labels}} ${s.smMHz}`);
          families.DCGM_FI_PROF_GR_ENGINE_ACTIVE!.lines.push(
            `DCGM_FI_PROF_GR_ENGINE_ACTIVE{${labels}} ${(s.util / 100).toFixed(6)}`,
          );
          families.DCGM_FI_PROF_PIPE_TENSOR_ACTIVE!.lines.push(
            `DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{${labels}} ${((s.util / 100) * 0.62).toFixed(6)}`,
          );
        }
      }
      const text = Object.entries(families)
        .map(([name, f]) => `# HELP ${name} ${f.help}\n# TYPE ${name} gauge\n${f.lines.join('\n')}`)
        .join('\n');
      const stamp = new Date(at).toISOString().replace(/[:]/g, '').replace('.000Z', 'Z');
      const path = join(hostDir, `metrics-${stamp}.prom`);
      writeFileSync(path, `${text}\n`);
      paths.push(path);
    }
  }
  return paths;
}

const NVSMI_HEADER =
  'timestamp, name, uuid, pci.bus_id, index, driver_version, pstate, memory.total [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%], utilization.memory [%], temperature.gpu, power.draw [W], power.limit [W], clocks.current.sm [MHz], mig.mode.current';

/** nvidia-smi CSV captures: one file per host, a row per GPU every 15 minutes of the last day. */
export function writeNvidiaSmi(o: {
  dir: string;
  cal: DemoCalendar;
  hosts: readonly GpuHost[];
  rnd: SeededRandom;
}): string[] {
  mkdirSync(o.dir, { recursive: true });
  const endMs = Date.parse(`${o.cal.endDate}T00:00:00Z`) + 86_400_000;
  const paths: string[] = [];
  for (const host of o.hosts) {
    const spec = SPECS[host.gpuModel] ?? SPECS['NVIDIA A10G']!;
    const lines = [NVSMI_HEADER];
    for (let k = 96; k >= 1; k--) {
      const at = endMs - k * 15 * 60_000;
      const d = new Date(at).toISOString();
      const ts = `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)} ${d.slice(11, 23)}`;
      for (let gpu = 0; gpu < Math.max(1, host.gpuCount); gpu++) {
        const s = sampleFor(
          host,
          utilizationAt(host.behaviour, new Date(at).getUTCHours(), o.rnd),
          o.rnd,
        );
        lines.push(
          [
            ts,
            FULL_NAME[host.gpuModel] ?? host.gpuModel,
            uuidFor(host, gpu),
            `00000000:${(16 + gpu).toString(16).toUpperCase()}:00.0`,
            gpu,
            '570.133.20',
            s.util > 0 ? 'P0' : 'P8',
            `${spec.memMiB} MiB`,
            `${s.memUsedMiB} MiB`,
            `${spec.memMiB - s.memUsedMiB} MiB`,
            host.behaviour === 'mig' ? '[N/A]' : `${s.util} %`,
            host.behaviour === 'mig' ? '[N/A]' : `${Math.round(s.util * 0.4)} %`,
            s.tempC,
            `${s.powerW.toFixed(2)} W`,
            `${spec.powerLimitW.toFixed(2)} W`,
            `${s.smMHz} MHz`,
            host.behaviour === 'mig' ? 'Enabled' : 'Disabled',
          ].join(', '),
        );
      }
    }
    const path = join(o.dir, `${host.hostname}.csv`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    paths.push(path);
  }
  return paths;
}

const CRITICALITY: Record<string, 'high' | 'low'> = {
  training: 'high',
  recommender: 'high',
  assistant: 'low',
};

/**
 * The inventory beside the metrics: a host map (private DNS name → instance id, as
 * `aws ec2 describe-instances` lists them) and the ML team's criticality registry by host.
 */
export function writeGpuInventory(o: { dir: string; hosts: readonly GpuHost[] }): {
  hostMap: string;
  criticality: string;
} {
  mkdirSync(o.dir, { recursive: true });
  const hostMap = join(o.dir, 'hosts.csv');
  writeFileSync(
    hostMap,
    `hostname,resource_id,instance_type,team\n${o.hosts.map((h) => `${h.hostname},${h.resourceId},${h.type},${h.team}`).join('\n')}\n`,
  );
  const criticality = join(o.dir, 'criticality.json');
  writeFileSync(
    criticality,
    `${JSON.stringify(
      o.hosts.map((h) => ({
        scope: 'host',
        value: h.hostname,
        criticality: CRITICALITY[h.app] ?? 'low',
        note: `${h.app} (${h.team})`,
      })),
      null,
      2,
    )}\n`,
  );
  return { hostMap, criticality };
}
