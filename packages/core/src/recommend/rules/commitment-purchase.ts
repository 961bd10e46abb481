/**
 * Commitment purchases sized from steady on-demand EC2 usage: instances billed on demand for the
 * full window at a near-constant daily cost (always on), less anything another recommendation will
 * remove or resize. Priced at the effective rate of the payer's own Compute Savings Plan when the
 * data has one, else a typical published rate. Offered as one 1-year No Upfront purchase and as a
 * quarterly ladder of smaller ones. Also reports coverage of existing commitments.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import type { Rule, RuleContext } from './rule-context.ts';
import {
  confidenceFor,
  instanceTypeSql,
  round2,
  usd,
  windowRange,
  windowSql,
} from './rule-context.ts';

/** Typical 1-year No Upfront Compute Savings Plan rate as a share of on-demand (AWS pricing pages). */
const DEFAULT_COMPUTE_SP_RATE = 0.72;
const LADDER_TRANCHES = 4;

/** Commitment purchase for `ctx`, leaving out `exclude` (resources other rules act on). */
export function commitmentPurchase(exclude: ReadonlySet<string>): Rule {
  return async (ctx) => {
    if (!ctx.dataEnd || !ctx.columns.has('x_UsageType')) return [];
    const steady = await ctx.wh.query<{
      id: string;
      billing: string;
      service: string;
      daily: string;
      days: number;
      mn: string;
      mx: string;
    }>(
      `WITH d AS (
         SELECT "ResourceId" AS id, any_value("BillingAccountId") AS billing, any_value("ServiceName") AS service,
           "ChargePeriodStart"::DATE AS day, sum("EffectiveCost") AS cost
         FROM focus_cost
         WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage' AND "ResourceId" IS NOT NULL
           AND coalesce("PricingCategory", 'Standard') = 'Standard' AND ${instanceTypeSql()} IS NOT NULL
         GROUP BY "ResourceId", "ChargePeriodStart"::DATE)
       SELECT id, any_value(billing) AS billing, any_value(service) AS service, avg(cost)::VARCHAR AS daily,
         count(*)::INTEGER AS days, min(cost)::VARCHAR AS mn, max(cost)::VARCHAR AS mx
       FROM d GROUP BY id HAVING count(*) >= $2 AND min(cost) >= 0.9 * max(cost) ORDER BY id`,
      [ctx.dataEnd, ctx.windowDays],
    );
    const picked = steady.filter((s) => !exclude.has(s.id));
    if (picked.length === 0) return [];
    const onDemandHourly = picked.reduce((sum, s) => sum + Number(s.daily), 0) / 24;
    const observed = await observedRate(ctx);
    const rate = observed ?? DEFAULT_COMPUTE_SP_RATE;
    const commitHourly = Math.floor(onDemandHourly * rate * 1000) / 1000;
    const saving = round2((onDemandHourly - commitHourly) * 730);
    const coverage = await coverageShare(ctx);
    const billing = picked[0]!.billing;
    const tranche = Math.floor((commitHourly / LADDER_TRANCHES) * 1000) / 1000;
    const rec: RecommendationDraftInput = {
      kind: 'commitment_purchase',
      title: `Buy a Compute Savings Plan of ${usd(commitHourly)}/hour (1 year, No Upfront)`,
      provider: 'aws',
      service: picked[0]!.service,
      action: 'purchase_commitment',
      targets: [billing],
      offerRef: 'aws.sp.compute',
      estimatedMonthlySavingsUsd: saving,
      calculation: `Steady on-demand ${usd(onDemandHourly)}/hour × (1 − ${rate.toFixed(3)} plan rate) × 730 hours = ${usd(saving)} per month; the commitment is ${usd(onDemandHourly)} × ${rate.toFixed(3)} = ${usd(commitHourly)}/hour.`,
      why: [
        `${picked.length} instances ran on demand every day of the last ${ctx.windowDays} days at a near-constant cost (${usd(onDemandHourly)}/hour together).`,
        ...(exclude.size
          ? ['Instances that other recommendations stop or resize are left out.']
          : []),
        observed === null
          ? `Rate ${rate} is the typical published 1-year No Upfront Compute Savings Plan rate.`
          : `Rate ${rate.toFixed(3)} is what your existing Compute Savings Plan paid per on-demand dollar.`,
        ...(coverage === null
          ? []
          : [
              `Existing commitments cover ${(coverage * 100).toFixed(1)} % of EC2 instance usage today.`,
            ]),
      ],
      evidence: [
        {
          metric: 'effective_cost',
          groupBy: ['pricing_category'],
          filters: [{ dimension: 'resource_id', op: 'in', value: picked.map((p) => p.id) }],
          timeRange: windowRange(ctx),
          grain: 'day',
        },
      ],
      risk: 'A commitment is paid whether used or not: if these instances are retired within the year the plan goes unused. The ladder option limits that risk.',
      confidence: confidenceFor(ctx, 'commitment_purchase', 0.75, 1),
      plan: {
        commands: [
          `aws savingsplans describe-savings-plans-offerings --plan-types Compute --durations 31536000 --payment-options "No Upfront"`,
          `aws savingsplans create-savings-plan --savings-plan-offering-id <offering-id> --commitment ${commitHourly.toFixed(3)}`,
        ],
        steps: [
          `All at once: one ${usd(commitHourly)}/hour plan.`,
          `Laddered: ${LADDER_TRANCHES} quarterly purchases of ${usd(tranche)}/hour each, re-sized from fresh data before each one, so the commitments expire in steps.`,
        ],
      },
      details: {
        commitment: {
          type: 'savings_plan',
          plan: 'compute',
          termMonths: 12,
          paymentOption: 'no_upfront',
          hourlyCommitmentUsd: commitHourly,
        },
        steadyOnDemandUsdPerHour: round2(onDemandHourly * 1000) / 1000,
        instances: picked.length,
        ladder: Array.from({ length: LADDER_TRANCHES }, (_, i) => ({
          monthOffset: i * 3,
          hourlyCommitmentUsd: tranche,
        })),
        coverageShare: coverage,
      },
    };
    return [rec];
  };
}

async function observedRate(ctx: RuleContext): Promise<number | null> {
  const [r] = await ctx.wh.query<{ eff: string | null; list: string | null }>(
    `SELECT sum("EffectiveCost")::VARCHAR AS eff, sum("ListCost")::VARCHAR AS list FROM focus_cost
     WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage'
       AND "CommitmentDiscountType" ILIKE '%savings plan%' AND "CommitmentDiscountName" ILIKE '%compute%'
       AND "CommitmentDiscountStatus" = 'Used'`,
    [ctx.dataEnd],
  );
  const eff = Number(r?.eff ?? 0);
  const list = Number(r?.list ?? 0);
  return list > 0 && eff > 0 && eff < list ? eff / list : null;
}

async function coverageShare(ctx: RuleContext): Promise<number | null> {
  const [r] = await ctx.wh.query<{ covered: string | null; total: string | null }>(
    `SELECT (sum("ListCost") FILTER (WHERE "PricingCategory" = 'Committed'))::VARCHAR AS covered,
       sum("ListCost")::VARCHAR AS total FROM focus_cost
     WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage' AND ${instanceTypeSql()} IS NOT NULL`,
    [ctx.dataEnd],
  );
  const total = Number(r?.total ?? 0);
  return total > 0 ? Math.round((Number(r?.covered ?? 0) / total) * 1000) / 1000 : null;
}
