/**
 * `list_recommendations`: saved savings recommendations, largest estimated monthly savings first,
 * with why, risk, confidence and status. Read-only; approving is `approve_recommendation`.
 */
import { z } from 'zod';
import { listRecommendations } from '../../recommend/recommendation-store.ts';
import type { AssistantTool } from '../types.ts';

export const ListRecommendationsArgs = z
  .object({
    status: z
      .enum(['proposed', 'approved', 'rejected', 'applied', 'verified', 'regressed'])
      .optional(),
    kind: z.string().min(1).optional(),
    minSavingsUsd: z.number().min(0).optional(),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const listRecommendationsTool: AssistantTool<z.infer<typeof ListRecommendationsArgs>> = {
  name: 'list_recommendations',
  description:
    'List savings recommendations (optionally by status proposed|approved|rejected|applied|verified|regressed, rule kind, minimum savings), largest estimated monthly savings first.',
  inputSchema: ListRecommendationsArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const list = await listRecommendations(ctx.wh, {
      ...(args.status ? { status: args.status } : {}),
      ...(args.kind ? { kind: args.kind } : {}),
      ...(args.minSavingsUsd !== undefined ? { minSavingsUsd: args.minSavingsUsd } : {}),
      limit: args.limit,
    });
    const rows = list.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      status: r.status,
      provider: r.provider,
      service: r.service,
      action: r.action,
      estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd.toFixed(2),
      confidence: r.confidence,
      risk: r.risk,
      why: r.why,
    }));
    return {
      summary:
        rows.length === 0
          ? 'No recommendations match.'
          : `${rows.length} recommendation(s); the largest is "${rows[0]!.title}" at ${rows[0]!.estimatedMonthlySavingsUsd} USD a month.`,
      values: [
        ...rows.map((r) => ({
          label: `${r.title} estimated monthly savings`,
          value: r.estimatedMonthlySavingsUsd,
          unit: 'USD',
        })),
        { label: 'recommendations listed', value: String(rows.length), unit: 'count' },
      ].map((v) => ({ ...v, source: { kind: 'analysis' as const, index: 0 } })),
      data: { recommendations: rows },
    };
  },
};
