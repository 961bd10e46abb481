/**
 * A fixed, seeded FOCUS dataset for the semantic layer's tests: a few hundred rows over
 * 2024-11 … 2025-03 with several providers, services, regions, charge and pricing categories,
 * tags spelled `team`, `Team`, `TEAM` and `owner`, NULLs, and 15-digit decimals.
 * Test support only; not part of the public API.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { literal } from '../util/sql.ts';

/** A small deterministic PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  ['AWS', 'Amazon EC2', 'Compute'],
  ['AWS', 'Amazon S3', 'Storage'],
  ['AWS', 'AWS Support', 'Management and Governance'],
  ['Microsoft', 'Virtual Machines', 'Compute'],
  ['Microsoft', 'Azure Kubernetes Service', 'Compute'],
] as const;
const REGIONS = ['us-east-1', 'eu-west-1', null] as const;
const ACCOUNTS = ['acct-a', 'acct-b', 'acct-c'] as const;
const TAGS = [
  '{"team":"ml","env":"prod"}',
  '{"Team":"web"}',
  '{"TEAM":"data","env":"dev"}',
  '{"owner":"web"}',
  '{"owner":"ml","team":"data"}',
  '{"env":"prod"}',
  null,
] as const;
const CHARGES = ['Usage', 'Usage', 'Usage', 'Purchase', 'Credit'] as const;
const PRICING = ['Standard', 'Committed', null] as const;

/** A decimal string with up to 15 fraction digits, from a seeded draw. */
function money(r: () => number, scale = 100): string {
  const cents = Math.floor(r() * scale * 1e6);
  const frac = String(Math.floor(r() * 1e9)).padStart(9, '0');
  return `${Math.floor(cents / 1e6)}.${String(cents % 1e6).padStart(6, '0')}${frac}`;
}

/**
 * Inserts `n` rows (default 360) into `focus_cost`.
 * @example await loadSemanticTestData(wh);
 */
export async function loadSemanticTestData(wh: Warehouse, n = 360, seed = 42): Promise<void> {
  const r = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const start = Date.UTC(2024, 10, 1);
  const spanDays = 151; // 2024-11-01 .. 2025-03-31
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const [provider, service, category] = pick(SERVICES);
    const day = new Date(
      start + Math.floor(r() * spanDays) * 86_400_000 + Math.floor(r() * 24) * 3_600_000,
    );
    const ts = day.toISOString().slice(0, 19).replace('T', ' ');
    const charge = pick(CHARGES);
    const sign = charge === 'Credit' ? '-' : '';
    const effective = `${sign}${money(r)}`;
    const billed = `${sign}${money(r)}`;
    const list = r() < 0.1 ? null : money(r, 150);
    const contracted = r() < 0.2 ? null : money(r);
    const qty = r() < 0.15 ? null : money(r, 1000);
    const region = pick(REGIONS);
    const pricing = pick(PRICING);
    const commitment = pricing === 'Committed' ? `cd-${1 + Math.floor(r() * 3)}` : null;
    const tags = pick(TAGS);
    const lit = (v: string | null) => (v === null ? 'NULL' : literal(v));
    values.push(
      `(${[
        lit(provider),
        // FOCUS 1.0 data sometimes fills only ProviderName: keep a few rows that way.
        i % 17 === 0 ? 'NULL' : lit(provider),
        lit(service),
        lit(category),
        lit(region),
        lit(pick(ACCOUNTS)),
        lit('billing-1'),
        lit(charge),
        lit(pricing),
        lit(commitment),
        lit(`sku-${1 + Math.floor(r() * 4)}`),
        lit(`res-${1 + Math.floor(r() * 12)}`),
        `TIMESTAMP ${literal(ts)}`,
        billed,
        effective,
        list ?? 'NULL',
        contracted ?? 'NULL',
        qty ?? 'NULL',
        tags === null ? 'NULL' : `${literal(tags)}::JSON`,
        lit('USD'),
      ].join(', ')})`,
    );
  }
  await wh.exec(
    `INSERT INTO focus_cost ("ProviderName", "ServiceProviderName", "ServiceName", "ServiceCategory",
      "RegionId", "SubAccountId", "BillingAccountId", "ChargeCategory", "PricingCategory",
      "CommitmentDiscountId", "SkuId", "ResourceId", "ChargePeriodStart", "BilledCost", "EffectiveCost",
      "ListCost", "ContractedCost", "ConsumedQuantity", "Tags", "BillingCurrency") VALUES ${values.join(',\n')}`,
  );
}
