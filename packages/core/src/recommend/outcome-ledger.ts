/**
 * The outcome ledger: realized savings measured from later bills. For each applied
 * recommendation, the targets' average daily effective cost before it was applied (baseline) is
 * scaled by how the rest of the same service moved (usage normalization: growth or seasonality
 * that would have happened anyway), and compared with their daily cost after. Verified when at
 * least half the estimate is realized; regressed when cost went up. Per-rule track records feed
 * rule confidence.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { Actor } from './workflow.ts';
import { transition } from './workflow.ts';
import type { RecommendationDraftInput, RecommendationOutcome } from './recommendation.ts';

const DAYS_PER_MONTH = 30.4;
const SYSTEM: Actor = { id: 'system:outcome-ledger', role: 'admin' };

export interface LedgerOptions {
  baselineDays?: number;
  /** Days of data after applying before a verdict is given. */
  minDaysAfter?: number;
  now?: Date;
}

interface Window {
  targetsDaily: number;
  restDaily: number;
  days: number;
}

async function window(
  wh: Warehouse,
  targets: readonly string[],
  service: string,
  start: string,
  end: string,
): Promise<Window> {
  const [row] = await wh.query<{ t: string | null; r: string | null; days: number }>(
    `WITH w AS (
       SELECT "ChargePeriodStart"::DATE AS d, "ResourceId" IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]'))) AS is_target,
         "ServiceName" = $2 AS same_service, "EffectiveCost" AS c
       FROM focus_cost WHERE "ChargePeriodStart" >= $3::TIMESTAMP AND "ChargePeriodStart" < $4::TIMESTAMP)
     SELECT (sum(c) FILTER (WHERE is_target))::VARCHAR AS t,
       (sum(c) FILTER (WHERE same_service AND NOT is_target))::VARCHAR AS r,
       count(DISTINCT d)::INTEGER AS days FROM w`,
    [JSON.stringify(targets), service, start, end],
  );
  const days = Math.max(1, Number(row?.days ?? 0));
  return {
    targetsDaily: Number(row?.t ?? 0) / days,
    restDaily: Number(row?.r ?? 0) / days,
    days: Number(row?.days ?? 0),
  };
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(iso) + n * 86_400_000).toISOString();
}

