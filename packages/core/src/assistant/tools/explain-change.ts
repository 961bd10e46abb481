/**
 * `explain_change`: why did cost move over a span of days — the anomaly module's driver analysis
 * (each dimension value's dollar contribution against a same-weekday or 28-day baseline). Dates are
 * ISO days, inclusive; filters use the monitor-scope dimensions. Read-only.
 */
import { z } from 'zod';
import { rankDrivers } from '../../anomaly/drivers.ts';
import { dataDayRange } from '../../anomaly/cost-series.ts';
import { CostLensError } from '../../errors.ts';
import type { AssistantTool } from '../types.ts';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO day, YYYY-MM-DD');

export const ExplainChangeArgs = z
  .object({
    metric: z
      .enum(['effective_cost', 'billed_cost', 'list_cost', 'contracted_cost'])
      .default('effective_cost'),
    start: IsoDay,
    end: IsoDay,
    filters: z
      .array(
        z
          .object({
            dimension: z.string().min(1),
            op: z.enum(['eq', 'neq', 'in', 'not_in']),
            value: z.union([z.string(), z.array(z.string())]),
          })
          .strict(),
      )
      .default([]),
    limit: z.number().int().min(1).max(50).default(5),
  })
  .strict();

export const explainChangeTool: AssistantTool<z.infer<typeof ExplainChangeArgs>> = {
  name: 'explain_change',
  description:
    'Explain a change in cost between start and end (ISO days, inclusive) against the weeks before: which values of which dimensions (service, provider, sub_account, region, sku, resource_id, team, tag:<key>) drove it, in dollars. Optional filters scope it (dimension, op eq|neq|in|not_in, value).',
  inputSchema: ExplainChangeArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    if (args.end < args.start) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `end (${args.end}) is before start (${args.start})`,
        issues: [{ column: 'end', message: 'must be on or after start' }],
      });
    }
    const span = await dataDayRange(ctx.wh);
    if (!span) {
      return { summary: 'No cost data is stored yet.', values: [], data: { drivers: [] } };
    }
    const analysis = await rankDrivers(ctx.wh, {
      metric: args.metric,
      filters: args.filters,
      start: args.start,
      end: args.end,
      firstDay: span.first,
      limit: args.limit,
    });
    const drivers = analysis.drivers.slice(0, args.limit);
    const values = [
      {
        label: `change in ${args.metric} ${args.start}..${args.end}`,
        value: analysis.totalDeltaUsd,
        unit: 'USD',
      },
      ...drivers.map((d) => ({
        label: `${d.dimension}=${d.value ?? '(none)'} change`,
        value: d.deltaUsd,
        unit: 'USD',
      })),
    ].map((v) => ({ ...v, source: { kind: 'analysis' as const, index: 0 } }));
    const top = drivers[0];
    return {
      summary: top
        ? `${args.metric} changed by ${analysis.totalDeltaUsd} USD from ${args.start} to ${args.end}; the top driver is ${top.dimension}=${top.value ?? '(none)'} (${top.deltaUsd} USD).`
        : `${args.metric} changed by ${analysis.totalDeltaUsd} USD from ${args.start} to ${args.end}; no single driver stands out.`,
      values,
      queries: analysis.evidence,
      data: { totalDeltaUsd: analysis.totalDeltaUsd, drivers, evidence: analysis.evidence },
    };
  },
};
