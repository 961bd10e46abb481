/**
 * FinOps hygiene checks over the stored FOCUS rows: cost without an owner tag, unallocated cost,
 * usage without a resource id (row checks, counted in the shared scan); negative cost by charge
 * category, a mix of billing currencies, and days with no rows inside an account's covered range
 * (grouped queries). Not conformance: data can be valid FOCUS and still unusable for showback.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { sumDecimals } from './decimal-text.ts';
import type { QualityFinding } from './quality-finding.ts';
import type { RowCheck } from './scan-row-checks.ts';

export interface FinopsRowCheck extends RowCheck {
  id: string;
  column?: string;
  severity: QualityFinding['severity'];
  message: string;
  columns: string[];
}

const HAS_COST = `("BilledCost" <> 0 OR "EffectiveCost" <> 0)`;
/** Tag keys compared case-insensitively against `__p.owner_keys` (lower-cased parameter). */
const HAS_OWNER = `coalesce(list_has_any(list_transform(json_keys("Tags"), k -> lower(k)), __p.owner_keys), false)`;

/** The one-row parameter relation the owner-tag checks read. */
export function ownerKeysParam(ownerTagKeys: readonly string[]) {
  return {
    select: `from_json($1::VARCHAR, '["VARCHAR"]') AS owner_keys`,
    params: [JSON.stringify(ownerTagKeys.map((k) => k.toLowerCase()))],
  };
}

/** Row-level FinOps checks (counted with the conformance rules in the same scan). */
export function finopsRowChecks(ownerTagKeys: readonly string[]): FinopsRowCheck[] {
  const keys = ownerTagKeys.join(', ');
  return [
    {
      id: 'owner-tag-missing',
      key: 'finops:owner-tag-missing',
      column: 'Tags',
      severity: 'warning',
      message: `cost without an owner tag (none of: ${keys}); tax rows are not expected to carry tags.`,
      predicate: `${HAS_COST} AND "ChargeCategory" IS DISTINCT FROM 'Tax' AND NOT ${HAS_OWNER}`,
      columns: ['Tags', 'SubAccountId'],
    },
    {
      id: 'unallocated-cost',
      key: 'finops:unallocated-cost',
      severity: 'warning',
      message: `unallocated cost: no owner tag (${keys}) and no sub-account, so nothing attributes it to a team.`,
      predicate: `${HAS_COST} AND "SubAccountId" IS NULL AND NOT ${HAS_OWNER}`,
      columns: ['Tags', 'SubAccountId', 'SubAccountName'],
    },
    {
      id: 'missing-resource-id',
      key: 'finops:missing-resource-id',
      column: 'ResourceId',
      severity: 'warning',
      message: 'usage cost without a ResourceId: it cannot be traced to a resource or rightsized.',
      predicate: `${HAS_COST} AND "ChargeCategory" = 'Usage' AND "ResourceId" IS NULL`,
      columns: ['ResourceId', 'ResourceType', 'SkuId'],
    },
  ];
}

/** Grouped FinOps checks; their example rows are fetched by the caller from `exampleRowId`. */
export async function finopsGroupFindings(
  wh: Warehouse,
): Promise<(QualityFinding & { exampleRowId: number | null; columns: string[] })[]> {
  return [...(await negativeCost(wh)), ...(await currencyMix(wh)), ...(await coverageGaps(wh))];
}

async function negativeCost(wh: Warehouse) {
  const rows = await wh.query<{
    cat: string | null;
    n: number;
    c: string;
    billed: string;
    effective: string;
    r: number;
  }>(
    `SELECT "ChargeCategory" AS cat, count(*) AS n, coalesce(sum(abs("BilledCost")), 0)::VARCHAR AS c,
       coalesce(sum("BilledCost"), 0)::VARCHAR AS billed, coalesce(sum("EffectiveCost"), 0)::VARCHAR AS effective,
       min(rowid) AS r
     FROM ${COST_TABLE} WHERE "BilledCost" < 0 OR "EffectiveCost" < 0 GROUP BY 1 ORDER BY 1 NULLS LAST`,
  );
  return rows.map((r) => {
    const cat = r.cat ?? '(no ChargeCategory)';
    // Credits and adjustments are negative by nature; negative usage or purchases are suspicious.
    const expected = r.cat === 'Credit' || r.cat === 'Adjustment';
    return {
      id: `finops:negative-cost:${cat}`,
      source: 'finops' as const,
      severity: expected ? ('info' as const) : ('warning' as const),
      column: 'BilledCost',
      check: 'negative-cost',
      message: `${cat} rows with negative cost (BilledCost ${r.billed}, EffectiveCost ${r.effective})${expected ? '' : ': unusual outside credits and adjustments'}.`,
      rowsAffected: Number(r.n),
      costAffected: String(r.c),
      example: null,
      exampleRowId: Number(r.r),
      columns: ['EffectiveCost', 'ChargeClass'],
      detail: { chargeCategory: r.cat, billedCost: r.billed, effectiveCost: r.effective },
    };
  });
}

