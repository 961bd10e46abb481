/** A table's column names in order, from the catalog of whichever engine the warehouse runs on. */
import type { Warehouse } from './warehouse.ts';

/**
 * The columns of `table`, in table order, as the engine spells them.
 * @example const cols = await tableColumns(wh, 'focus_cost');
 */
export async function tableColumns(wh: Warehouse, table: string): Promise<string[]> {
  const rows = await wh.query<{ name: string }>(
    wh.dialect.name === 'clickhouse'
      ? `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = $1 ORDER BY position`
      : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}
