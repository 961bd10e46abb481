/**
 * A recommendation as people review it (contract 4 of the architecture): why, what it is worth,
 * the risk, how confident we are, the evidence as semantic queries, and a plan for the user's own
 * tools. CostLens never executes a plan itself.
 */
import type { SemanticQuery } from '../semantic/types.ts';

export type RecommendationStatus =
  'proposed' | 'approved' | 'rejected' | 'applied' | 'verified' | 'regressed';

export interface RecommendationPlan {
  /** Shell commands for the provider's CLI (aws / az / gcloud), never run by CostLens. */
  commands: string[];
  /** An optional Terraform snippet. */
  terraform?: string;
  /** Steps a person follows, in order. */
  steps: string[];
}

export interface RecommendationDraftInput {
  /** The rule (or `draft:<source>`) that produced it, e.g. `idle_resource`. */
  kind: string;
  title: string;
  provider: 'aws' | 'azure' | 'gcp' | 'oci';
  service: string;
  action:
    | 'purchase_commitment'
    | 'rightsize'
    | 'terminate_idle'
    | 'delete_storage'
    | 'modify_storage_tier'
    /** Reclaim, pool, time-slice or MIG-partition under-used GPUs (the GPU matrix). */
    | 'reallocate_gpu'
    /** Run interruptible GPU work on spot / preemptible capacity or a queue (the GPU matrix). */
    | 'move_to_spot';
  targets: string[];
  offerRef?: string;
  fromType?: string;
  toType?: string;
  estimatedMonthlySavingsUsd: number;
  /** How the estimate was computed, in words with the numbers. */
  calculation: string;
  why: string[];
  evidence: SemanticQuery[];
  risk: string;
  /** 0..1, from data coverage and the rule's track record. */
  confidence: number;
  plan: RecommendationPlan;
  /** Rule-specific details (e.g. commitment term and payment option). */
  details?: Record<string, unknown>;
}

export interface Recommendation extends RecommendationDraftInput {
  id: string;
  status: RecommendationStatus;
  createdAt: string;
  updatedAt: string;
  history: { at: string; actor: string; action: string; reason: string | null }[];
  outcome?: RecommendationOutcome;
}

export interface RecommendationOutcome {
  measuredAt: string;
  baselineDailyUsd: number;
  normalizationFactor: number;
  afterDailyUsd: number;
  realizedMonthlySavingsUsd: number;
  realizedToEstimated: number;
  verdict: 'verified' | 'regressed' | 'pending';
}

/** A stable identity across runs: the same rule on the same targets is the same recommendation. */
export function fingerprintOf(
  r: Pick<RecommendationDraftInput, 'kind' | 'action' | 'targets' | 'toType' | 'offerRef'>,
): string {
  return [r.kind, r.action, [...r.targets].sort().join('|'), r.toType ?? '', r.offerRef ?? ''].join(
    '::',
  );
}
