/**
 * Per-instance utilization over the window (p95 of the daily p95s, so one busy day counts) joined
 * to what the instance cost in the same window. Only instances that appear in both the bill and
 * the utilization data are returned; an instance without utilization is never judged idle.
 */
import type { RuleContext } from './rule-context.ts';
import { DAYS_PER_MONTH, windowSql } from './rule-context.ts';

export interface InstanceUsage {
  resourceId: string;
  instanceType: string | null;
  provider: string;
  service: string;
  region: string | null;
  daysObserved: number;
  cpuP95: number;
  memP95: number | null;
  networkOutGbPerDay: number | null;
  monthlyCostUsd: number;
  /** Share of the instance's cost paid on demand (0..1). */
  onDemandShare: number;
}

/** Reads instance usage; empty when no utilization has been ingested. */
export async function instanceUsage(ctx: RuleContext): Promise<InstanceUsage[]> {
  if (!ctx.dataEnd) return [];
  const [has] = await ctx.wh.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'ec2_utilization'`,
  );
  if (!has?.n) return [];
  const rows = await ctx.wh.query<Record<string, string | number | null>>(
    `WITH u AS (
       SELECT resource_id, any_value(instance_type) AS itype, count(*)::INTEGER AS days,
         quantile_cont(cpu_p95, 0.95) AS cpu, quantile_cont(mem_p95, 0.95) AS mem,
         avg(network_out_gb) AS net
       FROM ec2_utilization WHERE day > $1::DATE - INTERVAL ${ctx.windowDays} DAY AND day <= $1::DATE
       GROUP BY resource_id),
     c AS (
       SELECT "ResourceId" AS resource_id, any_value("ProviderName") AS provider,
         any_value("ServiceName") AS service, any_value("RegionId") AS region,
         count(DISTINCT "ChargePeriodStart"::DATE)::INTEGER AS cost_days,
         sum("EffectiveCost")::VARCHAR AS cost,
         (sum("EffectiveCost") FILTER (WHERE coalesce("PricingCategory", 'Standard') = 'Standard'))::VARCHAR AS od
       FROM focus_cost
       WHERE ${windowSql(ctx.windowDays)} AND "ChargeCategory" = 'Usage'
         AND "ResourceId" IN (SELECT resource_id FROM u)
       GROUP BY 1)
     SELECT u.*, c.provider, c.service, c.region, c.cost_days, c.cost, c.od
     FROM u JOIN c USING (resource_id) ORDER BY resource_id`,
    [ctx.dataEnd],
  );
  return rows.map((r) => {
    const cost = Number(r['cost'] ?? 0);
    const costDays = Math.max(1, Number(r['cost_days']));
    return {
      resourceId: String(r['resource_id']),
      instanceType: r['itype'] === null ? null : String(r['itype']),
      provider: String(r['provider'] ?? ''),
      service: String(r['service'] ?? ''),
      region: r['region'] === null ? null : String(r['region']),
      daysObserved: Number(r['days']),
      cpuP95: Number(r['cpu']),
      memP95: r['mem'] === null ? null : Number(r['mem']),
      networkOutGbPerDay: r['net'] === null ? null : Number(r['net']),
      monthlyCostUsd: (cost / costDays) * DAYS_PER_MONTH,
      onDemandShare: cost > 0 ? Number(r['od'] ?? 0) / cost : 0,
    };
  });
}

/** `aws` / `azure` / `gcp` / `oci` from a FOCUS provider name. */
export function providerOf(name: string): 'aws' | 'azure' | 'gcp' | 'oci' | null {
  const n = name.toLowerCase();
  if (n.includes('aws') || n.includes('amazon')) return 'aws';
  if (n.includes('azure') || n.includes('microsoft')) return 'azure';
  if (n.includes('google') || n.includes('gcp')) return 'gcp';
  if (n.includes('oracle') || n.includes('oci')) return 'oci';
  return null;
}
