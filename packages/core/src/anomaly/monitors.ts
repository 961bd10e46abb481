/**
 * Monitors: a scope (semantic-layer filters) × a cost metric, with the floors and sensitivity the
 * detector uses for it. Defaults are created from the data (total, each provider, the top services,
 * accounts and regions, each team, the top account × service and team × service pairs) with
 * deterministic ids, so creating them twice changes nothing. Users add their own.
 * A monitor is daily (the default; every default monitor) or hourly (`granularity: 'hour'`, scored
 * on the hours of data that has them, see detect-hourly.ts); an hourly monitor of a scope has its
 * own id beside the daily one.
 */
import { createHash } from 'node:crypto';
import { CostLensError } from '../errors.ts';
import { COST_TABLE } from '../focus/schema.ts';
import type { Filter } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { dimensionSql, metricSql, scopeSql, SqlParams } from './scope-sql.ts';

/** How finely a monitor's series is read and scored. */
export type MonitorGranularity = 'day' | 'hour';
export const MONITOR_GRANULARITIES: readonly MonitorGranularity[] = ['day', 'hour'];

export interface Monitor {
  id: string;
  name: string;
  /** A cost metric id: effective_cost (default), billed_cost, list_cost, contracted_cost. */
  metric: string;
  /** The scope; empty = all spend. */
  filters: Filter[];
  /** The owning team, for routing alerts. */
  team: string | null;
  /** Multiplies how readily the monitor flags (1 = default; feedback moves it). */
  sensitivity: number;
  /** Dollar floor: smaller deviations never alert. */
  minImpactUsd: string;
  /** Relative floor: |actual − expected| / expected below this never alerts. */
  minRelative: number;
  origin: 'default' | 'user';
  enabled: boolean;
  createdAt: string;
  /** 'day' (default) or 'hour'. */
  granularity: MonitorGranularity;
}

export interface AddMonitorInput {
  name?: string;
  metric?: string;
  filters?: Filter[];
  team?: string | null;
  minImpactUsd?: string;
  minRelative?: number;
  /** 'day' (default) or 'hour'. */
  granularity?: MonitorGranularity;
  id?: string;
}

export const DEFAULT_MIN_IMPACT_USD = '25';
export const DEFAULT_MIN_RELATIVE = 0.1;

interface MonitorRow {
  id: string;
  name: string;
  metric: string;
  filters: string;
  team: string | null;
  sensitivity: number;
  min_impact_usd: string;
  min_relative: number;
  origin: 'default' | 'user';
  enabled: boolean;
  created_at: string;
  granularity: MonitorGranularity;
}

function trimZeros(d: string): string {
  return d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d;
}

function fromRow(r: MonitorRow): Monitor {
  return {
    id: r.id,
    name: r.name,
    metric: r.metric,
    filters: JSON.parse(r.filters) as Filter[],
    team: r.team,
    sensitivity: Number(r.sensitivity),
    minImpactUsd: trimZeros(String(r.min_impact_usd)),
    minRelative: Number(r.min_relative),
    origin: r.origin,
    enabled: Boolean(r.enabled),
    createdAt: r.created_at,
    granularity: r.granularity,
  };
}

/** A stable id from what a monitor watches (hourly monitors end in `_hourly`). */
export function monitorIdFor(
  metric: string,
  filters: readonly Filter[],
  granularity: MonitorGranularity = 'day',
): string {
  if (granularity === 'hour') return `${monitorIdFor(metric, filters)}_hourly`;
  if (filters.length === 0 && metric === 'effective_cost') return 'mon_total';
  const text = JSON.stringify([metric, filters]);
  const slug = filters
    .map((f) => `${f.dimension}-${Array.isArray(f.value) ? f.value.join('+') : (f.value ?? f.op)}`)
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `mon_${slug || metric}_${createHash('sha256').update(text).digest('hex').slice(0, 6)}`;
}

