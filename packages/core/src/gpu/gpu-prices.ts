/**
 * Price per GPU-hour by GPU model, for hosts the bill does not show (on-premises, another cloud,
 * unmatched hostnames): a configured price wins; else the cheapest on-demand price per GPU among
 * EC2 types with that GPU (the shipped us-east-1 catalog), stated as a list price.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_EC2_CATALOG_PATH } from '../recommend/instance-catalog.ts';

export interface GpuPrice {
  /** Decimal string, USD per GPU-hour. */
  usdPerGpuHour: string;
  source: string;
}

let catalog: Map<string, { usd: number; type: string }> | undefined;

/** Cheapest on-demand USD per GPU-hour by catalog GPU model (`NVIDIA H100` → 6.88 via p5.4xlarge). */
export function catalogGpuPrices(
  path = DEFAULT_EC2_CATALOG_PATH,
): Map<string, { usd: number; type: string }> {
  if (catalog && path === DEFAULT_EC2_CATALOG_PATH) return catalog;
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = (header ?? '').split(',');
  const [ti, gi, mi, pi] = [
    'instance_type',
    'gpu_count',
    'gpu_model',
    'ondemand_linux_usd_per_hour',
  ].map((c) => cols.indexOf(c)) as [number, number, number, number];
  const out = new Map<string, { usd: number; type: string }>();
  for (const line of lines) {
    const f = line.split(',');
    const count = Number(f[gi]);
    const price = Number(f[pi]);
    const model = f[mi] ?? '';
    if (!model || !(count > 0) || !(price > 0)) continue;
    const per = price / count;
    const prev = out.get(model);
    if (!prev || per < prev.usd) out.set(model, { usd: per, type: f[ti] ?? '' });
  }
  if (path === DEFAULT_EC2_CATALOG_PATH) catalog = out;
  return out;
}

/** The longest key that the model name contains (case-insensitive), so `H100` ≠ `H100 NVL` picks right. */
function bestKey(model: string, keys: Iterable<string>): string | undefined {
  const m = model.toLowerCase();
  return [...keys]
    .filter((k) => m.includes(k.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * @example priceForModel('NVIDIA H100 80GB HBM3', { H100: '4.10' }) // { usdPerGpuHour: '4.10', source: 'configured price for H100' }
 */
export function priceForModel(
  model: string | null,
  configured: Readonly<Record<string, string>> = {},
): GpuPrice | null {
  if (!model) return null;
  const k = bestKey(model, Object.keys(configured));
  if (k) return { usdPerGpuHour: configured[k]!, source: `configured price for ${k}` };
  const cat = catalogGpuPrices();
  const ck = bestKey(model, cat.keys());
  if (!ck) return null;
  const p = cat.get(ck)!;
  return {
    usdPerGpuHour: p.usd.toFixed(6),
    source: `EC2 on-demand list price of ${p.type} per GPU (us-east-1 catalog)`,
  };
}
