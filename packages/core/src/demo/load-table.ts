/**
 * Loads rows computed in JS into a DuckDB table through a temporary newline-delimited JSON file —
 * one bulk read instead of one INSERT per row (the Warehouse's row appender is for small batches).
 * Column names and types are CostLens's own; the file is removed afterwards.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';

export type ColumnSpec = readonly [name: string, sqlType: string];

/** Creates `table` with `columns` and fills it with `rows` (arrays in column order). */
export async function loadTable(
  wh: Warehouse,
  o: {
    table: string;
    columns: readonly ColumnSpec[];
    rows: readonly (readonly (string | number | boolean | null)[])[];
    tmpDir: string;
  },
): Promise<void> {
  const file = join(o.tmpDir, `${o.table}.jsonl`);
  const lines = o.rows.map((r) =>
    JSON.stringify(Object.fromEntries(o.columns.map(([name], i) => [name, r[i] ?? null]))),
  );
  writeFileSync(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  const cols = o.columns.map(([n, t]) => `${literal(n)}: ${literal(t)}`).join(', ');
  const defs = o.columns.map(([n, t]) => `${ident(n)} ${t}`).join(', ');
  try {
    await wh.exec(`CREATE OR REPLACE TABLE ${ident(o.table)} (${defs})`);
    if (lines.length > 0) {
      await wh.exec(
        `INSERT INTO ${ident(o.table)} SELECT * FROM read_json(${literal(file)}, format = 'newline_delimited', columns = {${cols}})`,
      );
    }
  } finally {
    rmSync(file, { force: true });
  }
}
