/**
 * Matrix placements become recommendations in the existing workflow (issue 8): one per billed
 * host and quadrant, passed through the same guardrail as every rule (resources exist, savings
 * bounded by spend, commitments found in the offer catalog, right-size targets real and smaller),
 * then saved by fingerprint so re-runs refresh rather than duplicate. Hosts not in the bill, and
 * hosts another rule already proposes to stop, get no GPU recommendation (the reason is returned).
 */
import type { Warehouse } from '../store/warehouse.ts';
import { checkDraft } from '../recommend/check-draft.ts';
import { warehouseProbe } from '../recommend/data-probe.ts';
import type { Verdict } from '../recommend/draft.ts';
import { loadEc2Catalog } from '../recommend/instance-catalog.ts';
import type { InstanceType } from '../recommend/instance-catalog.ts';
import { loadOfferCatalog } from '../recommend/offer-catalog.ts';
import type { OfferCatalog } from '../recommend/offer-catalog.ts';
import type { RecommendationDraftInput } from '../recommend/recommendation.ts';
import { listRecommendations, saveRecommendations } from '../recommend/recommendation-store.ts';
import { providerOf } from '../recommend/rules/instance-usage.ts';
import { toDraft } from '../recommend/rules/run-rules.ts';
import type { SaveResult } from '../recommend/recommendation-store.ts';
import type { GpuMatrix, Placement, Quadrant } from './gpu-matrix.ts';
import { QUADRANTS } from './gpu-matrix.ts';

export interface GpuRecommendationResult {
  recommendations: RecommendationDraftInput[];
  refused: { recommendation: RecommendationDraftInput; verdict: Verdict }[];
  skipped: { resourceId: string | null; hostname: string; quadrant: Quadrant; reason: string }[];
  saved?: SaveResult;
}

const KIND: Record<Quadrant, string> = {
  reallocate: 'gpu_reallocate',
  rightsize_protect: 'gpu_rightsize',
  spot_or_queue: 'gpu_spot',
  optimize_commit: 'gpu_commit',
};

const num = (s: string | null) => (s === null ? 0 : Number(s));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** A smaller type of the same family with at least `gpus` GPUs, cheapest first. */
function smallerGpuType(
  ec2: Map<string, InstanceType>,
  from: InstanceType,
  gpus: number,
): InstanceType | undefined {
  return [...ec2.values()]
    .filter(
      (t) =>
        t.family === from.family &&
        t.gpuCount >= gpus &&
        t.gpuCount < from.gpuCount &&
        t.onDemandUsdPerHour !== null &&
        t.onDemandUsdPerHour < (from.onDemandUsdPerHour ?? 0) &&
        (t.vcpu ?? 0) <= (from.vcpu ?? 0) &&
        (t.memoryGib ?? 0) <= (from.memoryGib ?? 0),
    )
    .sort((a, b) => a.onDemandUsdPerHour! - b.onDemandUsdPerHour!)[0];
}

/**
 * Drafts, checks and (with `save`) stores the matrix's recommendations.
 * @example await gpuRecommendations(wh, await buildGpuMatrix(wh), { save: true });
 */
