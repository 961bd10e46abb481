/**
 * Expiring commitments: reservations and savings plans still active at the end of the data whose
 * term (read from the name, e.g. "1yr") ends within `horizonDays`, counted from the first day the
 * commitment appears. The data may start after the purchase, so the end date is an upper bound and
 * the plan says to confirm it. The saving at stake is the covered usage's list minus effective cost;
 * the commitment's utilization (used / (used + unused) effective cost) is reported beside it.
 */
import type { RecommendationDraftInput } from '../recommendation.ts';
import { providerOf } from './instance-usage.ts';
import type { Rule } from './rule-context.ts';
import {
  DAYS_PER_MONTH,
  confidenceFor,
  round2,
  usd,
  windowRange,
  windowSql,
} from './rule-context.ts';

const HORIZON_DAYS = 30;

function termMonthsOf(name: string): number | null {
  const m = /(\d+)\s*-?\s*(yr|year|y)\b/i.exec(name);
  return m ? Number(m[1]) * 12 : null;
}

function paymentOf(name: string): 'no_upfront' | 'partial_upfront' | 'all_upfront' {
  const n = name.toLowerCase();
  if (n.includes('all upfront')) return 'all_upfront';
  if (n.includes('partial upfront')) return 'partial_upfront';
  return 'no_upfront';
}

export const expiringCommitments: Rule = async (ctx) => {
  if (!ctx.dataEnd) return [];
  const rows = await ctx.wh.query<Record<string, string | number | null>>(
    `SELECT "CommitmentDiscountId" AS id, any_value("CommitmentDiscountName") AS name,
       any_value("CommitmentDiscountType") AS ctype, any_value("ProviderName") AS provider,
       any_value("ServiceName") FILTER (WHERE "CommitmentDiscountStatus" = 'Used') AS service,
       min("ChargePeriodStart")::DATE::VARCHAR AS first_day, max("ChargePeriodStart")::DATE::VARCHAR AS last_day,
       (sum("ListCost" - "EffectiveCost") FILTER (WHERE "CommitmentDiscountStatus" = 'Used' AND ${windowSql(ctx.windowDays)}))::VARCHAR AS saved,
       (sum("EffectiveCost") FILTER (WHERE "CommitmentDiscountStatus" = 'Used' AND ${windowSql(ctx.windowDays)}))::VARCHAR AS used,
       (sum("EffectiveCost") FILTER (WHERE "CommitmentDiscountStatus" = 'Unused' AND ${windowSql(ctx.windowDays)}))::VARCHAR AS unused,
       count(DISTINCT "ChargePeriodStart"::DATE) FILTER (WHERE ${windowSql(ctx.windowDays)})::INTEGER AS days
     FROM focus_cost WHERE "CommitmentDiscountId" IS NOT NULL
     GROUP BY 1 HAVING max("ChargePeriodStart")::DATE >= $1::DATE - INTERVAL 2 DAY ORDER BY 1`,
    [ctx.dataEnd],
  );
  const out: RecommendationDraftInput[] = [];
  for (const r of rows) {
    const name = String(r['name'] ?? '');
    const months = termMonthsOf(name);
    const provider = providerOf(String(r['provider'] ?? ''));
    const days = Number(r['days'] ?? 0);
    if (!months || !provider || days === 0 || !r['service']) continue;
    const end = new Date(`${r['first_day']}T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() + months);
    const endDay = end.toISOString().slice(0, 10);
    const daysLeft = Math.round(
      (end.getTime() - Date.parse(`${ctx.dataEnd}T00:00:00Z`)) / 86_400_000,
    );
    if (daysLeft > HORIZON_DAYS) continue;
    const saving = round2((Number(r['saved'] ?? 0) / days) * DAYS_PER_MONTH);
    const used = Number(r['used'] ?? 0);
    const utilization = used > 0 ? used / (used + Number(r['unused'] ?? 0)) : null;
    if (saving <= 0) continue;
    const ctype = String(r['ctype'] ?? '').toLowerCase();
    const type = ctype.includes('savings')
      ? 'savings_plan'
      : ctype.includes('reserv')
        ? 'reserved_instance'
        : null;
    if (!type) continue;
    const id = String(r['id']);
    out.push({
      kind: 'expiring_commitment',
      title: `Renew ${name} before it expires`,
      provider,
      service: String(r['service']),
      action: 'purchase_commitment',
      targets: [id],
      estimatedMonthlySavingsUsd: saving,
      calculation: `Covered usage's list cost minus its effective cost over the last ${days} days, ÷ ${days} × ${DAYS_PER_MONTH.toFixed(2)} = ${usd(saving)} per month lost if it lapses.`,
      why: [
        daysLeft < 0
          ? `${name} appears from ${r['first_day']} and is still active, so it was bought before the data shows it; a ${months}-month term counted from there would already have ended (${endDay}): its end is near, confirm the date.`
          : `${name} appears from ${r['first_day']}; a ${months}-month term ends by ${endDay} at the latest, ${daysLeft} days after the data ends.`,
        `It saved ${usd(saving)} per month at the current usage.`,
        ...(utilization === null
          ? []
          : [
              `Utilization ${(utilization * 100).toFixed(1)} % over the window${utilization < 0.9 ? ': renew a smaller amount' : ''}.`,
            ]),
      ],
      evidence: [
        {
          metric: 'effective_cost',
          metrics: ['list_cost'],
          groupBy: ['commitment_discount_status'],
          filters: [{ dimension: 'commitment_discount', op: 'eq', value: id }],
          timeRange: windowRange(ctx),
        },
      ],
      risk: 'Renewing re-commits for a full term: check the covered instances are still needed, or renew as a Savings Plan for flexibility.',
      confidence: confidenceFor(ctx, 'expiring_commitment', 0.7, days / ctx.windowDays),
      plan: {
        commands:
          type === 'reserved_instance'
            ? [
                `aws ec2 describe-reserved-instances --reserved-instances-ids ${id.slice(id.lastIndexOf('/') + 1)} --query 'ReservedInstances[].End'`,
              ]
            : [
                `aws savingsplans describe-savings-plans --savings-plan-ids ${id.slice(id.lastIndexOf('/') + 1)}`,
              ],
        steps: [
          'Confirm the end date.',
          'Queue the renewal (or an equivalent Savings Plan) to start on it.',
        ],
      },
      details: {
        commitment: { type, termMonths: months, paymentOption: paymentOf(name) },
        latestTermEnd: endDay,
        firstSeen: r['first_day'],
        utilization: utilization === null ? null : round2(utilization),
      },
    });
  }
  return out;
};
