/**
 * Which FOCUS columns each ingest's source provided. `focus_cost` has every column, so "column
 * present" must come from the ingest: `ingest_column` (recorded since migration 5); for rows
 * written without it (older ingests, other writers) a column counts as provided when any of the
 * ingest's rows has a value in it. Also gives each ingest's row count and Σ|BilledCost|.
 */
import { COST_TABLE, FOCUS_COLUMNS } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';

export interface IngestSlice {
  /** `x_ingest_id`, or '' for rows written without one. */
  ingestId: string;
  rows: number;
  cost: string;
  exampleRowId: number | null;
}

export interface SourceColumns {
  ingests: IngestSlice[];
  /** Ingest ids whose source provided `column`. */
  providedBy(column: string): ReadonlySet<string>;
  /** SQL restricting focus_cost to ingests that provided `column`: null = all rows, 'none' = no rows. */
  scope(column: string): string | null | 'none';
}

/** Reads per-ingest column presence (one grouped scan of focus_cost). */
export async function loadSourceColumns(wh: Warehouse): Promise<SourceColumns> {
  const counts = FOCUS_COLUMNS.map((c, i) => `count(${ident(c.name)}) AS p${i}`);
  const rows = await wh.query<Record<string, string | number | null>>(
    `SELECT coalesce(x_ingest_id, '') AS id, count(*) AS n,
       coalesce(sum(abs("BilledCost")), 0)::VARCHAR AS c, min(rowid) AS r, ${counts.join(', ')}
     FROM ${COST_TABLE} GROUP BY 1 ORDER BY 1`,
  );
  const recorded = await wh.query<{ ingest_id: string; column_name: string }>(
    `SELECT ingest_id, column_name FROM ingest_column`,
  );
  const byIngest = new Map<string, Set<string>>();
  for (const r of recorded) {
    const set = byIngest.get(r.ingest_id) ?? new Set<string>();
    set.add(r.column_name);
    byIngest.set(r.ingest_id, set);
  }
  const provided = new Map<string, Set<string>>();
  const ingests: IngestSlice[] = rows.map((r) => {
    const id = String(r['id']);
    const known = byIngest.get(id);
    FOCUS_COLUMNS.forEach((c, i) => {
      const has = known ? known.has(c.name) : Number(r[`p${i}`] ?? 0) > 0;
      if (!has) return;
      const set = provided.get(c.name) ?? new Set<string>();
      set.add(id);
      provided.set(c.name, set);
    });
    return {
      ingestId: id,
      rows: Number(r['n']),
      cost: String(r['c']),
      exampleRowId: r['r'] === null ? null : Number(r['r']),
    };
  });
  const empty: ReadonlySet<string> = new Set();
  return {
    ingests,
    providedBy: (column) => provided.get(column) ?? empty,
    scope(column) {
      const ids = provided.get(column);
      if (!ids || ids.size === 0) return 'none';
      if (ingests.every((i) => ids.has(i.ingestId))) return null;
      return `coalesce(x_ingest_id, '') IN (${[...ids].map(literal).join(', ')})`;
    },
  };
}
