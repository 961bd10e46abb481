/**
 * Runs every rule and passes each result through the same guardrail drafted recommendations face
 * (`checkDraft`): refused ones are dropped and reported, never shown. The commitment rule runs last
 * so it leaves out instances the other rules stop or resize. Saving is the caller's choice.
 */
import type { Warehouse } from '../../store/warehouse.ts';
import { checkDraft } from '../check-draft.ts';
import { warehouseProbe } from '../data-probe.ts';
import type { Draft, Verdict } from '../draft.ts';
import { loadEc2Catalog } from '../instance-catalog.ts';
import type { InstanceType } from '../instance-catalog.ts';
import { loadOfferCatalog } from '../offer-catalog.ts';
import type { OfferCatalog } from '../offer-catalog.ts';
import { ruleTrackRecords } from '../outcome-ledger.ts';
import type { RecommendationDraftInput } from '../recommendation.ts';
import { commitmentPurchase } from './commitment-purchase.ts';
import { expiringCommitments } from './expiring-commitments.ts';
import { idleInstances } from './idle-instances.ts';
import { oldSnapshots } from './old-snapshots.ts';
import { previousGeneration } from './previous-generation.ts';
import { rightsizeInstances } from './rightsize-instances.ts';
import type { Rule, RuleContext } from './rule-context.ts';
import { storageTiering } from './storage-tiering.ts';
import { unattachedVolumes } from './unattached-volumes.ts';

export interface RunRulesOptions {
  catalog?: OfferCatalog;
  ec2?: Map<string, InstanceType>;
  /** Look-back window in days of data (default 30). */
  windowDays?: number;
}

export interface RunRulesResult {
  /** Recommendations that passed the guardrail, largest saving first. */
  recommendations: RecommendationDraftInput[];
  /** What the guardrail refused, with its verdict (a rule bug or stale catalog: worth a look). */
  refused: { recommendation: RecommendationDraftInput; verdict: Verdict }[];
  windowDays: number;
  dataEnd: string | null;
}

/** Every rule, in order; the commitment rule is added by `runRules` with the others' targets. */
export const RULES: readonly Rule[] = [
  idleInstances,
  rightsizeInstances,
  previousGeneration,
  unattachedVolumes,
  oldSnapshots,
  storageTiering,
  expiringCommitments,
];

/** The guardrail's view of a recommendation. */
export function toDraft(r: RecommendationDraftInput, id: string): Draft {
  const commitment = r.details?.['commitment'] as Draft['commitment'] | undefined;
  return {
    id,
    provider: r.provider,
    service: r.service,
    action: r.action,
    ...(r.action === 'purchase_commitment' ? {} : { resourceIds: r.targets }),
    ...(commitment ? { commitment } : {}),
    ...(r.fromType ? { fromType: r.fromType } : {}),
    ...(r.toType ? { toType: r.toType } : {}),
    estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd,
  };
}

/**
 * Generates recommendations from the billing and utilization data in `wh`.
 * @example const { recommendations } = await runRules(wh); await saveRecommendations(wh, recommendations);
 */
export async function runRules(wh: Warehouse, opts: RunRulesOptions = {}): Promise<RunRulesResult> {
  const windowDays = opts.windowDays ?? 30;
  const [end] = await wh.query<{ d: string | null }>(
    `SELECT max("ChargePeriodStart")::DATE::VARCHAR AS d FROM focus_cost`,
  );
  const columns = await wh.query<{ c: string }>(
    `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'focus_cost'`,
  );
  const ctx: RuleContext = {
    wh,
    ec2: opts.ec2 ?? loadEc2Catalog(),
    catalog: opts.catalog ?? loadOfferCatalog(),
    trackRecords: new Map((await ruleTrackRecords(wh)).map((t) => [t.kind, t])),
    windowDays,
    dataEnd: end?.d ?? null,
    columns: new Set(columns.map((c) => c.c)),
  };
  const found: RecommendationDraftInput[] = [];
  for (const rule of RULES) found.push(...(await rule(ctx)));
  const acted = new Set(
    found.filter((r) => r.action !== 'purchase_commitment').flatMap((r) => r.targets),
  );
  found.push(...(await commitmentPurchase(acted)(ctx)));

  const guard = { catalog: ctx.catalog, probe: warehouseProbe(wh), ec2: ctx.ec2 };
  const result: RunRulesResult = {
    recommendations: [],
    refused: [],
    windowDays,
    dataEnd: ctx.dataEnd,
  };
  for (const [i, r] of found.entries()) {
    const verdict = await checkDraft(toDraft(r, `${r.kind}#${i + 1}`), guard, i);
    if (verdict.verdict === 'pass') {
      result.recommendations.push(verdict.offerRef ? { ...r, offerRef: verdict.offerRef } : r);
    } else {
      result.refused.push({ recommendation: r, verdict });
    }
  }
  result.recommendations.sort(
    (a, b) => b.estimatedMonthlySavingsUsd - a.estimatedMonthlySavingsUsd,
  );
  return result;
}
