/**
 * The guardrail every recommendation passes before a person sees it — rule-made or drafted by a
 * model alike: the shape is valid, the offering exists (catalog), the resources exist in the data,
 * savings are bounded by the spend they come from, and rightsizing goes to a real, smaller type.
 * Returns one verdict per draft with every reason; it never throws on bad drafts.
 */
import { Draft } from './draft.ts';
import type { Verdict } from './draft.ts';
import type { DataProbe } from './data-probe.ts';
import { checkCommitment } from './check-commitment.ts';
import { loadEc2Catalog } from './instance-catalog.ts';
import type { InstanceType } from './instance-catalog.ts';
import type { OfferCatalog } from './offer-catalog.ts';

const HOURS_PER_MONTH = 730;
/** Rounding slack when comparing a claimed saving with the spend it comes from. */
const TOLERANCE = 1.01;

export interface GuardrailContext {
  catalog: OfferCatalog;
  probe: DataProbe;
  ec2?: Map<string, InstanceType>;
}

/** Checks an array of drafts (any JSON); one verdict each, in order. */
export async function checkDrafts(input: unknown, ctx: GuardrailContext): Promise<Verdict[]> {
  if (!Array.isArray(input)) {
    return [{ id: '(input)', verdict: 'refuse', reasons: ['expected a JSON array of drafts'] }];
  }
  const out: Verdict[] = [];
  for (const [i, raw] of input.entries()) out.push(await checkDraft(raw, ctx, i));
  return out;
}

export async function checkDraft(raw: unknown, ctx: GuardrailContext, index = 0): Promise<Verdict> {
  const parsed = Draft.safeParse(raw);
  const rawId =
    typeof raw === 'object' && raw !== null && 'id' in raw
      ? String((raw as { id: unknown }).id)
      : `#${index + 1}`;
  if (!parsed.success) {
    return {
      id: rawId,
      verdict: 'refuse',
      reasons: parsed.error.issues.map((i) => `${i.path.join('.') || '(draft)'}: ${i.message}`),
    };
  }
  const d = parsed.data;
  const reasons: string[] = [];
  const warnings: string[] = [];
  let offerRef: string | undefined;
  let alternative: Verdict['alternative'];

  if (d.estimatedMonthlySavingsUsd < 0) reasons.push('estimated savings cannot be negative.');

  const ids = d.resourceIds ?? [];
  if (d.action !== 'purchase_commitment' && ids.length === 0) {
    reasons.push(`${d.action} must name the resources it acts on (resourceIds).`);
  }
  const missing = await ctx.probe.missingResources(ids);
  if (missing.length > 0) {
    reasons.push(
      `resources not found in the billing data: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}.`,
    );
  }

  switch (d.action) {
    case 'purchase_commitment': {
      const c = checkCommitment(d, ctx.catalog);
      reasons.push(...c.reasons);
      warnings.push(...c.warnings);
      if (c.offer) offerRef = c.offer.id;
      alternative = c.alternative;
      if (c.reasons.length === 0) {
        const spend = await ctx.probe.monthlyOnDemandServiceSpendUsd(d.provider, d.service);
        if (d.estimatedMonthlySavingsUsd > spend * TOLERANCE) {
          reasons.push(
            `estimated savings $${d.estimatedMonthlySavingsUsd.toFixed(2)}/month exceed the on-demand spend they come from ($${spend.toFixed(2)} over the last 30 days of data).`,
          );
        }
        const hourly = d.commitment?.hourlyCommitmentUsd;
        if (hourly !== undefined && hourly * HOURS_PER_MONTH > spend * TOLERANCE) {
          reasons.push(
            `a commitment of $${hourly}/hour ($${(hourly * HOURS_PER_MONTH).toFixed(2)}/month) exceeds the on-demand spend it would cover ($${spend.toFixed(2)}/month): it would go unused.`,
          );
        }
      }
      break;
    }
    case 'rightsize': {
      reasons.push(...checkRightsize(d, ctx.ec2 ?? loadEc2Catalog(), ids.length || 1));
      if (missing.length === 0) await boundBySpend(d, ctx, ids, reasons);
      break;
    }
    default:
      if (missing.length === 0) await boundBySpend(d, ctx, ids, reasons);
  }

  return {
    id: d.id,
    verdict: reasons.length === 0 ? 'pass' : 'refuse',
    reasons,
    ...(warnings.length ? { warnings } : {}),
    ...(offerRef ? { offerRef } : {}),
    ...(alternative && reasons.length > 0 ? { alternative } : {}),
  };
}

async function boundBySpend(
  d: Draft,
  ctx: GuardrailContext,
  ids: readonly string[],
  reasons: string[],
) {
  if (ids.length === 0) return;
  const spend = await ctx.probe.monthlyResourceSpendUsd(ids);
  if (d.estimatedMonthlySavingsUsd > spend * TOLERANCE) {
    reasons.push(
      `estimated savings $${d.estimatedMonthlySavingsUsd.toFixed(2)}/month exceed what these resources cost ($${spend.toFixed(2)} over the last 30 days of data).`,
    );
  }
}

function checkRightsize(d: Draft, ec2: Map<string, InstanceType>, count: number): string[] {
  if (!d.fromType || !d.toType) return ['rightsize needs fromType and toType.'];
  if (d.provider !== 'aws') {
    return [
      `no instance catalog for ${d.provider}: cannot verify ${d.toType} exists; refused until one is configured.`,
    ];
  }
  const from = ec2.get(d.fromType);
  const to = ec2.get(d.toType);
  const reasons: string[] = [];
  if (!from) reasons.push(`instance type ${d.fromType} does not exist.`);
  if (!to) reasons.push(`instance type ${d.toType} does not exist.`);
  if (!from || !to) return reasons;
  if (from.instanceType === to.instanceType)
    return [`${d.toType} is the current type: nothing changes.`];
  // A successor generation may carry a little more memory for less money (r4.2xlarge 61 GiB →
  // r6i.2xlarge 64 GiB): up to 10 % more memory at a lower price is not "bigger".
  const bigger =
    (to.vcpu ?? 0) > (from.vcpu ?? 0) ||
    (to.memoryGib ?? 0) > (from.memoryGib ?? 0) * 1.1 ||
    (to.onDemandUsdPerHour ?? 0) > (from.onDemandUsdPerHour ?? 0);
  if (bigger) {
    reasons.push(
      `${d.toType} (${to.vcpu} vCPU, ${to.memoryGib} GiB, $${to.onDemandUsdPerHour}/h) is not smaller than ${d.fromType} (${from.vcpu} vCPU, ${from.memoryGib} GiB, $${from.onDemandUsdPerHour}/h).`,
    );
  } else if (from.onDemandUsdPerHour !== null && to.onDemandUsdPerHour !== null) {
    const max = (from.onDemandUsdPerHour - to.onDemandUsdPerHour) * HOURS_PER_MONTH * count;
    if (d.estimatedMonthlySavingsUsd > max * TOLERANCE) {
      reasons.push(
        `estimated savings $${d.estimatedMonthlySavingsUsd.toFixed(2)}/month exceed the price difference ($${max.toFixed(2)}/month for ${count} instance(s) at list price).`,
      );
    }
  }
  return reasons;
}
