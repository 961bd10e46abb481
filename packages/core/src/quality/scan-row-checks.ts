/**
 * Counts many row predicates over `focus_cost` in few scans: each check gets its row count, its
 * Σ|BilledCost| and the rowid of one matching row, as aggregates of one SELECT (chunked
 * so a huge rule set stays a handful of scans, not one per rule). Predicates are CostLens's own
 * SQL; values from outside (tag keys) arrive as parameters through a one-row `__p` relation.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { SqlValue, Warehouse } from '../store/warehouse.ts';

export interface RowCheck {
  key: string;
  /** SQL predicate over focus_cost (and `__p`); rows where it is TRUE are counted. */
  predicate: string;
}

export interface RowCheckCount {
  rows: number;
  /** Σ|BilledCost| of the matching rows, exact decimal text. */
  cost: string;
  exampleRowId: number | null;
}

export interface ScanParams {
  /** Select list of the one-row parameter relation `__p`, e.g. `$1::VARCHAR[] AS owner_keys`. */
  select: string;
  params: readonly SqlValue[];
}

/**
 * Counts each check's rows.
 * @example await scanRowChecks(wh, [{ key: 'neg', predicate: '"BilledCost" < 0' }]);
 */
export async function scanRowChecks(
  wh: Warehouse,
  checks: readonly RowCheck[],
  params: ScanParams = { select: '1 AS none', params: [] },
  chunkSize = 150,
): Promise<Map<string, RowCheckCount>> {
  const out = new Map<string, RowCheckCount>();
  for (let start = 0; start < checks.length; start += chunkSize) {
    const chunk = checks.slice(start, start + chunkSize);
    // Each predicate is evaluated once per row as a boolean column, and the aggregates read it
    // through CASE: FILTER (WHERE …) evaluated the predicate once per aggregate and ran a selection
    // pass for each, which made this scan several times slower with three aggregates per check.
    const flags = chunk.map((c, i) => `(${c.predicate}) AS __b${i}`);
    const parts = chunk.flatMap((_, i) => [
      `count(CASE WHEN __b${i} THEN 1 END) AS n${i}`,
      `coalesce(sum(CASE WHEN __b${i} THEN __cost END), 0)::VARCHAR AS c${i}`,
      `min(CASE WHEN __b${i} THEN __rid END) AS r${i}`,
    ]);
    const [row] = await wh.query<Record<string, string | number | null>>(
      `SELECT ${parts.join(',\n  ')}
       FROM (SELECT __rid, __cost, ${flags.join(',\n  ')}
             FROM (SELECT *, rowid AS __rid, abs("BilledCost") AS __cost FROM ${COST_TABLE})
             CROSS JOIN (SELECT ${params.select}) AS __p)`,
      params.params,
    );
    chunk.forEach((c, i) => {
      const r = row?.[`r${i}`];
      out.set(c.key, {
        rows: Number(row?.[`n${i}`] ?? 0),
        cost: String(row?.[`c${i}`] ?? '0'),
        exampleRowId: r === null || r === undefined ? null : Number(r),
      });
    });
  }
  return out;
}
