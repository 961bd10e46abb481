/**
 * What a store holds, in a form two stores can be compared by (crash and concurrency tests): the
 * cost rows per billing period × account with exact totals, and the ingest manifest with its
 * random ingest ids and clock times replaced by content (each ingest named by its files' hashes),
 * so "the state after ingesting X then Y" is one value whichever run produced it. Plus the checks
 * that the manifest agrees with the rows. Not part of the public API.
 */
import type { Warehouse } from '../store/warehouse.ts';

export interface StoreState {
  rowCount: number;
  /** `account period rows billed effective`, sorted. */
  partitions: string[];
  /** `files status format rows replaced`, sorted; files are `sha256:rows` joined by `+`. */
  ingests: string[];
  /** `files account period rows billed effective replacedBy`, sorted. */
  manifestPartitions: string[];
}

/** Reads the comparable state of a store. */
export async function readStoreState(wh: Warehouse): Promise<StoreState> {
  const [count] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM focus_cost`);
  const parts = await wh.query<Record<string, string>>(
    `SELECT "BillingAccountId" AS a, strftime("BillingPeriodStart", '%Y-%m') AS p,
       count(*)::VARCHAR AS n, sum("BilledCost")::VARCHAR AS b, sum("EffectiveCost")::VARCHAR AS e
     FROM focus_cost GROUP BY ALL ORDER BY ALL`,
  );
  const names = new Map<string, string>();
  for (const r of await wh.query<{ ingest_id: string; files: string }>(
    `SELECT ingest_id, string_agg(sha256 || ':' || row_count, '+' ORDER BY sha256) AS files
     FROM ingest_file GROUP BY ingest_id`,
  )) {
    names.set(r.ingest_id, r.files);
  }
  const name = (id: string | null) => (id === null ? '-' : (names.get(id) ?? `?${id}`));
  const ingests = await wh.query<Record<string, string>>(
    `SELECT ingest_id, status, format, row_count::VARCHAR AS n, replaced_partitions::VARCHAR AS r
     FROM ingest`,
  );
  const manifestParts = await wh.query<Record<string, string | null>>(
    `SELECT ingest_id, billing_account_id AS a, strftime(billing_period_start, '%Y-%m') AS p,
       row_count::VARCHAR AS n, billed_cost::VARCHAR AS b, effective_cost::VARCHAR AS e, replaced_by
     FROM ingest_partition`,
  );
  return {
    rowCount: count!.n,
    partitions: parts.map((r) => `${r['a']} ${r['p']} ${r['n']} ${r['b']} ${r['e']}`),
    ingests: ingests
      .map((r) => `${name(r['ingest_id']!)} ${r['status']} ${r['format']} ${r['n']} ${r['r']}`)
      .sort(),
    manifestPartitions: manifestParts
      .map(
        (r) =>
          `${name(r['ingest_id']!)} ${r['a']} ${r['p']} ${r['n']} ${r['b']} ${r['e']} ${name(r['replaced_by'] ?? null)}`,
      )
      .sort(),
  };
}

/**
 * Where the manifest and the rows disagree (empty when they agree): every row belongs to an
 * active ingest's unreplaced partition, each such partition's recorded count and totals equal its
 * rows, and an ingest is superseded exactly when all its partitions were replaced.
 */
export async function manifestDisagreements(wh: Warehouse): Promise<string[]> {
  const problems: string[] = [];
  const rows = await wh.query<Record<string, string | null>>(
    `WITH live AS (
       SELECT x_ingest_id AS i, "BillingAccountId" AS a, "BillingPeriodStart" AS p,
         count(*) AS n, sum("BilledCost") AS b, sum("EffectiveCost") AS e
       FROM focus_cost GROUP BY ALL),
     recorded AS (
       SELECT ingest_id AS i, billing_account_id AS a, billing_period_start AS p,
         row_count AS n, billed_cost AS b, effective_cost AS e
       FROM ingest_partition WHERE replaced_by IS NULL)
     SELECT coalesce(l.i, r.i) AS i, coalesce(l.a, r.a) AS a, strftime(coalesce(l.p, r.p), '%Y-%m') AS p,
       l.n::VARCHAR AS ln, r.n::VARCHAR AS rn, l.b::VARCHAR AS lb, r.b::VARCHAR AS rb,
       l.e::VARCHAR AS le, r.e::VARCHAR AS re
     FROM live l FULL JOIN recorded r
       ON l.i = r.i AND l.a IS NOT DISTINCT FROM r.a AND l.p IS NOT DISTINCT FROM r.p
     WHERE l.n IS DISTINCT FROM r.n OR l.b IS DISTINCT FROM r.b OR l.e IS DISTINCT FROM r.e`,
  );
  for (const r of rows) {
    problems.push(
      `partition ${r['i']} ${r['a']} ${r['p']}: rows ${r['ln']} vs manifest ${r['rn']}, billed ${r['lb']} vs ${r['rb']}, effective ${r['le']} vs ${r['re']}`,
    );
  }
  const statuses = await wh.query<Record<string, string | boolean | null>>(
    `SELECT i.ingest_id, i.status, bool_and(p.replaced_by IS NOT NULL) AS all_replaced,
       i.row_count::VARCHAR AS n, sum(p.row_count)::VARCHAR AS pn
     FROM ingest i LEFT JOIN ingest_partition p USING (ingest_id) GROUP BY ALL`,
  );
  for (const s of statuses) {
    const want = s['all_replaced'] === true ? 'superseded' : 'active';
    if (s['status'] !== want)
      problems.push(`ingest ${s['ingest_id']} is ${s['status']}, not ${want}`);
    if (s['n'] !== s['pn'])
      problems.push(`ingest ${s['ingest_id']} rows ${s['n']} vs partitions ${s['pn']}`);
  }
  const orphans = await wh.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ingest_file f WHERE NOT EXISTS (
       SELECT 1 FROM ingest i WHERE i.ingest_id = f.ingest_id)`,
  );
  if (orphans[0]!.n > 0) problems.push(`${orphans[0]!.n} ingest_file rows without an ingest`);
  return problems;
}
