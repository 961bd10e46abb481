/**
 * Fetches the example rows findings point at, by rowid, in one query: a few identifying columns
 * (source file and line, account, charge period, service, resource, cost) plus the columns each
 * check reads. Column names come from the FOCUS schema only.
 */
import { COST_TABLE, focusColumn } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident } from '../util/sql.ts';
import type { ExampleRow } from './quality-finding.ts';

export const IDENTIFYING_COLUMNS = [
  'x_source_file',
  'x_source_line',
  'BillingAccountId',
  'ChargePeriodStart',
  'ChargeCategory',
  'ServiceName',
  'ResourceId',
  'BilledCost',
] as const;

export interface ExampleRequest {
  rowId: number;
  columns: readonly string[];
}

/** Loads example rows; the result maps rowid → a row with the identifying + requested columns. */
export async function fetchExampleRows(
  wh: Warehouse,
  requests: readonly ExampleRequest[],
): Promise<Map<number, Record<string, unknown>>> {
  const ids = [...new Set(requests.map((r) => r.rowId).filter((id) => Number.isSafeInteger(id)))];
  if (ids.length === 0) return new Map();
  const cols = new Set<string>(IDENTIFYING_COLUMNS);
  for (const r of requests) {
    for (const c of r.columns) {
      const spec = focusColumn(c);
      if (spec) cols.add(spec.name);
    }
  }
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT rowid AS __rid, ${[...cols].map((c) => (c === 'x_source_line' ? ident(c) : `${ident(c)}::VARCHAR AS ${ident(c)}`)).join(', ')}
     FROM ${COST_TABLE} WHERE rowid IN (${ids.join(', ')})`,
  );
  return new Map(rows.map((r) => [Number(r['__rid']), r]));
}

/** Picks the identifying columns and `columns` out of a fetched row. */
export function exampleOf(
  row: Record<string, unknown> | undefined,
  columns: readonly string[],
): ExampleRow | null {
  if (!row) return null;
  const out: ExampleRow = {};
  for (const c of [...IDENTIFYING_COLUMNS, ...columns]) {
    const v = row[c];
    if (v === undefined) continue;
    if (c === 'x_source_line' && v !== null) out[c] = Number(v);
    else out[c] = typeof v === 'number' || v === null ? v : String(v);
  }
  return out;
}