const SELECT_MONITOR = `SELECT id, name, metric, filters::VARCHAR AS filters, team, sensitivity,
    min_impact_usd::VARCHAR AS min_impact_usd, min_relative, origin, enabled,
    strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, granularity
  FROM anomaly_monitor`;

/** Lists monitors, defaults first. */
export async function listMonitors(wh: Warehouse): Promise<Monitor[]> {
  const rows = await wh.query<MonitorRow>(`${SELECT_MONITOR} ORDER BY origin, id`);
  return rows.map(fromRow);
}

/** One monitor, or NOT_FOUND. */
export async function getMonitor(wh: Warehouse, id: string): Promise<Monitor> {
  const [row] = await wh.query<MonitorRow>(`${SELECT_MONITOR} WHERE id = $1`, [id]);
  const found = row ? fromRow(row) : undefined;
  if (!found) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no monitor "${id}"`,
      hint: 'List monitors with `costlens monitors list`.',
    });
  }
  return found;
}

/**
 * Adds a monitor (checking its scope compiles). A user adding a scope that is already watched
 * takes it over with the new name, team and floors; defaults never overwrite anything.
 * @example await addMonitor(wh, { filters: [{ dimension: 'service', op: 'eq', value: 'Amazon S3' }] }, { now });
 */
export async function addMonitor(
  wh: Warehouse,
  input: AddMonitorInput,
  opts: {
    now: Date;
    origin?: 'default' | 'user';
    /** Who adds it, for the audit log (user monitors only; defaults come from the data). */
    actor?: string;
  },
): Promise<Monitor> {
  const metric = input.metric ?? 'effective_cost';
  const filters = input.filters ?? [];
  metricSql(metric);
  scopeSql(filters, new SqlParams());
  const minImpact = input.minImpactUsd ?? DEFAULT_MIN_IMPACT_USD;
  if (!/^\d+(\.\d+)?$/.test(minImpact)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `minimum impact must be a non-negative decimal amount, got "${minImpact}"`,
    });
  }
  const granularity = input.granularity ?? 'day';
  if (!MONITOR_GRANULARITIES.includes(granularity)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown monitor granularity "${String(granularity)}"`,
      hint: `Use one of: ${MONITOR_GRANULARITIES.join(', ')}.`,
    });
  }
  const id = input.id ?? monitorIdFor(metric, filters, granularity);
  const scopeName =
    filters.length === 0
      ? 'All spend'
      : filters.map((f) => `${f.dimension} ${f.op} ${JSON.stringify(f.value ?? '')}`).join(', ');
  const name = input.name ?? (granularity === 'hour' ? `${scopeName} (hourly)` : scopeName);
  const origin = opts.origin ?? 'user';
  await wh.transaction(async (tx) => {
    await tx.exec(
      `INSERT INTO anomaly_monitor (id, name, metric, filters, team, sensitivity, min_impact_usd, min_relative,
       origin, enabled, created_at, granularity)
     VALUES ($1, $2, $3, $4::JSON, $5, 1, $6::DECIMAL(38,15), $7, $8, true, $9::TIMESTAMP, $10)
     ON CONFLICT (id) DO ${
       opts.origin === 'default'
         ? 'NOTHING'
         : `UPDATE SET name = excluded.name, team = coalesce(excluded.team, anomaly_monitor.team), min_impact_usd = excluded.min_impact_usd,
             min_relative = excluded.min_relative, origin = excluded.origin, enabled = true, granularity = excluded.granularity`
     }`,
      [
        id,
        name,
        metric,
        JSON.stringify(filters),
        input.team ?? null,
        minImpact,
        input.minRelative ?? DEFAULT_MIN_RELATIVE,
        origin,
        opts.now.toISOString(),
        granularity,
      ],
    );
    if (origin === 'user') {
      await appendAudit(tx, {
        actor: opts.actor ?? 'cli',
        action: 'monitor.create',
        target: id,
        at: opts.now,
        detail: {
          name,
          metric,
          filters,
          team: input.team ?? null,
          minImpactUsd: minImpact,
          granularity,
        },
      });
    }
  });
  return getMonitor(wh, id);
}

