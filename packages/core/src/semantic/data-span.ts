/**
 * The span of charge periods in the store, so a surface can say "your data ends on …" when a
 * relative range finds nothing, or anchor relative ranges at the data's last day.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';

/**
 * First and last `ChargePeriodStart` (ISO dates), or undefined when no cost rows are stored.
 * @example const span = await costDataSpan(wh); // { first: '2024-09-01', last: '2024-09-30' }
 */
export async function costDataSpan(
  wh: Warehouse,
): Promise<{ first: string; last: string } | undefined> {
  const [row] = await wh.query<{ first: string | null; last: string | null }>(
    `SELECT CAST(min("ChargePeriodStart") AS VARCHAR) AS first, CAST(max("ChargePeriodStart") AS VARCHAR) AS last FROM ${COST_TABLE}`,
  );
  if (!row?.first || !row.last) return undefined;
  return { first: row.first.slice(0, 10), last: row.last.slice(0, 10) };
}
