/**
 * Starts the server as the one process that owns a DuckDB file: opens the store, refuses to bind
 * beyond loopback without tokens, listens, writes the advert beside the database, and on close
 * (or SIGINT/SIGTERM) stops accepting, finishes in-flight requests, closes the store, removes
 * the advert. A database held by another process fails with a message naming it.
 */
import type { Warehouse } from '@costlens/core';
import {
  CostLensError,
  countActiveApiTokens,
  DuckDbWarehouse,
  readServerAdvert,
  removeServerAdvert,
  writeServerAdvert,
} from '@costlens/core';
import type { App } from './app-types.ts';
import { coreServices } from './core-services.ts';
import { createServer } from './create-server.ts';
import type { CreateServerOptions } from './create-server.ts';
import { normalizeServerConfig } from './server-config.ts';
import type { ServerConfigSpec } from './server-config.ts';
import type { ServerServices } from './services.ts';

export interface StartServerOptions extends ServerConfigSpec {
  /** The DuckDB file to own. */
  dbPath: string;
  /** Core capabilities the routes adapt (default: `coreServices()`). */
  services?: ServerServices;
  logger?: CreateServerOptions['logger'];
  /** Close on SIGINT/SIGTERM (default false; the CLI turns it on). */
  handleSignals?: boolean;
  /** An already-open store for `dbPath` (e.g. just created by an ingest); else it is opened here. */
  warehouse?: Warehouse;
  /** The Slack app, when configured. */
  slack?: CreateServerOptions['slack'];
  /** The alerting schedule, when configured. */
  alerting?: CreateServerOptions['alerting'];
}

export interface RunningServer {
  app: App;
  url: string;
  warehouse: Warehouse;
  close(): Promise<void>;
}

/**
 * Opens `dbPath`, listens, advertises. Throws DATABASE_BUSY naming the holder if it is taken.
 * @example const s = await startServer({ dbPath: 'costlens.duckdb', port: 0 }); await s.close();
 */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const config = normalizeServerConfig(opts);
  const warehouse = opts.warehouse ?? (await openOwned(opts.dbPath));
  let app: App | undefined;
  try {
    if (!config.loopback && (await countActiveApiTokens(warehouse)) === 0) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `refusing to listen on ${config.host} without API tokens: anyone on the network could read your costs`,
        hint: 'Create one first with `costlens token create --role admin`, or listen on 127.0.0.1 (local demo mode).',
      });
    }
    app = await createServer({
      warehouse,
      config,
      services: opts.services ?? coreServices(),
      ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
      ...(opts.slack ? { slack: opts.slack } : {}),
      ...(opts.alerting ? { alerting: opts.alerting } : {}),
    });
    await app.listen({ host: config.host, port: config.port }).catch((e: unknown) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw e;
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `cannot listen on ${config.host}:${config.port} (${code === 'EADDRINUSE' ? 'the port is in use' : code})`,
        hint: 'Pick another --port (0 picks a free one), or stop what holds this one.',
        cause: e,
      });
    });
  } catch (e) {
    await app?.close().catch(() => undefined);
    if (!opts.warehouse) await warehouse.close().catch(() => undefined);
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.loopback || config.host === 'localhost' ? config.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  writeServerAdvert(opts.dbPath, {
    url,
    pid: process.pid,
    db: opts.dbPath,
    startedAt: new Date().toISOString(),
    version: config.version,
  });

  let closing: Promise<void> | undefined;
  // A repeated signal while closing joins the close in progress: Ctrl-C under `npm start`
  // reaches this process twice (from the terminal's process group and forwarded by the
  // launcher), and with a one-shot handler the second one killed it mid-close, leaving the
  // server advert behind and the store unclosed.
  const onSignal = () => void close();
  const close = () =>
    (closing ??= (async () => {
      try {
        await app.close();
      } finally {
        await warehouse.close();
        removeServerAdvert(opts.dbPath, process.pid);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    })());
  if (opts.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { app, url, warehouse, close };
}

async function openOwned(dbPath: string): Promise<Warehouse> {
  try {
    return await DuckDbWarehouse.open({ path: dbPath });
  } catch (e) {
    if (e instanceof CostLensError && e.code === 'DATABASE_BUSY') {
      const advert = readServerAdvert(dbPath);
      if (advert) {
        throw new CostLensError({
          code: 'DATABASE_BUSY',
          message: `${dbPath} is already served by CostLens at ${advert.url} (PID ${advert.pid}).`,
          hint: 'Open that URL, or stop that server first (Ctrl-C in its terminal, or kill its PID).',
          cause: e,
        });
      }
    }
    throw e;
  }
}
