/**
 * What every command gets: config, output, and a way to open the store (closed on exit). When
 * `costlens serve` owns the database file, `openStore` returns a read-only store that talks to
 * that server (found through its advert file) instead of failing; writes are refused, naming it.
 * With `warehouse` set (clickhouse://… or chdb:), the store is ClickHouse instead.
 * When another process (not a server) holds the file, opening fails at once with DATABASE_BUSY
 * naming its PID, unless the command asks to wait (`waitMs`, e.g. `ingest --wait`): then it
 * retries with backoff until the holder lets go — two ingests queue one after the other, as
 * DuckDB allows one process per file; a server never lets go, so it is never waited for.
 */
import { userInfo } from 'node:os';
import {
  ClickHouseWarehouse,
  CostLensError,
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
  openStore(opts?: OpenStoreOptions): Promise<Warehouse>;
  /** The server that owns the database right now, or null when none is running. */
  server(): ServerClient | null;
  /** Who is acting, for the audit log (`cli:<user>`). */
  actor: string;
}

export interface OpenStoreOptions extends Omit<OpenDuckDbOptions, 'path'> {
  /** How long to keep retrying while another (non-server) process holds the file; default 0. */
  waitMs?: number;
  /** The command writes: when a server owns the file, refuse at once naming it (no read-through). */
  forWrite?: boolean;
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
      const { waitMs = 0, forWrite = false, ...openOpts } = opts;
      const deadline = Date.now() + waitMs;
      for (let delayMs = 50, told = false; ; delayMs = Math.min(delayMs * 2, 1000)) {
        try {
          const wh = await DuckDbWarehouse.open({ ...openOpts, path: config.dbPath });
          open.push(wh);
          return wh;
        } catch (e) {
          const busy = isCostLensError(e) && e.code === 'DATABASE_BUSY';
          const client = busy ? server() : null;
          if (client && forWrite) {
            throw new CostLensError({
              code: 'DATABASE_BUSY',
              message: `${config.dbPath} is owned by the CostLens server at ${client.url} (PID ${client.pid}); this command writes, which only that process may do.`,
              hint: 'Stop the server (Ctrl-C in its terminal), run the command, then start it again.',
              cause: e,
            });
          }
          if (client) {
            out.info(
              `(the CostLens server at ${client.url} holds the database; reading through it)`,
            );
            return remoteWarehouse(client, config.dbPath);
          }
          if (!busy || Date.now() + delayMs > deadline) throw e;
          if (!told) out.info(`(${e.message} Waiting up to ${Math.round(waitMs / 1000)} s.)`);
          told = true;
          await new Promise((ok) => setTimeout(ok, delayMs));
        }
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
