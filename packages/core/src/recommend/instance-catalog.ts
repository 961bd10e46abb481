/**
 * EC2 instance types with specs and us-east-1 on-demand Linux prices (data/ec2, merged from
 * public sources; see its SOURCES). Used to check that a rightsizing target exists and is smaller.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface InstanceType {
  instanceType: string;
  family: string;
  vcpu: number | null;
  memoryGib: number | null;
  gpuCount: number;
  onDemandUsdPerHour: number | null;
}

export const DEFAULT_EC2_CATALOG_PATH = fileURLToPath(
  new URL('../../data/ec2/ec2-instance-types-us-east-1.csv', import.meta.url),
);

let cached: Map<string, InstanceType> | undefined;

/** Loads the EC2 catalog keyed by instance type (e.g. `m5.xlarge`). */
export function loadEc2Catalog(path = DEFAULT_EC2_CATALOG_PATH): Map<string, InstanceType> {
  if (cached && path === DEFAULT_EC2_CATALOG_PATH) return cached;
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  const at = (name: string) => cols.indexOf(name);
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  const map = new Map<string, InstanceType>();
  for (const line of lines) {
    const f = line.split(',');
    const type = f[at('instance_type')]!;
    map.set(type, {
      instanceType: type,
      family: f[at('family')] ?? '',
      vcpu: num(f[at('vcpu')]),
      memoryGib: num(f[at('memory_gib')]),
      gpuCount: num(f[at('gpu_count')]) ?? 0,
      onDemandUsdPerHour: num(f[at('ondemand_linux_usd_per_hour')]),
    });
  }
  if (path === DEFAULT_EC2_CATALOG_PATH) cached = map;
  return map;
}
