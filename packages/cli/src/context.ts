/**
 * What every command gets: config, output, and a way to open the store (closed on exit). When
 * `costlens serve` owns the database file, `openStore` returns a read-only store that talks to
 * that server (found through its advert file) instead of failing; writes are refused, naming it.
 * With `warehouse` set (clickhouse://… or chdb:), the store is ClickHouse instead.
 */
import { userInfo } from 'node:os';
import {
  ClickHouseWarehouse,
  DuckDbWarehouse,
  isCostLensError,
  readServerAdvert,
} from '@costlens/core';
import type { OpenDuckDbOptions, Warehouse } from '@costlens/core';
import type { CliConfig } from './config.ts';
import type { Output } from './output.ts';
import { remoteWarehouse } from './remote-warehouse.ts';
import { createServerClient } from './server-client.ts';
import type { ServerClient } from './server-client.ts';

export interface CommandContext {
  config: CliConfig;
  out: Output;
  openStore(opts?: Omit<OpenDuckDbOptions, 'path'>): Promise<Warehouse>;
  /** The server that owns the database right now, or null when none is running. */
  server(): ServerClient | null;
  /** Who is acting, for the audit log (`cli:<user>`). */
  actor: string;
}

export function createContext(
  config: CliConfig,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): CommandContext & { closeAll(): Promise<void> } {
  const open: Warehouse[] = [];
  const server = (): ServerClient | null => {
    const advert = readServerAdvert(config.dbPath);
    return advert ? createServerClient(advert, env['COSTLENS_TOKEN']) : null;
  };
  return {
    config,
    out,
    server,
    actor: `cli:${safeUser()}`,
    async openStore(opts = {}) {
      if (config.warehouse) {
        const wh = await ClickHouseWarehouse.open(
          config.warehouse,
          opts.readOnly ? { readOnly: true } : {},
        );
        open.push(wh);
        return wh;
      }
      try {
        const wh = await DuckDbWarehouse.open({ ...opts, path: config.dbPath });
        open.push(wh);
        return wh;
      } catch (e) {
        const client = isCostLensError(e) && e.code === 'DATABASE_BUSY' ? server() : null;
        if (!client) throw e;
        out.info(`(the CostLens server at ${client.url} holds the database; reading through it)`);
        return remoteWarehouse(client, config.dbPath);
      }
    },
    async closeAll() {
      for (const wh of open.splice(0)) await wh.close();
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