/**
 * Removes a user's monitor (its anomalies and their history stay). A default monitor is refused:
 * the next detection would create it again from the data; disable it instead.
 */
export async function removeMonitor(
  wh: Warehouse,
  id: string,
  opts: { actor?: string; now?: Date } = {},
): Promise<void> {
  const m = await getMonitor(wh, id);
  if (m.origin === 'default') {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `monitor "${id}" is a default monitor: detection creates it again from the data`,
      hint: `Disable it instead (\`costlens monitors disable ${id}\`, or Turn off on the Anomalies page).`,
    });
  }
  await wh.transaction(async (tx) => {
    await tx.exec(`DELETE FROM anomaly_monitor WHERE id = $1`, [id]);
    await appendAudit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'monitor.remove',
      target: id,
      ...(opts.now ? { at: opts.now } : {}),
      detail: { name: m.name, filters: m.filters },
    });
  });
}

/**
 * Turns a monitor on or off; a disabled default monitor stays off (defaults never overwrite).
 * @example await setMonitorEnabled(wh, 'mon_total', false, { actor: 'token:ab12' });
 */
export async function setMonitorEnabled(
  wh: Warehouse,
  id: string,
  enabled: boolean,
  opts: { actor?: string; now?: Date } = {},
): Promise<Monitor> {
  const m = await getMonitor(wh, id);
  if (m.enabled !== enabled) {
    await wh.transaction(async (tx) => {
      await tx.exec(`UPDATE anomaly_monitor SET enabled = $2 WHERE id = $1`, [id, enabled]);
      await appendAudit(tx, {
        actor: opts.actor ?? 'cli',
        action: enabled ? 'monitor.enable' : 'monitor.disable',
        target: id,
        ...(opts.now ? { at: opts.now } : {}),
      });
    });
  }
  return getMonitor(wh, id);
}

/** Sets a monitor's sensitivity (bounded to [0.4, 2]). */
export async function setSensitivity(
  wh: Warehouse,
  id: string,
  sensitivity: number,
): Promise<void> {
  const bounded = Math.min(2, Math.max(0.4, sensitivity));
  await wh.exec(`UPDATE anomaly_monitor SET sensitivity = $2 WHERE id = $1`, [id, bounded]);
}

async function topValues(
  wh: Warehouse,
  dimension: string,
  limit: number,
  since: string,
): Promise<string[]> {
  const params = new SqlParams();
  const d = dimensionSql(dimension, params);
  const rows = await wh.query<{ v: string }>(
    `SELECT ${d} AS v FROM ${COST_TABLE}
     WHERE "ChargePeriodStart" >= ${params.add(since)}::TIMESTAMP AND ${d} IS NOT NULL
     GROUP BY 1 ORDER BY sum("EffectiveCost") DESC NULLS LAST, 1 LIMIT ${Math.floor(limit)}`,
    params.values,
  );
  return rows.map((r) => r.v);
}

async function topPairs(
  wh: Warehouse,
  dims: [string, string],
  limit: number,
  since: string,
): Promise<[string, string][]> {
  if (limit <= 0) return [];
  const params = new SqlParams();
  const a = dimensionSql(dims[0], params);
  const s = dimensionSql(dims[1], params);
  const rows = await wh.query<{ a: string; s: string }>(
    `SELECT ${a} AS a, ${s} AS s FROM ${COST_TABLE}
     WHERE "ChargePeriodStart" >= ${params.add(since)}::TIMESTAMP AND ${a} IS NOT NULL AND ${s} IS NOT NULL
     GROUP BY 1, 2 ORDER BY sum("EffectiveCost") DESC NULLS LAST, 1, 2 LIMIT ${Math.floor(limit)}`,
    params.values,
  );
  return rows.map((r) => [r.a, r.s]);
}

