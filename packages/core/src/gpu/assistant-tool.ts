/**
 * `gpu_fleet`: the GPU fleet for the assistant, Slack and MCP — totals (cost, idle $, allocation
 * rate, effective utilization), the 2×2 quadrants with $ at stake, and the devices (worst first, or
 * one quadrant). Read-only; every number it states is in `values` and comes from the analysis.
 */
import { z } from 'zod';
import type { AssistantTool } from '../assistant/types.ts';
import { computeGpuFleet } from './gpu-fleet.ts';
import { matrixOf, QUADRANTS } from './gpu-matrix.ts';
import type { Quadrant } from './gpu-matrix.ts';

export const GpuFleetArgs = z
  .object({
    windowDays: z.number().int().min(1).max(90).default(7),
    quadrant: z
      .enum(['reallocate', 'rightsize_protect', 'spot_or_queue', 'optimize_commit'])
      .optional(),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const gpuFleetTool: AssistantTool<z.infer<typeof GpuFleetArgs>> = {
  name: 'gpu_fleet',
  description:
    'GPU fleet over a window (default 7 days): cost, idle $ (allocated-but-idle vs unallocated), allocation rate, effective utilization, and the utilization × criticality 2×2 (reallocate, right-size/protect, spot/queue, optimize/commit) with $ per month at stake and reasons per GPU.',
  inputSchema: GpuFleetArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const fleet = await computeGpuFleet(ctx.wh, { windowDays: args.windowDays });
    const matrix = matrixOf(fleet);
    const src = { kind: 'analysis' as const, index: 0 };
    const t = fleet.totals;
    const values = [
      { label: 'GPU devices', value: String(t.devices), unit: 'count' },
      { label: 'GPU cost in window', value: t.costUsd, unit: 'USD' },
      { label: 'idle GPU cost', value: t.idleUsd, unit: 'USD' },
      { label: 'allocated-but-idle GPU cost', value: t.allocatedIdleUsd, unit: 'USD' },
      { label: 'unallocated GPU cost', value: t.unallocatedUsd, unit: 'USD' },
      ...(t.effectiveUtilization === null
        ? []
        : [
            {
              label: 'effective utilization',
              value: (t.effectiveUtilization * 100).toFixed(1),
              unit: '%',
            },
          ]),
      ...(t.allocationRate === null
        ? []
        : [{ label: 'allocation rate', value: (t.allocationRate * 100).toFixed(1), unit: '%' }]),
      ...(Object.keys(QUADRANTS) as Quadrant[]).flatMap((q) => [
        { label: `${q} devices`, value: String(matrix.quadrants[q].devices), unit: 'count' },
        {
          label: `${q} $ per month at stake`,
          value: matrix.quadrants[q].opportunityMonthlyUsd,
          unit: 'USD',
        },
      ]),
    ];
    const placements = matrix.placements
      .filter((p) => !args.quadrant || p.quadrant === args.quadrant)
      .sort((a, b) => Number(b.opportunityMonthlyUsd ?? 0) - Number(a.opportunityMonthlyUsd ?? 0))
      .slice(0, args.limit);
    for (const p of placements) {
      if (p.opportunityMonthlyUsd !== null) {
        values.push({
          label: `${p.deviceId} ${p.quadrant} $ per month`,
          value: p.opportunityMonthlyUsd,
          unit: 'USD',
        });
      }
    }
    const eff = t.effectiveUtilization === null ? null : (t.effectiveUtilization * 100).toFixed(1);
    return {
      summary:
        t.devices === 0
          ? 'No GPU samples loaded.'
          : `${t.devices} GPU devices cost ${t.costUsd} USD in the window; ${t.idleUsd} USD of it was idle${eff === null ? '' : ` and effective utilization was ${eff} %`}.`,
      values: values.map((v) => ({ ...v, source: src })),
      data: {
        window: fleet.window,
        totals: t,
        quadrants: matrix.quadrants,
        thresholds: matrix.thresholds,
        placements,
        notes: fleet.notes,
      },
    };
  },
};
