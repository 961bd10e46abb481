/**
 * `check_recommendation`: runs a drafted recommendation (from a person or a model) through the
 * same guardrail rule-made ones pass — the offer exists in the catalog, the resources exist in the
 * data, savings are bounded by the spend they come from. Read-only: it saves nothing.
 */
import { z } from 'zod';
import { checkDraft } from '../../recommend/check-draft.ts';
import { warehouseProbe } from '../../recommend/data-probe.ts';
import { loadOfferCatalog } from '../../recommend/offer-catalog.ts';
import type { AssistantTool } from '../types.ts';

export const CheckRecommendationArgs = z
  .object({
    /** The draft as JSON; its shape is checked by the guardrail, which reports every problem. */
    draft: z.record(z.string(), z.unknown()),
  })
  .strict();

export const checkRecommendationTool: AssistantTool<z.infer<typeof CheckRecommendationArgs>> = {
  name: 'check_recommendation',
  description:
    'Check a drafted recommendation against the guardrail. draft: {id, provider: aws|azure|gcp|oci, service, action: purchase_commitment|rightsize|terminate_idle|delete_storage|modify_storage_tier, commitment?: {type, plan?, termMonths, paymentOption}, resourceIds?, fromType?, toType?, estimatedMonthlySavingsUsd}. Returns pass or refuse with every reason.',
  inputSchema: CheckRecommendationArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const verdict = await checkDraft(args.draft, {
      catalog: loadOfferCatalog(),
      probe: warehouseProbe(ctx.wh),
    });
    return {
      summary:
        verdict.verdict === 'pass'
          ? `Draft ${verdict.id} passes the guardrail${verdict.offerRef ? ` (offer ${verdict.offerRef})` : ''}.`
          : `Draft ${verdict.id} is refused: ${verdict.reasons.join(' ')}`,
      values: [],
      data: verdict,
    };
  },
};
