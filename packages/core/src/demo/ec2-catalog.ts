/**
 * EC2 instance specs and us-east-1 Linux on-demand prices, from the copy shipped in
 * `packages/core/data/ec2/` (see SOURCES.md there). Prices stay decimal strings; the demo multiplies
 * them exactly in the store. Read once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Ec2InstanceType {
  type: string;
  family: string;
  size: string;
  vcpu: number;
  memoryGib: number;
  gpuCount: number;
  gpuModel: string | null;
  /** Linux on-demand USD per hour, as a decimal string. */
  onDemandUsdPerHour: string;
}

const DATA = fileURLToPath(
  new URL('../../data/ec2/ec2-instance-types-us-east-1.subset.csv', import.meta.url),
);

let cached: Map<string, Ec2InstanceType> | undefined;

/** All instance types in the shipped subset, by name. */
export function ec2Catalog(): Map<string, Ec2InstanceType> {
  if (cached) return cached;
  const [header, ...lines] = readFileSync(DATA, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const at = (cells: string[], name: string) => cells[cols.indexOf(name)] ?? '';
  cached = new Map();
  for (const line of lines) {
    const c = line.split(',');
    const price = at(c, 'ondemand_linux_usd_per_hour');
    if (!price || !at(c, 'vcpu')) continue;
    cached.set(at(c, 'instance_type'), {
      type: at(c, 'instance_type'),
      family: at(c, 'family'),
      size: at(c, 'size'),
      vcpu: Number(at(c, 'vcpu')),
      memoryGib: Number(at(c, 'memory_gib')),
      gpuCount: Number(at(c, 'gpu_count') || 0),
      gpuModel: at(c, 'gpu_model') || null,
      onDemandUsdPerHour: price,
    });
  }
  return cached;
}

/** One instance type; throws when the shipped subset lacks it (a demo-model bug). */
export function ec2Type(type: string): Ec2InstanceType {
  const t = ec2Catalog().get(type);
  if (!t) throw new Error(`instance type ${type} is not in the shipped EC2 catalog subset`);
  return t;
}

/** Sizes of a family from smallest to largest by vCPU. */
export function familySizes(family: string): Ec2InstanceType[] {
  return [...ec2Catalog().values()]
    .filter((t) => t.family === family)
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGib - b.memoryGib);
}
