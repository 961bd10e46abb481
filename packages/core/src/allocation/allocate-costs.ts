/**
 * Cost allocation: direct cost per value of a dimension (a team, a cost centre) plus its share of
 * every shared-cost pool declared for that dimension, split evenly, proportionally to direct
 * spend, or by fixed percentages. Reads through the semantic layer (one query); splits exactly.
 * Invariant: per period, the allocated total equals the total before allocation, to the unit.
 * Cost with no value and pools with nobody to split across stay visible as unallocated (null).
 */
import { CostLensError } from '../errors.ts';
import { SHARED_POOL_DIMENSION } from '../semantic/catalog.ts';
import type { Catalog } from '../semantic/catalog.ts';
import { loadCatalog } from '../semantic/load-catalog.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { Grain, SemanticQuery, SemanticResult, TimeRange } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { SharedCostRule } from './allocation-config.ts';
import { fromUnits, splitExact, toUnits } from './exact-decimal.ts';

export interface AllocationOptions {
  /** The dimension to allocate to (default `team`). */
  by?: string;
  /** A money metric (default `effective_cost`). */
  metric?: string;
  timeRange?: TimeRange;
  /** Default `month`. */
  grain?: Grain;
  catalog?: Catalog;
  now?: Date;
}

export interface AllocatedRow {
  period: string;
  /** The dimension value; null is unallocated cost. */
  value: string | null;
  direct: string;
  /** Shared cost received, by rule id. */
  sharedByRule: Record<string, string>;
  shared: string;
  total: string;
}

export interface AllocationResult {
  by: string;
  metric: string;
  grain: Grain;
  rows: AllocatedRow[];
  /** Per period: the metric's total before and after allocation (always equal). */
  totals: { period: string; before: string; after: string }[];
  /** How each pool was split, per period, for the reader who asks "why this share?". */
  splits: {
    period: string;
    rule: string;
    method: SharedCostRule['method'];
    pool: string;
    note?: string;
  }[];
  /** The semantic query that read the costs, with its SQL. */
  evidence: SemanticResult;
}

/**
 * Allocates a money metric to the values of a dimension, per period.
 * @example const r = await allocateCosts(wh, { by: 'team', timeRange: { relative: 'previous_month' } });
 */
