/**
 * The spend digest a team reads each morning or Monday: spend over the last complete data day or
 * week against the period before, the biggest movers by service, budget status, active anomalies
 * and the top proposed recommendations. Every number comes from the semantic layer (or the stored
 * insights) as exact decimal strings; the SQL behind spend and movers is returned for citation.
 * Periods follow the data (billing lags), not the wall clock. No formatting or delivery here.
 */
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import { listAnomalies } from '../anomaly/anomaly-store.ts';
import { dataDayRange } from '../anomaly/cost-series.ts';
import { compareDec, subDec } from '../anomaly/decimal.ts';
import { budgetStatus } from '../budget/budget-status.ts';
import type { BudgetStatus } from '../budget/budget-status.ts';
import { listBudgets } from '../budget/budget-store.ts';
import { ruleMatches } from '../channels/routing.ts';
import { listRecommendations } from '../recommend/recommendation-store.ts';
import type { Recommendation } from '../recommend/recommendation.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { Filter, SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';

export type DigestPeriod = 'daily' | 'weekly';

export interface DigestOptions {
  period: DigestPeriod;
  /** Only this team's spend, budgets and anomalies (the `team` dimension); absent = everything. */
  team?: string;
  /** The clock: the digest covers complete data days before this instant. */
  now: Date;
  /** Default `effective_cost`. */
  metric?: string;
  /** How many movers, anomalies and recommendations to list (default 5). */
  top?: number;
}

export interface DigestMover {
  service: string;
  current: string;
  previous: string;
  delta: string;
}

export interface Digest {
  period: DigestPeriod;
  team: string | null;
  metric: string;
  /** The days covered: [start, end) ISO dates; null when there is no data before `now`. */
  range: { start: string; end: string } | null;
  previousRange: { start: string; end: string } | null;
  spend: { current: string; previous: string; delta: string } | null;
  movers: DigestMover[];
  budgets: BudgetStatus[];
  anomalies: Anomaly[];
  /** Active anomalies in scope, before `top` was applied. */
  anomalyCount: number;
  recommendations: Recommendation[];
  /** The semantic queries behind spend and movers, and the SQL they ran. */
  queries: SemanticQuery[];
  sql: string[];
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Builds one digest.
 * @example const d = await buildDigest(wh, { period: 'weekly', team: 'ml', now: new Date() });
 */
export async function buildDigest(wh: Warehouse, opts: DigestOptions): Promise<Digest> {
  const metric = opts.metric ?? 'effective_cost';
  const top = opts.top ?? 5;
  const team = opts.team ?? null;
  const filters: Filter[] = team ? [{ dimension: 'team', op: 'eq', value: team }] : [];
  const span = await dataDayRange(wh);
  const yesterday = addDays(opts.now.toISOString().slice(0, 10), -1);
  const last = span && span.last < yesterday ? span.last : yesterday;
  const days = opts.period === 'daily' ? 1 : 7;
  const digest: Digest = {
    period: opts.period,
    team,
    metric,
    range: null,
    previousRange: null,
    spend: null,
    movers: [],
    budgets: [],
    anomalies: [],
    anomalyCount: 0,
    recommendations: [],
    queries: [],
    sql: [],
  };
  if (span && span.first <= last) {
    const range = { start: addDays(last, 1 - days), end: addDays(last, 1) };
    digest.range = range;
    digest.previousRange = { start: addDays(range.start, -days), end: range.start };
    const base = { metric, timeRange: range, compareTo: 'previous_period' as const, filters };
    const totalQ: SemanticQuery = base;
    const moversQ: SemanticQuery = { ...base, groupBy: ['service'] };
    const total = await runQuery(wh, totalQ, { now: opts.now });
    const byService = await runQuery(wh, moversQ, { now: opts.now });
    digest.queries.push(totalQ, moversQ);
    digest.sql.push(total.sql, byService.sql);
    const row = total.rows[0];
    const current = String(row?.[metric] ?? '0');
    const previous = String(row?.[`${metric}_previous`] ?? '0');
    digest.spend = { current, previous, delta: subDec(current, previous) };
    digest.movers = byService.rows
      .map((r) => {
        const cur = String(r[metric] ?? '0');
        const prev = String(r[`${metric}_previous`] ?? '0');
        return {
          service: String(r['service'] ?? '(none)'),
          current: cur,
          previous: prev,
          delta: subDec(cur, prev),
        };
      })
      .filter((m) => compareDec(m.delta, '0') !== 0)
      .sort((a, b) => compareDec(abs(b.delta), abs(a.delta)) || a.service.localeCompare(b.service))
      .slice(0, top);
  }
  for (const b of await listBudgets(wh)) {
    if (team && !(b.scope.kind === 'team' && b.scope.value === team)) continue;
    digest.budgets.push(await budgetStatus(wh, b, { now: opts.now }));
  }
  // One entry per incident: the same change in total, service and team monitors is one line.
  const active = (
    await listAnomalies(wh, { status: 'active', limit: 1000, incidents: true })
  ).filter((a) => !team || ruleMatches({ channels: ['digest'], teams: [team] }, a));
  digest.anomalyCount = active.length;
  digest.anomalies = active.slice(0, top);
  digest.recommendations = await listRecommendations(wh, { status: 'proposed', limit: top });
  return digest;
}

const abs = (d: string) => (d.startsWith('-') ? d.slice(1) : d);