async function currencyMix(wh: Warehouse) {
  const rows = await wh.query<{ cur: string | null; n: number; c: string; r: number }>(
    `SELECT "BillingCurrency" AS cur, count(*) AS n, coalesce(sum(abs("BilledCost")), 0)::VARCHAR AS c,
       min(rowid) AS r
     FROM ${COST_TABLE} GROUP BY 1 ORDER BY n DESC, cur NULLS LAST`,
  );
  const named = rows.filter((r) => r.cur !== null);
  if (named.length <= 1) return [];
  const [main, ...rest] = named;
  return [
    {
      id: 'finops:currency-mix',
      source: 'finops' as const,
      severity: 'warning' as const,
      column: 'BillingCurrency',
      check: 'currency-mix',
      message: `costs are billed in ${named.length} currencies (${named.map((r) => `${r.cur}: ${r.n} rows`).join(', ')}); totals across them need conversion. Rows outside ${main!.cur} are counted.`,
      rowsAffected: rest.reduce((n, r) => n + Number(r.n), 0),
      costAffected: sumDecimals(rest.map((r) => r.c)),
      example: null,
      exampleRowId: Number(rest[0]!.r),
      columns: ['BillingCurrency'],
      detail: {
        currencies: named.map((r) => ({ currency: r.cur, rows: Number(r.n), cost: r.c })),
      },
    },
  ];
}

interface GapRow {
  provider: string;
  account: string;
  lo: string;
  hi: string;
  missing: string[];
}

async function coverageGaps(wh: Warehouse) {
  // A row covers the days from its ChargePeriodStart up to (not including) its ChargePeriodEnd.
  const rows = await wh.query<GapRow>(
    `WITH spans AS (
       SELECT DISTINCT coalesce("ServiceProviderName", "ProviderName", '') AS provider,
         coalesce("BillingAccountId", '') AS account, "ChargePeriodStart"::DATE AS s,
         greatest(coalesce(("ChargePeriodEnd" - INTERVAL 1 MICROSECOND)::DATE, "ChargePeriodStart"::DATE),
           "ChargePeriodStart"::DATE) AS e
       FROM ${COST_TABLE} WHERE "ChargePeriodStart" IS NOT NULL),
     covered AS (
       SELECT DISTINCT provider, account, unnest(generate_series(s::TIMESTAMP, e::TIMESTAMP, INTERVAL 1 DAY))::DATE AS day
       FROM spans),
     bounds AS (SELECT provider, account, min(s) AS lo, max(e) AS hi FROM spans GROUP BY ALL),
     wanted AS (
       SELECT provider, account, unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, INTERVAL 1 DAY))::DATE AS day
       FROM bounds),
     missing AS (SELECT * FROM wanted ANTI JOIN covered USING (provider, account, day))
     SELECT m.provider, m.account, strftime(b.lo, '%Y-%m-%d') AS lo, strftime(b.hi, '%Y-%m-%d') AS hi,
       list(strftime(m.day, '%Y-%m-%d') ORDER BY m.day) AS missing
     FROM missing m JOIN bounds b USING (provider, account) GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((r) => {
    const ranges = toRanges(r.missing);
    const who = `${r.provider || '(no provider)'} account ${r.account || '(none)'}`;
    return {
      id: `finops:daily-coverage-gap:${r.provider}:${r.account}`,
      source: 'finops' as const,
      severity: 'warning' as const,
      column: 'ChargePeriodStart',
      check: 'daily-coverage-gap',
      message: `${who}: ${r.missing.length} day(s) with no rows between ${r.lo} and ${r.hi} (${ranges
        .slice(0, 5)
        .map((g) => (g.from === g.to ? g.from : `${g.from}..${g.to}`))
        .join(', ')}${ranges.length > 5 ? ', …' : ''}): data may be missing.`,
      rowsAffected: 0,
      costAffected: '0',
      example: {
        provider: r.provider || null,
        BillingAccountId: r.account || null,
        firstMissingDay: r.missing[0] ?? null,
      },
      exampleRowId: null,
      columns: [],
      detail: { provider: r.provider, account: r.account, missingDays: r.missing.length, ranges },
    };
  });
}

/** Groups sorted ISO days into runs of consecutive days. */
export function toRanges(days: readonly string[]): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && Date.parse(`${d}T00:00:00Z`) - Date.parse(`${last.to}T00:00:00Z`) === 86_400_000) {
      last.to = d;
    } else {
      out.push({ from: d, to: d });
    }
  }
  return out;
}