export async function allocateCosts(
  wh: Warehouse,
  opts: AllocationOptions = {},
): Promise<AllocationResult> {
  const catalog = opts.catalog ?? (await loadCatalog(wh));
  const by = opts.by ?? 'team';
  const metric = opts.metric ?? 'effective_cost';
  const grain = opts.grain ?? 'month';
  const m = catalog.metrics.get(metric);
  if (!m || m.unit !== 'currency') {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `cannot allocate "${metric}": allocation splits money metrics`,
      hint: `Use one of: ${[...catalog.metrics.values()]
        .filter((x) => x.unit === 'currency')
        .map((x) => x.id)
        .join(', ')}.`,
    });
  }
  const rules = catalog.sharedCosts.filter((r) => r.across === by);
  const usePools = catalog.dimensions.has(SHARED_POOL_DIMENSION) && catalog.sharedCosts.length > 0;
  const query: SemanticQuery = {
    metric,
    groupBy: usePools ? [SHARED_POOL_DIMENSION, by] : [by],
    grain,
    ...(opts.timeRange ? { timeRange: opts.timeRange } : {}),
  };
  const evidence = await runQuery(wh, query, { catalog, ...(opts.now ? { now: opts.now } : {}) });

  // period → value → direct units; period → rule → pool units.
  const direct = new Map<string, Map<string | null, bigint>>();
  const pools = new Map<string, Map<string, bigint>>();
  const ruleIds = new Set(rules.map((r) => r.id));
  for (const row of evidence.rows) {
    const period = String(row['period']);
    const amount = toUnits(String(row[metric] ?? '0'));
    const pool = usePools ? (row[SHARED_POOL_DIMENSION] as string | null) : null;
    if (pool !== null && ruleIds.has(pool)) {
      const p = pools.get(period) ?? new Map<string, bigint>();
      p.set(pool, (p.get(pool) ?? 0n) + amount);
      pools.set(period, p);
    } else {
      const value = (row[by] as string | null) ?? null;
      const d = direct.get(period) ?? new Map<string | null, bigint>();
      d.set(value, (d.get(value) ?? 0n) + amount);
      direct.set(period, d);
    }
  }

  const rows: AllocatedRow[] = [];
  const totals: AllocationResult['totals'] = [];
  const splits: AllocationResult['splits'] = [];
  const periods = [...new Set([...direct.keys(), ...pools.keys()])].sort();
  for (const period of periods) {
    const d = direct.get(period) ?? new Map<string | null, bigint>();
    const received = new Map<string | null, Map<string, bigint>>();
    const give = (value: string | null, rule: string, units: bigint) => {
      const r = received.get(value) ?? new Map<string, bigint>();
      r.set(rule, (r.get(rule) ?? 0n) + units);
      received.set(value, r);
    };
    for (const rule of rules) {
      const pool = pools.get(period)?.get(rule.id);
      if (pool === undefined) continue;
      const { targets, weights, note } = splitPlan(rule, d);
      splits.push({
        period,
        rule: rule.id,
        method: rule.method,
        pool: fromUnits(pool),
        ...(note ? { note } : {}),
      });
      if (targets.length === 0) {
        give(null, rule.id, pool);
        continue;
      }
      splitExact(pool, weights).forEach((units, i) => give(targets[i]!, rule.id, units));
    }
    const values = [...new Set([...d.keys(), ...received.keys()])].sort(nullsLast);
    let before = [...d.values()].reduce((a, x) => a + x, 0n);
    for (const p of pools.get(period)?.values() ?? []) before += p;
    let after = 0n;
    for (const value of values) {
      const dir = d.get(value) ?? 0n;
      const shares = received.get(value) ?? new Map<string, bigint>();
      const shared = [...shares.values()].reduce((a, x) => a + x, 0n);
      after += dir + shared;
      rows.push({
        period,
        value,
        direct: fromUnits(dir),
        sharedByRule: Object.fromEntries([...shares].map(([k, v]) => [k, fromUnits(v)])),
        shared: fromUnits(shared),
        total: fromUnits(dir + shared),
      });
    }
    if (after !== before) {
      throw new CostLensError({
        code: 'INTERNAL',
        message: `allocation changed the ${period} total: ${fromUnits(before)} → ${fromUnits(after)}`,
      });
    }
    totals.push({ period, before: fromUnits(before), after: fromUnits(after) });
  }
  return { by, metric, grain, rows, totals, splits, evidence };
}

function nullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Who receives a pool and with what weights, given the period's direct cost per value. */
function splitPlan(
  rule: SharedCostRule,
  direct: ReadonlyMap<string | null, bigint>,
): { targets: string[]; weights: bigint[]; note?: string } {
  if (rule.method === 'fixed') {
    const entries = Object.entries(rule.percentages ?? {});
    // Percent with 6 decimals as integer weights: exact for any percentage written in the config.
    return {
      targets: entries.map(([k]) => k),
      weights: entries.map(([, p]) => BigInt(Math.round(p * 1e6))),
    };
  }
  const targets = rule.targets
    ? [...rule.targets]
    : [...direct.keys()].filter((v): v is string => v !== null).sort();
  if (targets.length === 0)
    return { targets, weights: [], note: 'no values with direct cost: left unallocated' };
  if (rule.method === 'even') return { targets, weights: targets.map(() => 1n) };
  const weights = targets.map((t) => {
    const w = direct.get(t) ?? 0n;
    return w > 0n ? w : 0n;
  });
  if (weights.every((w) => w === 0n)) {
    return {
      targets,
      weights: targets.map(() => 1n),
      note: 'no positive direct spend to weigh by: split evenly',
    };
  }
  return { targets, weights };
}
