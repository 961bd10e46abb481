/**
 * The `@clickhouse/client` executor: a ClickHouse server or cluster over HTTP(S). Parameters go
 * as ClickHouse query parameters (bound by the server), Parquet files stream as the request body.
 */
import { createReadStream } from 'node:fs';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { CLICKHOUSE_SETTINGS } from './clickhouse-executor.ts';
import type { ClickHouseExecutor } from './clickhouse-executor.ts';
import type { Row } from './warehouse.ts';

export interface ClickHouseServerOptions {
  /** `http(s)://host:port`. */
  url: string;
  username?: string;
  password?: string;
  database?: string;
}

/**
 * Connects to a ClickHouse server.
 * @example const ex = openClickHouseClientExecutor({ url: 'http://localhost:8123', database: 'costlens' });
 */
export function openClickHouseClientExecutor(
  opts: ClickHouseServerOptions,
  extraSettings: Readonly<Record<string, string | number>> = {},
): ClickHouseExecutor {
  const client = createClient({
    url: opts.url,
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
    ...(opts.database ? { database: opts.database } : {}),
    clickhouse_settings: { ...CLICKHOUSE_SETTINGS, ...extraSettings } as Record<string, never>,
    // Failures come back as CostLensErrors with a hint; the client's own log would repeat them.
    log: { level: ClickHouseLogLevel.OFF },
  });
  return {
    location: `${opts.url}/${opts.database ?? 'default'}`,
    async query(sql, params) {
      const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
      return rs.json<Row>();
    },
    async command(sql, params) {
      await client.command({ query: sql, query_params: params });
    },
    async insertParquet(table, columns, path) {
      await client.insert({
        table,
        values: createReadStream(path),
        format: 'Parquet',
        ...(columns.length > 0 ? { columns: columns as [string, ...string[]] } : {}),
      });
    },
    close: () => client.close(),
  };
}
