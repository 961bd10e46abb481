/**
 * `approve_recommendation`: the one mutating tool. Moves a proposed recommendation to approved
 * through the workflow, which re-checks the role, requires a reason and writes the audit log in
 * the same transaction. Needs the approver role; never offered to a viewer.
 */
import { z } from 'zod';
import { transition } from '../../recommend/workflow.ts';
import type { AssistantTool } from '../types.ts';

export const ApproveRecommendationArgs = z
  .object({ id: z.string().min(1), reason: z.string().min(3).max(500) })
  .strict();

export const approveRecommendationTool: AssistantTool<z.infer<typeof ApproveRecommendationArgs>> = {
  name: 'approve_recommendation',
  description:
    'Approve a proposed recommendation by id, with a reason (recorded in the audit log). Needs the approver role.',
  inputSchema: ApproveRecommendationArgs,
  minRole: 'approver',
  mutates: true,
  async run(ctx, args) {
    await transition(ctx.wh, args.id, 'approved', {
      actor: { id: ctx.actor, role: ctx.role },
      reason: args.reason,
      ...(ctx.now ? { now: ctx.now } : {}),
    });
    return {
      summary: `Recommendation ${args.id} approved by ${ctx.actor}.`,
      values: [],
      data: { id: args.id, status: 'approved' },
    };
  },
};
