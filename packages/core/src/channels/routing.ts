/**
 * Routing rules: which channels hear about which anomaly, by monitor, scope, team and severity.
 * A rule matches when every condition it states holds; an anomaly goes to the union of the
 * channels of all matching rules. Team means the monitor's team or a team that drove at least half
 * of the change; scope means the monitor's own filter or the top driver.
 */
import { z } from 'zod';
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import type { AnomalySeverity } from '../anomaly/anomaly-runs.ts';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const RoutingRuleSchema = z
  .object({
    channels: z.array(z.string().min(1)).min(1),
    minSeverity: z.enum(SEVERITIES).optional(),
    teams: z.array(z.string().min(1)).optional(),
    monitors: z.array(z.string().min(1)).optional(),
    scope: z
      .array(z.object({ dimension: z.string().min(1), value: z.string() }).strict())
      .optional(),
  })
  .strict();

export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

const rank = (s: AnomalySeverity) => SEVERITIES.indexOf(s);

function teamsOf(a: Anomaly): Set<string> {
  const teams = new Set<string>();
  if (a.team) teams.add(a.team);
  for (const d of a.drivers) {
    if (d.dimension === 'team' && d.value !== null && d.share >= 0.5) teams.add(d.value);
  }
  return teams;
}

function scopeMatches(a: Anomaly, wanted: RoutingRule['scope'] & object): boolean {
  const top = a.drivers[0];
  return wanted.some(
    (w) =>
      a.evidence[0]?.filters?.some(
        (f) => f.op === 'eq' && f.dimension === w.dimension && f.value === w.value,
      ) ||
      (top !== undefined && top.dimension === w.dimension && top.value === w.value),
  );
}

/** Whether one rule matches an anomaly. */
export function ruleMatches(rule: RoutingRule, a: Anomaly): boolean {
  if (rule.minSeverity && rank(a.severity) < rank(rule.minSeverity)) return false;
  if (rule.monitors && !rule.monitors.includes(a.monitorId)) return false;
  if (rule.teams) {
    const teams = teamsOf(a);
    if (!rule.teams.some((t) => teams.has(t))) return false;
  }
  if (rule.scope && !scopeMatches(a, rule.scope)) return false;
  return true;
}

/**
 * The channel ids an anomaly goes to.
 * @example routeAnomaly(a, [{ channels: ['ml-slack'], teams: ['ml'], minSeverity: 'medium' }])
 */
export function routeAnomaly(a: Anomaly, rules: readonly RoutingRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) if (ruleMatches(r, a)) for (const c of r.channels) out.add(c);
  return [...out];
}
