/** What every command gets: config, output, and a way to open the store (closed on exit). */
import { DuckDbWarehouse } from '@costlens/core';
import type { OpenDuckDbOptions, Warehouse } from '@costlens/core';
import type { CliConfig } from './config.ts';
import type { Output } from './output.ts';

export interface CommandContext {
  config: CliConfig;
  out: Output;
  openStore(opts?: Omit<OpenDuckDbOptions, 'path'>): Promise<Warehouse>;
}

export function createContext(
  config: CliConfig,
  out: Output,
): CommandContext & { closeAll(): Promise<void> } {
  const open: Warehouse[] = [];
  return {
    config,
    out,
    async openStore(opts = {}) {
      const wh = await DuckDbWarehouse.open({ ...opts, path: config.dbPath });
      open.push(wh);
      return wh;
    },
    async closeAll() {
      for (const wh of open.splice(0)) await wh.close();
    },
  };
}
