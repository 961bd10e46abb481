/**
 * Test support: a digest of every table in the store (row count and an md5 over all rows, in a
 * fixed order), so an authorization test can prove a refused call changed nothing — the audit
 * log included. Table names come from the catalog, never from a caller. Not public API.
 */
import type { Warehouse } from '@costlens/core';

/** `{ table: "rows:md5" }` for every base table of the main schema. */
export async function storeFingerprint(wh: Warehouse): Promise<Record<string, string>> {
  const tables = await wh.query<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
     ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const [row] = await wh.query<{ n: bigint | number; h: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(t::VARCHAR, '\n' ORDER BY t::VARCHAR)) AS h
       FROM ${quoted} AS t`,
    );
    out[name] = `${String(row?.n)}:${row?.h ?? ''}`;
  }
  return out;
}
