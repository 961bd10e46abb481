/**
 * `forecast`: projected spend for a slice (a metric with compact filters such as `service=Amazon
 * EC2` or `tag:team=ml`) to the end of the month, quarter and year, with 80 % / 95 % bands, from
 * the forecast module. Read-only.
 */
import { z } from 'zod';
import { forecastQuery } from '../../forecast/forecast-query.ts';
import type { AssistantTool } from '../types.ts';

export const ForecastArgs = z
  .object({
    metric: z
      .enum(['effective_cost', 'billed_cost', 'list_cost', 'contracted_cost'])
      .default('effective_cost'),
    where: z.array(z.string().min(1)).max(10).default([]),
    horizonDays: z.number().int().min(1).max(400).default(90),
  })
  .strict();

export const forecastTool: AssistantTool<z.infer<typeof ForecastArgs>> = {
  name: 'forecast',
  description:
    'Forecast spend for a slice to the end of the current month, quarter and year (projected total, 80% and 95% bands). where: compact filters like "service=Amazon Elastic Compute Cloud", "provider=aws|gcp", "tag:team=ml".',
  inputSchema: ForecastArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const f = await forecastQuery(
      ctx.wh,
      { metric: args.metric, where: args.where },
      { horizonDays: args.horizonDays, ...(ctx.now ? { runOptions: { now: ctx.now } } : {}) },
    );
    const values = f.projections.flatMap((p) => [
      {
        label: `projected ${args.metric} for the ${p.period} ${p.start}..${p.end}`,
        value: p.projected,
        unit: 'USD',
      },
      { label: `${args.metric} to date for the ${p.period}`, value: p.actualToDate, unit: 'USD' },
      { label: `${p.period} 80% band low`, value: p.lo80, unit: 'USD' },
      { label: `${p.period} 80% band high`, value: p.hi80, unit: 'USD' },
    ]);
    const month = f.projections.find((p) => p.period === 'month');
    return {
      summary: month
        ? `Projected ${args.metric} for the month ${month.start}..${month.end}: ${month.projected} USD (80% band ${month.lo80} to ${month.hi80}), from actuals to ${f.asOf}.`
        : `No forecast: ${f.adjustments.join('; ') || 'no history'}.`,
      values: values.map((v) => ({ ...v, source: { kind: 'analysis' as const, index: 0 } })),
      sql: [f.sql],
      data: {
        metric: f.metric,
        filters: f.filters,
        asOf: f.asOf,
        model: f.model,
        adjustments: f.adjustments,
        projections: f.projections,
      },
    };
  },
};