/** Measures every applied recommendation with enough data; records verdicts. Returns outcomes by id. */
export async function measureOutcomes(
  wh: Warehouse,
  opts: LedgerOptions = {},
): Promise<Map<string, RecommendationOutcome>> {
  const baselineDays = opts.baselineDays ?? 14;
  const minDaysAfter = opts.minDaysAfter ?? 7;
  const rows = await wh.query<{
    id: string;
    body: string;
    applied_at: string;
    service_name: string | null;
  }>(
    `SELECT id, body::VARCHAR AS body, strftime(applied_at, '%Y-%m-%dT%H:%M:%SZ') AS applied_at,
       NULL AS service_name FROM recommendation WHERE status = 'applied' AND applied_at IS NOT NULL`,
  );
  const [maxRow] = await wh.query<{ m: string | null }>(
    `SELECT strftime(max("ChargePeriodStart") + INTERVAL 1 DAY, '%Y-%m-%dT00:00:00Z') AS m FROM focus_cost`,
  );
  const dataEnd = maxRow?.m ?? new Date().toISOString();
  const out = new Map<string, RecommendationOutcome>();
  for (const row of rows) {
    const rec = JSON.parse(row.body) as RecommendationDraftInput;
    const applied = `${row.applied_at.slice(0, 10)}T00:00:00Z`;
    // The service as the data names it: take it from the targets' own rows.
    const [svc] = await wh.query<{ s: string | null }>(
      `SELECT any_value("ServiceName") AS s FROM focus_cost WHERE "ResourceId" IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`,
      [JSON.stringify(rec.targets)],
    );
    const service = svc?.s ?? rec.service;
    const before = await window(wh, rec.targets, service, addDays(applied, -baselineDays), applied);
    // Skip the day of applying: it is partly before, partly after.
    const after = await window(wh, rec.targets, service, addDays(applied, 1), dataEnd);
    const factor =
      before.restDaily > 0 && after.restDaily > 0
        ? Math.min(2, Math.max(0.5, after.restDaily / before.restDaily))
        : 1;
    const expected = before.targetsDaily * factor;
    const realized = (expected - after.targetsDaily) * DAYS_PER_MONTH;
    const ratio =
      rec.estimatedMonthlySavingsUsd > 0 ? realized / rec.estimatedMonthlySavingsUsd : 0;
    const verdict: RecommendationOutcome['verdict'] =
      after.days < minDaysAfter
        ? 'pending'
        : realized < 0
          ? 'regressed'
          : ratio >= 0.5
            ? 'verified'
            : 'pending';
    const outcome: RecommendationOutcome = {
      measuredAt: (opts.now ?? new Date()).toISOString(),
      baselineDailyUsd: round(before.targetsDaily),
      normalizationFactor: round(factor),
      afterDailyUsd: round(after.targetsDaily),
      realizedMonthlySavingsUsd: round(realized),
      realizedToEstimated: round(ratio),
      verdict,
    };
    await wh.exec(`UPDATE recommendation SET outcome = $2::JSON WHERE id = $1`, [
      row.id,
      JSON.stringify(outcome),
    ]);
    if (verdict !== 'pending') {
      await transition(wh, row.id, verdict, {
        actor: SYSTEM,
        ...(opts.now ? { now: opts.now } : {}),
        detail: { realizedMonthlySavingsUsd: outcome.realizedMonthlySavingsUsd },
      });
    }
    out.set(row.id, outcome);
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface RuleTrackRecord {
  kind: string;
  proposed: number;
  rejected: number;
  verified: number;
  regressed: number;
  /** verified / (verified + regressed + rejected); null without decisions. */
  precision: number | null;
  /** Mean realized / estimated over measured outcomes; null without any. */
  realizedToEstimated: number | null;
}

/** Per-rule precision and realized/estimated ratio, from decisions and measured outcomes. */
export async function ruleTrackRecords(wh: Warehouse): Promise<RuleTrackRecord[]> {
  const rows = await wh.query<Record<string, string | number | null>>(
    `SELECT kind, count(*)::INTEGER AS proposed,
       count(*) FILTER (WHERE status = 'rejected')::INTEGER AS rejected,
       count(*) FILTER (WHERE status = 'verified')::INTEGER AS verified,
       count(*) FILTER (WHERE status = 'regressed')::INTEGER AS regressed,
       avg(TRY_CAST(outcome->>'realizedToEstimated' AS DOUBLE)) FILTER (WHERE status IN ('verified', 'regressed')) AS ratio
     FROM recommendation GROUP BY kind ORDER BY kind`,
  );
  return rows.map((r) => {
    const verified = Number(r['verified']);
    const decided = verified + Number(r['regressed']) + Number(r['rejected']);
    return {
      kind: String(r['kind']),
      proposed: Number(r['proposed']),
      rejected: Number(r['rejected']),
      verified,
      regressed: Number(r['regressed']),
      precision: decided > 0 ? verified / decided : null,
      realizedToEstimated: r['ratio'] === null ? null : Number(r['ratio']),
    };
  });
}

/**
 * Confidence for a new recommendation of `kind`: the rule's own data-coverage confidence,
 * shrunk toward its track record (a Beta prior of 2 pseudo-decisions at the base value).
 */
export function adjustConfidence(base: number, record: RuleTrackRecord | undefined): number {
  if (!record) return base;
  const decided = record.verified + record.regressed + record.rejected;
  if (decided === 0) return base;
  const posterior = (base * 2 + record.verified) / (2 + decided);
  return Math.round(Math.min(1, Math.max(0, posterior)) * 100) / 100;
}
