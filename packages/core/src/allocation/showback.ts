/**
 * Showback: per team (or any dimension) for one month, direct plus shared cost after
 * allocation, next to the previous month's total and the change. Built on `allocateCosts`, so
 * the month's total before and after allocation are equal, and unallocated cost is a row.
 */
import { CostLensError } from '../errors.ts';
import type { Catalog } from '../semantic/catalog.ts';
import type { SemanticResult } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { allocateCosts } from './allocate-costs.ts';
import { fromUnits, toUnits } from './exact-decimal.ts';

export interface ShowbackRow {
  /** The dimension value; null is unallocated cost. */
  value: string | null;
  direct: string;
  shared: string;
  sharedByRule: Record<string, string>;
  total: string;
  previousTotal: string;
  delta: string;
  /** Percent change against the previous month; null when it had no cost. */
  deltaPct: number | null;
}

export interface ShowbackReport {
  month: string;
  previousMonth: string;
  by: string;
  metric: string;
  rows: ShowbackRow[];
  total: { before: string; after: string; previous: string };
  evidence: SemanticResult;
}

/**
 * Showback for a month (`YYYY-MM`) by a dimension (default `team`).
 * @example await showback(wh, { month: '2025-01', by: 'team' })
 */
export async function showback(
  wh: Warehouse,
  opts: { month: string; by?: string; metric?: string; catalog?: Catalog },
): Promise<ShowbackReport> {
  const m = /^(\d{4})-(\d{2})$/.exec(opts.month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `"${opts.month}" is not a month`,
      hint: 'Use YYYY-MM, e.g. 2025-01.',
    });
  }
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const start = new Date(Date.UTC(y, mo, 1));
  const prev = new Date(Date.UTC(y, mo - 1, 1));
  const end = new Date(Date.UTC(y, mo + 1, 1));
  const result = await allocateCosts(wh, {
    ...(opts.by ? { by: opts.by } : {}),
    ...(opts.metric ? { metric: opts.metric } : {}),
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
    timeRange: { start: iso(prev), end: iso(end) },
    grain: 'month',
  });
  const cur = result.rows.filter((r) => r.period === iso(start));
  const before = result.rows.filter((r) => r.period === iso(prev));
  const prevTotal = new Map(before.map((r) => [r.value, toUnits(r.total)]));
  const values = [...new Set([...cur.map((r) => r.value), ...before.map((r) => r.value)])];
  const rows: ShowbackRow[] = values.map((value) => {
    const c = cur.find((r) => r.value === value);
    const total = c ? toUnits(c.total) : 0n;
    const p = prevTotal.get(value) ?? 0n;
    return {
      value,
      direct: c?.direct ?? fromUnits(0n),
      shared: c?.shared ?? fromUnits(0n),
      sharedByRule: c?.sharedByRule ?? {},
      total: fromUnits(total),
      previousTotal: fromUnits(p),
      delta: fromUnits(total - p),
      deltaPct: p === 0n ? null : Number(((total - p) * 1_000_000n) / (p < 0n ? -p : p)) / 10_000,
    };
  });
  // Largest first; unallocated last so it stays visible without hiding a team.
  rows.sort((a, b) =>
    a.value === null
      ? 1
      : b.value === null
        ? -1
        : toUnits(b.total) > toUnits(a.total)
          ? 1
          : toUnits(b.total) < toUnits(a.total)
            ? -1
            : 0,
  );
  const t = result.totals.find((x) => x.period === iso(start));
  const tp = result.totals.find((x) => x.period === iso(prev));
  return {
    month: opts.month,
    previousMonth: iso(prev).slice(0, 7),
    by: result.by,
    metric: result.metric,
    rows,
    total: {
      before: t?.before ?? fromUnits(0n),
      after: t?.after ?? fromUnits(0n),
      previous: tp?.after ?? fromUnits(0n),
    },
    evidence: result.evidence,
  };
}
