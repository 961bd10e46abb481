/**
 * What every rule receives: the warehouse, the catalogs, the rules' track records and the window.
 * Rules read only through here (parameterized SQL over `focus_cost` / `ec2_utilization`); the
 * window is the last `windowDays` of data present, never the wall clock, so runs are reproducible.
 */
import type { Warehouse } from '../../store/warehouse.ts';
import type { InstanceType } from '../instance-catalog.ts';
import type { OfferCatalog } from '../offer-catalog.ts';
import type { RuleTrackRecord } from '../outcome-ledger.ts';
import { adjustConfidence } from '../outcome-ledger.ts';
import type { RecommendationDraftInput } from '../recommendation.ts';

export interface RuleContext {
  wh: Warehouse;
  ec2: Map<string, InstanceType>;
  catalog: OfferCatalog;
  trackRecords: ReadonlyMap<string, RuleTrackRecord>;
  /** Days of data the rules look back over (default 30). */
  windowDays: number;
  /** Last day with cost data (ISO date); null when the store is empty. */
  dataEnd: string | null;
  /** Columns present in focus_cost (provider `x_` columns vary by source). */
  columns: ReadonlySet<string>;
}

export type Rule = (ctx: RuleContext) => Promise<RecommendationDraftInput[]>;

/** Days per month for monthly figures (730 hours / 24). */
export const DAYS_PER_MONTH = 730 / 24;

/** SQL predicate: inside the window (a `$1` parameter must carry `ctx.dataEnd`). */
export function windowSql(days: number): string {
  return `"ChargePeriodStart" > $1::DATE - INTERVAL ${Math.trunc(days)} DAY`;
}

/** Confidence from data coverage (0..1 share of the window observed), shrunk to the track record. */
export function confidenceFor(
  ctx: RuleContext,
  kind: string,
  base: number,
  coverage: number,
): number {
  const c = base * (0.6 + 0.4 * Math.max(0, Math.min(1, coverage)));
  return adjustConfidence(Math.round(c * 100) / 100, ctx.trackRecords.get(kind));
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const usd = (n: number) => `$${n.toFixed(2)}`;

/** The instance type in an AWS usage type (`USW2-BoxUsage:m5.large` → `m5.large`). */
export function instanceTypeSql(column = '"x_UsageType"'): string {
  return `nullif(regexp_extract(${column}, '(?:BoxUsage|DedicatedUsage|HostUsage):([a-z0-9-]+\\.[a-z0-9-]+)$', 1), '')`;
}

/**
 * The window as an absolute time range (evidence must reproduce the numbers later, so it never
 * says "last 30 days" of the wall clock).
 */
export function windowRange(ctx: Pick<RuleContext, 'dataEnd' | 'windowDays'>): {
  start: string;
  end: string;
} {
  const end = new Date(`${ctx.dataEnd ?? '1970-01-01'}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const start = new Date(end);
  start.setUTCDate(start.getUTCDate() - ctx.windowDays);
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** The semantic query that shows resources' daily cost over the window (evidence). */
export function resourceCostEvidence(
  ids: readonly string[],
  ctx: Pick<RuleContext, 'dataEnd' | 'windowDays'>,
) {
  return {
    metric: 'effective_cost',
    metrics: ['consumed_quantity'],
    groupBy: ['resource_id'],
    filters: [{ dimension: 'resource_id', op: 'in' as const, value: [...ids] }],
    timeRange: windowRange(ctx),
    grain: 'day' as const,
  };
}
