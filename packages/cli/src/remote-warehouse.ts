/**
 * A read-only `Warehouse` that runs queries through a running server's `/api/sql`, so every read
 * command (sources, quality, query, sql) works unchanged while `costlens serve` owns the file.
 * Writes are refused with DATABASE_BUSY naming the server: one process writes a DuckDB file.
 */
import type { QueryProgress, Row, SqlValue, Warehouse } from '@costlens/core';
import { CostLensError, duckdbDialect } from '@costlens/core';
import type { ServerClient } from './server-client.ts';

function toJsonParam(v: SqlValue): string | number | boolean | null {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** Wraps a server client as a Warehouse for reads. */
export function remoteWarehouse(client: ServerClient, location: string): Warehouse {
  const refuse = (): never => {
    throw new CostLensError({
      code: 'DATABASE_BUSY',
      message: `${location} is owned by the CostLens server at ${client.url} (PID ${client.pid}); this command writes, which only that process may do.`,
      hint: 'Stop the server (Ctrl-C in its terminal), run the command, then start it again.',
    });
  };
  const wh: Warehouse = {
    dialect: duckdbDialect,
    location,
    async query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      const res = await client.request<{ rows: T[] }>('POST', '/api/sql', {
        sql,
        ...(params && params.length > 0 ? { params: params.map(toJsonParam) } : {}),
      });
      return res.rows;
    },
    exec: async () => refuse(),
    transaction: async () => refuse(),
    appendRows: async () => refuse(),
    progress: (): QueryProgress | undefined => undefined,
    close: async () => undefined,
  };
  return wh;
}
