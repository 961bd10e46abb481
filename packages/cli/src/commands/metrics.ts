/**
 * `costlens metrics …` — business metrics for unit economics: ingest a
 * `date,metric,value[,dimension…]` CSV, list what is stored, and define unit costs
 * (cost per 1k requests, per customer) that `costlens query` then answers like any metric.
 */
import {
  defineUnitMetric,
  ingestBusinessMetrics,
  listBusinessMetrics,
  listUnitMetrics,
  removeUnitMetric,
} from '@costlens/core';
import type { RegisterCommand } from './types.ts';

export const registerMetrics: RegisterCommand = (program, ctx) => {
  const metrics = program
    .command('metrics')
    .description('Business metrics (requests, customers, orders) and unit costs built on them.');

  metrics
    .command('ingest')
    .description(
      'Load a CSV with the header date,metric,value[,dimension…]; days already stored for a metric are replaced.',
    )
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const r = await ingestBusinessMetrics(wh, file);
      if (out.json) return out.data(r);
      out.line(
        `Ingested ${r.rowCount} row(s) from ${file}${r.replacedRows > 0 ? `, replacing ${r.replacedRows} stored row(s) of the same days` : ''}.${r.dimensions.length > 0 ? ` Dimensions: ${r.dimensions.join(', ')}.` : ''}`,
      );
      out.table(
        ['metric', 'rows', 'from', 'to', 'total'],
        r.metrics.map((m) => [m.metric, m.rows, m.from, m.to, m.total]),
      );
    });

  metrics
    .command('list')
    .description('The business metrics stored, with their date ranges and totals.')
    .action(async () => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const list = await listBusinessMetrics(wh);
      if (out.json) return out.data(list);
      if (list.length === 0)
        return out.line('No business metrics yet. Run `costlens metrics ingest <file.csv>`.');
      out.table(
        ['metric', 'rows', 'from', 'to', 'total'],
        list.map((m) => [m.metric, m.rows, m.from, m.to, m.total]),
      );
    });

  metrics
    .command('define')
    .description(
      'Define a unit cost, e.g. `costlens metrics define cost_per_1k_requests --of requests --per 1000`.',
    )
    .argument('<id>', 'the new metric id (lower_snake_case)')
    .requiredOption('--of <businessMetric>', 'the business metric to divide by')
    .option('--cost <metric>', 'the cost metric to divide', 'effective_cost')
    .option('--per <n>', 'cost per this many units', '1')
    .option('--label <text>', 'a display label')
    .action(async (id: string, opts: { of: string; cost: string; per: string; label?: string }) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const per = Number(opts.per);
      await defineUnitMetric(wh, {
        id,
        label:
          opts.label ??
          `${opts.cost.replaceAll('_', ' ')} per ${per === 1 ? '' : `${opts.per} `}${opts.of}`,
        costMetric: opts.cost,
        businessMetric: opts.of,
        per,
      });
      if (out.json) return out.data({ id, defined: true });
      out.line(
        `Defined ${id}. Ask for it like any metric: costlens query ${id} last 3 months monthly`,
      );
    });

  metrics
    .command('units')
    .description('The unit-cost metrics defined.')
    .action(async () => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const units = await listUnitMetrics(wh);
      if (out.json) return out.data(units);
      out.table(
        ['id', 'label', 'cost metric', 'business metric', 'per'],
        units.map((u) => [u.id, u.label, u.costMetric, u.businessMetric, u.per]),
      );
    });

  metrics
    .command('remove')
    .description('Remove a unit-cost metric.')
    .argument('<id>')
    .action(async (id: string) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      await removeUnitMetric(wh, id);
      if (out.json) return out.data({ id, removed: true });
      out.line(`Removed ${id}.`);
    });
};
