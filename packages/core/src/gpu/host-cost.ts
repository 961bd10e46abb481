/**
 * What a GPU host cost over a window, from the bill. The host is found by the host map, else by a
 * FOCUS row whose ResourceId, ResourceName or hostname / Name tag is the hostname (covers metrics
 * labelled with instance ids). Its cost is the exact DECIMAL sum of its rows on the days the window
 * touches; capacity hours are those days × 24. Tags (team, app, criticality) come along for the
 * criticality registry. Parameterized SQL only.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { toUnits } from '../allocation/exact-decimal.ts';
import { loadEc2Catalog } from '../recommend/instance-catalog.ts';

export interface HostCost {
  hostname: string;
  resourceId: string;
  matchedBy: 'host-map' | 'resource-id' | 'resource-name' | 'tag';
  provider: string | null;
  service: string | null;
  instanceType: string | null;
  /** GPUs the instance type has (catalog), null when unknown. */
  catalogGpuCount: number | null;
  team: string | null;
  tags: Record<string, string>;
  /** Exact cost of the window's days (15-decimal units); null when no charges fell in them. */
  costUnits: bigint | null;
  capacityHours: number;
}

const TEAM_KEYS = ['team', 'Team', 'owner', 'Owner', 'cost_center', 'costcenter'];

/** Resolves one host; null when neither the host map nor the bill knows it. */
export async function hostCost(
  wh: Warehouse,
  hostname: string,
  window: { start: Date; end: Date },
): Promise<HostCost | null> {
  const [mapped] = await wh.query<{
    resource_id: string;
    instance_type: string | null;
    team: string | null;
  }>(`SELECT resource_id, instance_type, team FROM gpu_host WHERE hostname = $1`, [hostname]);
  let resourceId = mapped?.resource_id ?? null;
  let matchedBy: HostCost['matchedBy'] = 'host-map';
  if (!resourceId) {
    const [hit] = await wh.query<{ id: string; how: string }>(
      `SELECT "ResourceId" AS id,
         CASE WHEN "ResourceId" = $1 THEN 'resource-id' WHEN "ResourceName" = $1 THEN 'resource-name' ELSE 'tag' END AS how
       FROM focus_cost
       WHERE "ResourceId" = $1 OR "ResourceName" = $1
         OR json_extract_string("Tags", '$.hostname') = $1 OR json_extract_string("Tags", '$.Name') = $1
       LIMIT 1`,
      [hostname],
    );
    if (!hit) return null;
    resourceId = hit.id;
    matchedBy = hit.how as HostCost['matchedBy'];
  }
  const startDay = window.start.toISOString().slice(0, 10);
  const last = new Date(window.end.getTime() - 1);
  const endDay = new Date(
    Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate() + 1),
  )
    .toISOString()
    .slice(0, 10);
  const cols = new Set(
    (
      await wh.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'focus_cost'`,
      )
    ).map((r) => r.c),
  );
  const usageType = cols.has('x_UsageType')
    ? `max("x_UsageType") FILTER (WHERE regexp_matches("x_UsageType", '(BoxUsage|DedicatedUsage|HostUsage):'))`
    : 'NULL';
  const [row] = await wh.query<{
    cost: string | null;
    days: number | bigint;
    tags: string | null;
    provider: string | null;
    service: string | null;
    usage_type: string | null;
  }>(
    `SELECT sum("EffectiveCost")::VARCHAR AS cost, count(DISTINCT "ChargePeriodStart"::DATE) AS days,
       max("Tags"::VARCHAR) AS tags, max(coalesce("ServiceProviderName", "ProviderName")) AS provider,
       max("ServiceName") AS service, ${usageType} AS usage_type
     FROM focus_cost
     WHERE "ResourceId" = $1 AND "ChargePeriodStart" >= $2::DATE AND "ChargePeriodStart" < $3::DATE`,
    [resourceId, startDay, endDay],
  );
  const tags = parseTags(row?.tags ?? null);
  const fromUsage = /(?:BoxUsage|DedicatedUsage|HostUsage):([a-z0-9-]+\.[a-z0-9-]+)$/.exec(
    row?.usage_type ?? '',
  )?.[1];
  const instanceType = mapped?.instance_type ?? fromUsage ?? null;
  const gpuCount = instanceType ? (loadEc2Catalog().get(instanceType)?.gpuCount ?? null) : null;
  const days = Number(row?.days ?? 0);
  return {
    hostname,
    resourceId,
    matchedBy,
    provider: row?.provider ?? null,
    service: row?.service ?? null,
    instanceType,
    catalogGpuCount: gpuCount && gpuCount > 0 ? gpuCount : null,
    team: mapped?.team ?? TEAM_KEYS.map((k) => tags[k]).find((v) => v) ?? null,
    tags,
    costUnits: row?.cost ? toUnits(row.cost) : null,
    capacityHours: days * 24,
  };
}

function parseTags(raw: string | null): Record<string, string> {
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
    }
  } catch {
    // MAP-typed tags render as {k=v}; fall through to that form.
  }
  const m = /^\{(.*)\}$/.exec(raw.trim());
  if (!m) return {};
  return Object.fromEntries(
    m[1]!
      .split(/,\s*/)
      .map((kv) => kv.split('='))
      .filter((p) => p.length === 2)
      .map(([k, v]) => [k!.trim(), v!.trim()]),
  );
}