/** How many monitors of each kind `ensureDefaultMonitors` creates. */
export interface DefaultMonitorOptions {
  now: Date;
  lookbackDays?: number;
  /** Services to watch, by cost (default 25). */
  topServices?: number;
  /** Teams to watch (default 50). */
  maxTeams?: number;
  /** Sub accounts (AWS accounts, Azure subscriptions, GCP projects) to watch (default 50). */
  topAccounts?: number;
  /** Regions to watch (default 10). */
  topRegions?: number;
  /**
   * Account × service pairs to watch, by cost (default 100): what a cloud's own anomaly monitor
   * watches, and where a change inside a large account still shows.
   */
  topAccountServices?: number;
  /** Team × service pairs to watch, by cost (default 100): a team's own services, for its owner. */
  topTeamServices?: number;
  /** Floor for every default monitor (default DEFAULT_MIN_IMPACT_USD). */
  minImpactUsd?: string;
}

/**
 * Creates the default monitors the data calls for: total, each provider, the top services and
 * sub accounts and regions (by effective cost over `lookbackDays` before the latest charge),
 * each team, and the top account × service and team × service pairs. Idempotent.
 */
export async function ensureDefaultMonitors(
  wh: Warehouse,
  opts: DefaultMonitorOptions,
): Promise<Monitor[]> {
  const [latest] = await wh.query<{ t: string | null }>(
    `SELECT strftime(max("ChargePeriodStart"), '%Y-%m-%dT%H:%M:%S') AS t FROM ${COST_TABLE}`,
  );
  if (!latest?.t) return listMonitors(wh);
  const since = new Date(Date.parse(`${latest.t}Z`) - (opts.lookbackDays ?? 90) * 86_400_000)
    .toISOString()
    .slice(0, 19);
  const wanted: AddMonitorInput[] = [{ name: 'All spend' }];
  for (const p of await topValues(wh, 'provider', 20, since)) {
    wanted.push({
      name: `Provider ${p}`,
      filters: [{ dimension: 'provider', op: 'eq', value: p }],
    });
  }
  for (const s of await topValues(wh, 'service', opts.topServices ?? 25, since)) {
    wanted.push({ name: `Service ${s}`, filters: [{ dimension: 'service', op: 'eq', value: s }] });
  }
  for (const t of await topValues(wh, 'team', opts.maxTeams ?? 50, since)) {
    wanted.push({
      name: `Team ${t}`,
      team: t,
      filters: [{ dimension: 'team', op: 'eq', value: t }],
    });
  }
  for (const a of await topValues(wh, 'sub_account', opts.topAccounts ?? 50, since)) {
    wanted.push({
      name: `Account ${a}`,
      filters: [{ dimension: 'sub_account', op: 'eq', value: a }],
    });
  }
  for (const r of await topValues(wh, 'region', opts.topRegions ?? 10, since)) {
    wanted.push({ name: `Region ${r}`, filters: [{ dimension: 'region', op: 'eq', value: r }] });
  }
  const accountServices = opts.topAccountServices ?? 100;
  for (const [a, s] of await topPairs(wh, ['sub_account', 'service'], accountServices, since)) {
    wanted.push({
      name: `${s} in ${a}`,
      filters: [
        { dimension: 'sub_account', op: 'eq', value: a },
        { dimension: 'service', op: 'eq', value: s },
      ],
    });
  }
  for (const [t, s] of await topPairs(
    wh,
    ['team', 'service'],
    opts.topTeamServices ?? 100,
    since,
  )) {
    wanted.push({
      name: `${s} of team ${t}`,
      team: t,
      filters: [
        { dimension: 'team', op: 'eq', value: t },
        { dimension: 'service', op: 'eq', value: s },
      ],
    });
  }
  const floor = opts.minImpactUsd ? { minImpactUsd: opts.minImpactUsd } : {};
  for (const w of wanted)
    await addMonitor(wh, { ...w, ...floor }, { now: opts.now, origin: 'default' });
  return listMonitors(wh);
}
