/**
 * The shape of a drafted recommendation (from a rule, a person or a language model) as the
 * guardrail receives it. Validated with zod; shape errors become refusal reasons, not crashes.
 */
import { z } from 'zod';

export const DraftCommitment = z.object({
  type: z.enum(['reserved_instance', 'savings_plan', 'committed_use_discount', 'reservation']),
  plan: z.string().optional(),
  termMonths: z.number().int().positive(),
  paymentOption: z.enum(['no_upfront', 'partial_upfront', 'all_upfront']),
  hourlyCommitmentUsd: z.number().nonnegative().optional(),
});

export const Draft = z.object({
  id: z.string().min(1),
  provider: z.enum(['aws', 'azure', 'gcp', 'oci']),
  service: z.string().min(1),
  action: z.enum([
    'purchase_commitment',
    'rightsize',
    'terminate_idle',
    'delete_storage',
    'modify_storage_tier',
    'reallocate_gpu',
    'move_to_spot',
  ]),
  commitment: DraftCommitment.optional(),
  resourceIds: z.array(z.string().min(1)).optional(),
  fromType: z.string().optional(),
  toType: z.string().optional(),
  estimatedMonthlySavingsUsd: z.number().finite(),
});

export type Draft = z.infer<typeof Draft>;

export interface Alternative {
  offerId: string;
  offer: string;
  terms: readonly string[];
  paymentOptions: readonly string[];
}

export interface Verdict {
  id: string;
  verdict: 'pass' | 'refuse';
  reasons: string[];
  warnings?: string[];
  offerRef?: string;
  alternative?: Alternative;
}