export async function gpuRecommendations(
  wh: Warehouse,
  matrix: GpuMatrix,
  opts: {
    save?: boolean;
    catalog?: OfferCatalog;
    ec2?: Map<string, InstanceType>;
    now?: Date;
  } = {},
): Promise<GpuRecommendationResult> {
  const ec2 = opts.ec2 ?? loadEc2Catalog();
  const catalog = opts.catalog ?? loadOfferCatalog();
  const out: GpuRecommendationResult = { recommendations: [], refused: [], skipped: [] };
  const stopping = new Set(
    (await listRecommendations(wh))
      .filter((r) => r.action === 'terminate_idle' && r.status !== 'rejected')
      .flatMap((r) => r.targets),
  );
  const probe = warehouseProbe(wh);
  const groups = new Map<string, Placement[]>();
  for (const p of matrix.placements) {
    const key = `${p.resourceId ?? `host:${p.hostname}`}::${p.quadrant}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const start = matrix.window.start.slice(0, 10);
  const end = new Date(Date.parse(matrix.window.end) + 86_399_999).toISOString().slice(0, 10);
  const drafts: RecommendationDraftInput[] = [];
  for (const ps of groups.values()) {
    const p0 = ps[0]!;
    const skip = (reason: string) =>
      out.skipped.push({
        resourceId: p0.resourceId,
        hostname: p0.hostname,
        quadrant: p0.quadrant,
        reason,
      });
    const rid = p0.resourceId;
    if (!rid) {
      skip('host not found in the bill: placement only, no recommendation.');
      continue;
    }
    if (stopping.has(rid)) {
      skip(`another recommendation already proposes stopping ${rid}.`);
      continue;
    }
    const devicesOf = ps.length;
    const provider = providerOf(p0.provider ?? '');
    if (!provider) {
      skip('provider not recognised: no recommendation.');
      continue;
    }
    const service = p0.service ?? 'Amazon Elastic Compute Cloud';
    // Bounded by what the bill shows for the host over its last 30 days (the guardrail's measure).
    const billed = await probe.monthlyResourceSpendUsd([rid]);
    const saving = Math.min(
      round2(ps.reduce((a, p) => a + num(p.opportunityMonthlyUsd), 0)),
      Math.floor(billed * 100) / 100,
    );
    const monthly = round2(ps.reduce((a, p) => a + num(p.monthlyCostUsd), 0));
    if (saving <= 0) {
      skip('nothing to gain at current numbers.');
      continue;
    }
    const what = `${devicesOf} GPU${devicesOf === 1 ? '' : 's'}${p0.migProfile ? ` (MIG ${p0.migProfile} slices)` : ''} on ${rid}`;
    const base = {
      kind: KIND[p0.quadrant],
      provider,
      service,
      targets: [rid],
      why: [...new Set(ps.flatMap((p) => p.reasons.slice(0, 2)))]
        .slice(0, 4)
        .concat(`Placement: ${QUADRANTS[p0.quadrant].label}.`),
      evidence: [
        {
          metric: 'effective_cost',
          groupBy: ['resource_id'],
          filters: [{ dimension: 'resource_id', op: 'in' as const, value: [rid] }],
          timeRange: { start, end },
          grain: 'day' as const,
        },
      ],
      confidence: 0.7,
      details: {
        quadrant: p0.quadrant,
        devices: ps.map((p) => ({
          id: p.deviceId,
          utilization: p.utilization,
          criticality: p.criticality,
        })),
        monthlyCostUsd: monthly,
        thresholds: matrix.thresholds,
      },
    };
    switch (p0.quadrant) {
      case 'reallocate':
        drafts.push({
          ...base,
          title: `Reallocate ${what}`,
          action: 'reallocate_gpu',
          estimatedMonthlySavingsUsd: saving,
          calculation: `Idle share of $${monthly.toFixed(2)}/month (window cost scaled to 730 h), at most the $${billed.toFixed(2)} billed over the last 30 days = $${saving.toFixed(2)}/month.`,
          risk: 'Low criticality, but someone may still expect the GPU: announce the pool and keep a quota for the owner.',
          plan: {
            commands: [],
            steps: [
              'Tell the owning team the GPUs go to the shared pool on a date.',
              'Drain the node and label it for the shared pool (or enable MIG / time-slicing for small jobs).',
              'Scale the node group to zero outside demand.',
            ],
          },
        });
        break;
      case 'rightsize_protect': {
        const from = p0.instanceType ? ec2.get(p0.instanceType) : undefined;
        const needGpus = Math.max(
          1,
          Math.ceil(
            ps.reduce((a, p) => a + (p.busyP95 ?? 1) * (1 + matrix.thresholds.headroom), 0),
          ),
        );
        const to = from ? smallerGpuType(ec2, from, needGpus) : undefined;
        if (!from || !to) {
          skip(
            from
              ? `no smaller ${from.family} type keeps ${needGpus} GPU(s) of headroom: keep it, protect it.`
              : 'instance type unknown: cannot name a smaller one.',
          );
          continue;
        }
        const diff = round2((from.onDemandUsdPerHour! - to.onDemandUsdPerHour!) * 730);
        drafts.push({
          ...base,
          title: `Right-size ${rid} from ${from.instanceType} to ${to.instanceType}, keeping headroom`,
          action: 'rightsize',
          fromType: from.instanceType,
          toType: to.instanceType,
          estimatedMonthlySavingsUsd: diff,
          calculation: `p95 busy plus ${Math.round(matrix.thresholds.headroom * 100)} % headroom needs ${needGpus} GPU(s); ${from.instanceType} $${from.onDemandUsdPerHour}/h → ${to.instanceType} $${to.onDemandUsdPerHour}/h × 730 h = $${diff.toFixed(2)}/month.`,
          risk: 'Business-critical: change in a maintenance window and keep the old type one click away.',
          plan: {
            commands: [
              `aws ec2 stop-instances --instance-ids ${rid}`,
              `aws ec2 modify-instance-attribute --instance-id ${rid} --instance-type ${to.instanceType}`,
              `aws ec2 start-instances --instance-ids ${rid}`,
            ],
            steps: ['Agree a window with the owners.', 'Resize, then watch p95 busy for a week.'],
          },
        });
        break;
      }
      case 'spot_or_queue':
        drafts.push({
          ...base,
          title: `Move ${what} to spot capacity or a queue`,
          action: 'move_to_spot',
          estimatedMonthlySavingsUsd: saving,
          calculation: `$${monthly.toFixed(2)}/month × ${Math.round(matrix.thresholds.spotDiscount * 100)} % assumed spot discount = $${saving.toFixed(2)}/month.`,
          risk: 'Spot capacity can be reclaimed at two minutes’ notice: the work must checkpoint and retry.',
          plan: {
            commands: [],
            steps: [
              'Add checkpointing to the job if it has none.',
              'Run it in a spot node group (or a batch queue) with on-demand fallback.',
            ],
          },
        });
        break;
      case 'optimize_commit': {
        const hourly = Math.round((monthly / 730) * matrix.thresholds.commitRate * 1000) / 1000;
        drafts.push({
          ...base,
          title: `Commit to the steady GPU use of ${rid} (EC2 Instance Savings Plan, 1 year)`,
          action: 'purchase_commitment',
          estimatedMonthlySavingsUsd: saving,
          calculation: `$${monthly.toFixed(2)}/month × (1 − ${matrix.thresholds.commitRate}) = $${saving.toFixed(2)}/month; commitment $${hourly}/hour.`,
          risk: 'A commitment is paid whether used or not; optimize the workload first so you do not commit to waste.',
          plan: {
            commands: [
              `aws savingsplans describe-savings-plans-offerings --plan-types EC2Instance --durations 31536000 --payment-options "No Upfront"`,
            ],
            steps: [
              'Check tensor-pipe and SM activity: optimize before committing.',
              `Buy $${hourly}/hour of EC2 Instance Savings Plan for the family; capacity blocks for planned bursts.`,
            ],
          },
          details: {
            ...base.details,
            commitment: {
              type: 'savings_plan',
              plan: 'ec2_instance',
              termMonths: 12,
              paymentOption: 'no_upfront',
              hourlyCommitmentUsd: hourly,
            },
          },
        });
        break;
      }
    }
  }
  const guard = { catalog, probe, ec2 };
  for (const [i, r] of drafts.entries()) {
    const verdict = await checkDraft(toDraft(r, `${r.kind}#${i + 1}`), guard, i);
    if (verdict.verdict === 'pass')
      out.recommendations.push(verdict.offerRef ? { ...r, offerRef: verdict.offerRef } : r);
    else out.refused.push({ recommendation: r, verdict });
  }
  if (opts.save) {
    out.saved = await saveRecommendations(wh, out.recommendations, {
      actor: 'system:gpu-matrix',
      ...(opts.now ? { now: opts.now } : {}),
    });
  }
  return out;
}
