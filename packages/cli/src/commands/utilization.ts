/**
 * `costlens utilization ingest FILE.csv…` — loads instance utilization (p95 CPU/memory per day)
 * that the rightsizing and idle rules read. Thin: core validates and loads.
 */
import { resolve } from 'node:path';
import { ingestUtilization } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

export const registerUtilization: RegisterCommand = (program, ctx) => {
  const utilization = program
    .command('utilization')
    .description('Instance utilization (CloudWatch / Prometheus p95 exports) for rightsizing.');
  utilization
    .command('ingest')
    .description(
      'Load CSV files: resource_id,date,cpu_p95 (+ mem_p95, cpu_avg, instance_type, network_out_gb).',
    )
    .argument('<files...>', 'utilization CSV files')
    .action(async (files: string[]) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const results = [];
      for (const f of files) results.push(await ingestUtilization(wh, resolve(f)));
      if (out.json) {
        out.data(results);
        return;
      }
      for (const r of results) {
        out.line(
          `${r.file}: ${r.rowCount} rows, ${r.resources} resources, ${r.firstDay} … ${r.lastDay}`,
        );
      }
    });
};
