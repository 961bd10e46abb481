/**
 * The distinct values of a dimension, biggest spend first — for filter pickers, autocomplete
 * and fuzzy matching. Asked through the semantic layer like any other question.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { Catalog } from './catalog.ts';
import { runQuery } from './run-query.ts';

export interface DimensionValue {
  /** The value; null means "no value" (e.g. untagged). */
  value: string | null;
  effectiveCost: string | null;
  rows: number;
}

export interface DimensionValuesOptions {
  /** Only values containing this text, ignoring case. */
  search?: string;
  /** At most this many values (default 50). */
  limit?: number;
  catalog?: Catalog;
}

/**
 * Lists a dimension's values with their effective cost and row count.
 * @example await dimensionValues(wh, 'service', { search: 'compute', limit: 10 })
 */
export async function dimensionValues(
  wh: Warehouse,
  dimension: string,
  opts: DimensionValuesOptions = {},
): Promise<DimensionValue[]> {
  const r = await runQuery(
    wh,
    {
      metric: 'effective_cost',
      metrics: ['row_count'],
      groupBy: [dimension],
      ...(opts.search
        ? { filters: [{ dimension, op: 'contains' as const, value: opts.search }] }
        : {}),
      limit: opts.limit ?? 50,
      other: false,
    },
    opts.catalog ? { catalog: opts.catalog } : {},
  );
  return r.rows.map((row) => ({
    value: (row[dimension] as string | null) ?? null,
    effectiveCost: (row['effective_cost'] as string | null) ?? null,
    rows: Number(row['row_count'] ?? 0),
  }));
}
