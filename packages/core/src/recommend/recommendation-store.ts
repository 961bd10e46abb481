/**
 * Persistence of recommendations. Saving is an upsert by fingerprint: a rule re-run refreshes the
 * numbers of a still-proposed recommendation and never resets a human decision. History comes from
 * the append-only audit log (target = recommendation id).
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { fingerprintOf } from './recommendation.ts';
import type {
  Recommendation,
  RecommendationDraftInput,
  RecommendationOutcome,
  RecommendationStatus,
} from './recommendation.ts';

export interface SaveResult {
  created: number;
  refreshed: number;
  unchanged: number;
  ids: string[];
}

function idFor(fingerprint: string): string {
  return `rec_${createHash('sha256').update(fingerprint).digest('hex').slice(0, 12)}`;
}

/** Upserts recommendations (in one transaction); new ones are audited as `recommendation.propose`. */
export async function saveRecommendations(
  wh: Warehouse,
  recs: readonly RecommendationDraftInput[],
  opts: { actor?: string; now?: Date } = {},
): Promise<SaveResult> {
  const now = (opts.now ?? new Date()).toISOString();
  const actor = opts.actor ?? 'system:rules';
  return wh.transaction(async (tx) => {
    const result: SaveResult = { created: 0, refreshed: 0, unchanged: 0, ids: [] };
    for (const r of recs) {
      const fp = fingerprintOf(r);
      const id = idFor(fp);
      result.ids.push(id);
      const [existing] = await tx.query<{ status: string }>(
        `SELECT status FROM recommendation WHERE id = $1`,
        [id],
      );
      const body = JSON.stringify(r);
      if (!existing) {
        await tx.exec(
          `INSERT INTO recommendation (id, fingerprint, kind, status, body, estimated_monthly_savings_usd, created_at, updated_at)
           VALUES ($1, $2, $3, 'proposed', $4::JSON, $5::DECIMAL(38,15), $6::TIMESTAMP, $6::TIMESTAMP)`,
          [id, fp, r.kind, body, r.estimatedMonthlySavingsUsd.toFixed(6), now],
        );
        await appendAudit(tx, {
          actor,
          action: 'recommendation.propose',
          target: id,
          detail: { kind: r.kind, estimatedMonthlySavingsUsd: r.estimatedMonthlySavingsUsd },
          at: new Date(now),
        });
        result.created++;
      } else if (existing.status === 'proposed') {
        await tx.exec(
          `UPDATE recommendation SET body = $2::JSON, estimated_monthly_savings_usd = $3::DECIMAL(38,15), updated_at = $4::TIMESTAMP WHERE id = $1`,
          [id, body, r.estimatedMonthlySavingsUsd.toFixed(6), now],
        );
        result.refreshed++;
      } else {
        result.unchanged++;
      }
    }
    return result;
  });
}

export interface ListFilter {
  status?: RecommendationStatus;
  kind?: string;
  minSavingsUsd?: number;
  limit?: number;
}

interface Row {
  id: string;
  status: RecommendationStatus;
  body: string;
  created_at: string;
  updated_at: string;
  outcome: string | null;
}

function toRecommendation(row: Row, history: Recommendation['history']): Recommendation {
  const body = JSON.parse(row.body) as RecommendationDraftInput;
  return {
    ...body,
    id: row.id,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history,
    ...(row.outcome ? { outcome: JSON.parse(row.outcome) as RecommendationOutcome } : {}),
  };
}

const SELECT = `SELECT id, status, body::VARCHAR AS body, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
  strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at, outcome::VARCHAR AS outcome FROM recommendation`;

/** Lists recommendations, largest estimated savings first. */
export async function listRecommendations(
  wh: Warehouse,
  f: ListFilter = {},
): Promise<Recommendation[]> {
  const rows = await wh.query<Row>(
    `${SELECT} WHERE ($1::VARCHAR IS NULL OR status = $1) AND ($2::VARCHAR IS NULL OR kind = $2)
       AND estimated_monthly_savings_usd >= $3::DECIMAL(38,15)
     ORDER BY estimated_monthly_savings_usd DESC, id LIMIT $4`,
    [f.status ?? null, f.kind ?? null, (f.minSavingsUsd ?? 0).toFixed(6), f.limit ?? 1000],
  );
  return rows.map((r) => toRecommendation(r, []));
}

/** One recommendation with its full history; NOT_FOUND when absent. */
export async function getRecommendation(wh: Warehouse, id: string): Promise<Recommendation> {
  const [row] = await wh.query<Row>(`${SELECT} WHERE id = $1`, [id]);
  if (!row) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no recommendation ${id}`,
      hint: 'List them with `costlens recommend list`.',
    });
  }
  const history = await wh.query<{
    at: string;
    actor: string;
    action: string;
    reason: string | null;
  }>(
    `SELECT strftime("at", '%Y-%m-%dT%H:%M:%SZ') AS at, actor, action, detail->>'reason' AS reason
     FROM audit_log WHERE target = $1 ORDER BY id`,
    [id],
  );
  return toRecommendation(row, history);
}
