/**
 * `list_anomalies`: detected cost anomalies, most severe first, with their impact, drivers and
 * explanation as stored by the detector. Read-only: acknowledging or resolving is not a tool.
 */
import { z } from 'zod';
import { listAnomalies } from '../../anomaly/anomaly-store.ts';
import type { AssistantTool } from '../types.ts';

export const ListAnomaliesArgs = z
  .object({
    status: z.enum(['open', 'acknowledged', 'resolved', 'active']).default('active'),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const listAnomaliesTool: AssistantTool<z.infer<typeof ListAnomaliesArgs>> = {
  name: 'list_anomalies',
  description:
    'List detected cost anomalies (status active = open or acknowledged, or open|acknowledged|resolved), most severe first: title, days, impact in USD, top drivers and explanation.',
  inputSchema: ListAnomaliesArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const list = await listAnomalies(ctx.wh, { status: args.status, limit: args.limit });
    const rows = list.map((a) => ({
      id: a.id,
      title: a.title,
      startDay: a.startDay,
      endDay: a.endDay,
      ...(a.startAt && a.endAt ? { startAt: a.startAt, endAt: a.endAt } : {}),
      direction: a.direction,
      severity: a.severity,
      status: a.status,
      impactUsd: a.impactUsd,
      actual: a.actual,
      expected: a.expected,
      monitor: a.monitorName,
      drivers: a.drivers.slice(0, 3),
      explanation: a.explanation,
    }));
    const values = list.flatMap((a) => [
      { label: `${a.title} impact`, value: a.impactUsd, unit: 'USD' },
      { label: `${a.title} actual`, value: a.actual, unit: 'USD' },
      { label: `${a.title} expected`, value: a.expected, unit: 'USD' },
      ...a.drivers.slice(0, 3).map((d) => ({
        label: `${a.title} driver ${d.dimension}=${d.value ?? '(none)'}`,
        value: d.deltaUsd,
        unit: 'USD',
      })),
    ]);
    values.push({ label: `${args.status} anomalies`, value: String(list.length), unit: 'count' });
    return {
      summary:
        list.length === 0
          ? `No ${args.status} anomalies.`
          : `${list.length} ${args.status} anomal${list.length === 1 ? 'y' : 'ies'}; the most severe is "${list[0]!.title}" with an impact of ${list[0]!.impactUsd} USD.`,
      values: values.map((v) => ({ ...v, source: { kind: 'analysis' as const, index: 0 } })),
      data: { anomalies: rows },
    };
  },
};
