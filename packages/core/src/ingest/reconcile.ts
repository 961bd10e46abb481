/**
 * Reconciliation: totals of BilledCost and EffectiveCost per billing period × billing account ×
 * currency, computed once from the source's own columns and once from the stored FOCUS rows of
 * this ingest. They must be equal exactly (DECIMAL, compared as text), or the ingest rolls back.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { DECIMAL_TYPE, COST_TABLE } from '../focus/schema.ts';
import { ident } from '../util/sql.ts';
import type { FocusMapping } from './source-format.ts';
import type { StagedSource } from './stage-source.ts';

export interface PartitionTotals {
  billingAccountId: string | null;
  billingPeriodStart: string | null;
  billingCurrency: string | null;
  rowCount: number;
  billedCost: string;
  effectiveCost: string;
}

export interface ReconciledPartition extends PartitionTotals {
  sourceBilledCost: string;
  sourceEffectiveCost: string;
  matches: boolean;
}

const keyOf = (p: {
  billingAccountId: string | null;
  billingPeriodStart: string | null;
  billingCurrency: string | null;
}) => JSON.stringify([p.billingAccountId, p.billingPeriodStart, p.billingCurrency]);

interface TotalsRow {
  billingAccountId: string | null;
  billingPeriodStart: string | null;
  billingCurrency: string | null;
  rowCount: number;
  billedCost: string | null;
  effectiveCost: string | null;
}

/** Totals straight from the source file(s), using each format's native cost columns. */
export async function sourceTotals(
  wh: Warehouse,
  staged: readonly { stage: StagedSource; mapping: FocusMapping }[],
): Promise<PartitionTotals[]> {
  const selects = staged.map(({ stage, mapping }) => {
    const t = mapping.sourceTotals;
    return `SELECT ${t.billingAccountId} AS a, ${t.billingPeriodStart} AS p, ${t.billingCurrency} AS c,
      CAST(${t.billedCost} AS ${DECIMAL_TYPE}) AS b, CAST(${t.effectiveCost} AS ${DECIMAL_TYPE}) AS e
      FROM ${ident(stage.table)}${mapping.where ? ` WHERE ${mapping.where}` : ''}`;
  });
  const rows = await wh.query<TotalsRow>(
    `SELECT a AS "billingAccountId", strftime(p, '%Y-%m-%dT%H:%M:%SZ') AS "billingPeriodStart", c AS "billingCurrency",
       count(*)::BIGINT AS "rowCount",
       CAST(coalesce(sum(b), 0) AS ${DECIMAL_TYPE})::VARCHAR AS "billedCost",
       CAST(coalesce(sum(e), 0) AS ${DECIMAL_TYPE})::VARCHAR AS "effectiveCost"
     FROM (${selects.join(' UNION ALL ')}) GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map(normalize);
}

/** Totals of the stored rows of one ingest. */
export async function storedTotals(wh: Warehouse, ingestId: string): Promise<PartitionTotals[]> {
  const rows = await wh.query<TotalsRow>(
    `SELECT "BillingAccountId" AS "billingAccountId",
       strftime("BillingPeriodStart", '%Y-%m-%dT%H:%M:%SZ') AS "billingPeriodStart",
       "BillingCurrency" AS "billingCurrency", count(*)::BIGINT AS "rowCount",
       CAST(coalesce(sum("BilledCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS "billedCost",
       CAST(coalesce(sum("EffectiveCost"), 0) AS ${DECIMAL_TYPE})::VARCHAR AS "effectiveCost"
     FROM ${COST_TABLE} WHERE x_ingest_id = $1 GROUP BY ALL ORDER BY ALL`,
    [ingestId],
  );
  return rows.map(normalize);
}

function normalize(r: TotalsRow): PartitionTotals {
  return {
    billingAccountId: r.billingAccountId,
    billingPeriodStart: r.billingPeriodStart,
    billingCurrency: r.billingCurrency,
    rowCount: Number(r.rowCount),
    billedCost: r.billedCost ?? '0',
    effectiveCost: r.effectiveCost ?? '0',
  };
}

/** Pairs source and stored totals; a partition present on one side only never matches. Row counts
 * are informative only: a converter may emit several FOCUS rows for one source row. */
export function reconcile(
  source: readonly PartitionTotals[],
  stored: readonly PartitionTotals[],
): ReconciledPartition[] {
  const bySource = new Map(source.map((s) => [keyOf(s), s]));
  const out: ReconciledPartition[] = [];
  const seen = new Set<string>();
  for (const s of stored) {
    const k = keyOf(s);
    seen.add(k);
    const src = bySource.get(k);
    out.push({
      ...s,
      sourceBilledCost: src?.billedCost ?? '0',
      sourceEffectiveCost: src?.effectiveCost ?? '0',
      matches:
        src !== undefined &&
        src.billedCost === s.billedCost &&
        src.effectiveCost === s.effectiveCost,
    });
  }
  for (const src of source) {
    if (seen.has(keyOf(src))) continue;
    out.push({
      ...src,
      rowCount: 0,
      billedCost: '0',
      effectiveCost: '0',
      sourceBilledCost: src.billedCost,
      sourceEffectiveCost: src.effectiveCost,
      matches: false,
    });
  }
  return out;
}
