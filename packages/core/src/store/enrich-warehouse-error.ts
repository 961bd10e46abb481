/**
 * The one place that turns confusing database errors into CostLensErrors with a hint, keeping the
 * failing SQL for whoever debugs it.
 */
import { CostLensError } from '../errors.ts';

const HINTS: readonly [RegExp, string][] = [
  [/Conflicting lock/i, 'Another process holds the database; stop it or use another --db.'],
  [/read-only/i, 'The database was opened read-only; this statement writes.'],
  [
    /Catalog Error: Table with name (\w+) does not exist/i,
    'Run an ingest first, or check the table name.',
  ],
  [
    /Binder Error: Referenced column "?(\w+)"? not found/i,
    'Check the column name; FOCUS columns are PascalCase, e.g. "BilledCost".',
  ],
  [/Out of Memory/i, 'Lower the data volume per ingest, or raise memory_limit.'],
];

export function enrichWarehouseError(e: unknown, sql: string): CostLensError {
  if (e instanceof CostLensError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const hint = HINTS.find(([re]) => re.test(message))?.[1];
  const err = new CostLensError({
    // A whole word: "block" (a damaged Parquet or compressed file) is not a busy database.
    code: /\block\b/i.test(message) ? 'DATABASE_BUSY' : 'INTERNAL',
    message,
    ...(hint ? { hint } : {}),
    cause: e,
  });
  Object.defineProperty(err, 'sql', { value: sql, enumerable: false });
  return err;
}
