/**
 * One incident, one alert: a spike in one resource shows up in every monitor that covers it (the
 * total, its provider, its service, its team, its account). Anomalies are one incident when their
 * days overlap, they go the same way, their scopes nest (one monitor's filters are all named by
 * the other's scope or top drivers) and they share a cause (a scope value or top driver in common),
 * or when one's main cause is a resource (its top driver, any alias) among the other's causes. A broader monitor does not chain two side-by-side changes (a Bedrock profile and a SageMaker job
 * in one account, days apart): monitors whose scopes sit side by side join only when one's main
 * cause is among the other's.
 * The most specific monitor's anomaly leads and carries the others as `related`. Pure: works on
 * listed anomalies, so grouping follows the data as detection restates it; nothing is stored.
 */
import type { Anomaly, RelatedAnomaly } from './anomaly-store.ts';

/** Top drivers of each anomaly that count as its cause. */
const CAUSE_DRIVERS = 3;

const key = (dimension: string, value: unknown) =>
  `${dimension === 'tag:team' ? 'team' : dimension}=${String(value)}`;

interface Facts {
  scope: Set<string>;
  cause: Set<string>;
  /** The main cause: the top driver under all its names; the scope itself when there is none. */
  main: Set<string>;
}

function factsOf(a: Anomaly): Facts {
  const scope = new Set(
    (a.evidence[0]?.filters ?? [])
      .filter((f) => f.op === 'eq')
      .map((f) => key(f.dimension, f.value)),
  );
  const cause = new Set(scope);
  for (const d of a.drivers.slice(0, CAUSE_DRIVERS)) {
    cause.add(key(d.dimension, d.value));
    // The same rows under their other names (a resource's team, its app tag).
    for (const alias of d.aliases ?? []) cause.add(key(alias.dimension, alias.value));
  }
  const top = a.drivers[0];
  const main = top
    ? new Set([top, ...(top.aliases ?? [])].map((d) => key(d.dimension, d.value)))
    : new Set(scope);
  return { scope, cause, main };
}

/**
 * One's main cause is a resource, and it is among the other's causes. Only a resource names one
 * thing: a region, service, SKU or team shared by two monitors' leads can be two changes.
 */
const telling = (k: string) => k.startsWith('resource_id=') && k !== 'resource_id=null';

function mainLink(a: Facts, b: Facts): boolean {
  const names = (f: Facts) => new Set([...f.main, ...f.cause]);
  const na = names(a);
  const nb = names(b);
  return (
    [...a.main].some((k) => telling(k) && nb.has(k)) ||
    [...b.main].some((k) => telling(k) && na.has(k))
  );
}

/**
 * Two monitors side by side (neither scope inside the other: two services of one account), each led
 * by a resource, are one incident only when one's resource is among the other's causes: the same
 * resource seen from two angles, not two changes that a broader monitor happens to cover together.
 */
function conflicting(a: Facts, b: Facts): boolean {
  const sideBySide = !within(a.scope, b.cause) && !within(b.scope, a.cause);
  // Only two different resources are two changes for sure; a provider led by a service, or a
  // region led by a SKU, may well be the same change named more broadly.
  const resourceLed = (f: Facts) => [...f.main].some((k) => telling(k));
  return sideBySide && resourceLed(a) && resourceLed(b) && !mainLink(a, b);
}

const overlaps = (a: Anomaly, b: Anomaly) => a.startDay <= b.endDay && b.startDay <= a.endDay;
const within = (inner: Set<string>, outer: Set<string>) => [...inner].every((k) => outer.has(k));

/** Whether two anomalies are the same incident (see the module header). */
export function sameIncident(a: Anomaly, b: Anomaly, fa = factsOf(a), fb = factsOf(b)): boolean {
  if (a.direction !== b.direction || !overlaps(a, b)) return false;
  const nested = within(fa.scope, fb.cause) || within(fb.scope, fa.cause);
  // Nested scopes with a cause in common, or any two monitors that name the same main cause
  // (a team's and an account's monitor both led by one VM).
  return (nested && [...fa.cause].some((k) => fb.cause.has(k))) || mainLink(fa, fb);
}

const related = (a: Anomaly): RelatedAnomaly => ({
  id: a.id,
  monitorId: a.monitorId,
  monitorName: a.monitorName,
  startDay: a.startDay,
  endDay: a.endDay,
  impactUsd: a.impactUsd,
  severity: a.severity,
});

/**
 * Groups anomalies into incidents: one per incident, ranked where its first member was, each
 * leader carrying the other members in `related`.
 * @example const incidents = groupIncidents(await listAnomalies(wh, { status: 'open' }));
 */
export function groupIncidents(anomalies: readonly Anomaly[]): Anomaly[] {
  const facts = anomalies.map(factsOf);
  const parent = anomalies.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // A sweep by start day: each anomaly meets only those still running when it starts, so a long
  // history of anomalies costs about n × (anomalies per day), not n².
  const byStart = anomalies
    .map((_, i) => i)
    .sort((x, y) => anomalies[x]!.startDay.localeCompare(anomalies[y]!.startDay) || x - y);
  const members = new Map(anomalies.map((_, i) => [i, [i]]));
  let running: number[] = [];
  for (const j of byStart) {
    const b = anomalies[j]!;
    running = running.filter((i) => anomalies[i]!.endDay >= b.startDay);
    for (const i of running) {
      const [ri, rj] = [find(i), find(j)];
      if (ri === rj || !sameIncident(anomalies[i]!, b, facts[i], facts[j])) continue;
      // A broader anomaly links both, but the groups hold side-by-side changes of their own.
      const [gi, gj] = [members.get(ri)!, members.get(rj)!];
      if (gi.some((x) => gj.some((y) => conflicting(facts[x]!, facts[y]!)))) continue;
      parent[rj] = ri;
      members.set(ri, [...gi, ...gj]);
      members.delete(rj);
    }
    running.push(j);
  }
  const groups = new Map<number, number[]>();
  anomalies.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  // The leader: the narrowest scope, then the largest |impact| (it explains the most).
  const leaderOf = (members: number[]) =>
    [...members].sort(
      (x, y) =>
        facts[y]!.scope.size - facts[x]!.scope.size ||
        Math.abs(Number(anomalies[y]!.impactUsd)) - Math.abs(Number(anomalies[x]!.impactUsd)) ||
        x - y,
    )[0]!;
  // Incidents in the input's order of their first member (the input is ranked by severity).
  const out: Anomaly[] = [];
  const emitted = new Set<number>();
  for (let i = 0; i < anomalies.length; i++) {
    const root = find(i);
    if (emitted.has(root)) continue;
    emitted.add(root);
    const members = groups.get(root)!;
    const lead = leaderOf(members);
    out.push({
      ...anomalies[lead]!,
      // The incident belongs to a team when any of its monitors does (routing, team digests).
      team: anomalies[lead]!.team ?? members.map((m) => anomalies[m]!.team).find(Boolean) ?? null,
      related: members.filter((m) => m !== lead).map((m) => related(anomalies[m]!)),
    });
  }
  return out;
}
