/**
 * Unit-cost metrics: a cost metric divided by a business metric (cost per 1,000 requests, per
 * customer, per order), stored in `unit_metric` and usable in queries like any other metric.
 * Definitions are checked against the declared cost metrics; ids may not shadow a built-in.
 */
import { CostLensError } from '../errors.ts';
import { BASE_METRICS, UNIT_COST_BASES } from '../semantic/metrics.ts';
import type { Warehouse } from '../store/warehouse.ts';

export interface UnitMetric {
  id: string;
  label: string;
  costMetric: string;
  businessMetric: string;
  /** Cost per this many units of the business metric (1000 → "per 1k requests"). */
  per: number;
  description?: string;
}

/** Checks a definition; throws INVALID_INPUT naming every problem. */
export function checkUnitMetric(def: UnitMetric): void {
  const problems: { column: string; message: string; hint?: string }[] = [];
  if (!/^[a-z][a-z0-9_]*$/.test(def.id)) {
    problems.push({
      column: 'id',
      message: `"${def.id}" is not a valid id`,
      hint: 'Use lower-case letters, digits and underscores, e.g. cost_per_1k_requests.',
    });
  }
  if (BASE_METRICS.some((m) => m.id === def.id)) {
    problems.push({ column: 'id', message: `"${def.id}" is a built-in metric` });
  }
  if (!UNIT_COST_BASES.includes(def.costMetric)) {
    problems.push({
      column: 'costMetric',
      message: `"${def.costMetric}" is not a cost metric`,
      hint: `Use one of: ${UNIT_COST_BASES.join(', ')}.`,
    });
  }
  if (def.businessMetric.trim() === '')
    problems.push({ column: 'businessMetric', message: 'the business metric name is empty' });
  if (!(def.per > 0) || !Number.isFinite(def.per))
    problems.push({ column: 'per', message: `per must be a positive number, got ${def.per}` });
  if (problems.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unit metric ${def.id}: ${problems.map((p) => `${p.column}: ${p.message}`).join('; ')}`,
      ...(problems[0]!.hint ? { hint: problems[0]!.hint } : {}),
      issues: problems,
    });
  }
}

/**
 * Defines (or redefines) a unit-cost metric.
 * @example await defineUnitMetric(wh, { id: 'cost_per_1k_requests', label: 'Cost per 1k requests', costMetric: 'effective_cost', businessMetric: 'requests', per: 1000 });
 */
export async function defineUnitMetric(
  wh: Warehouse,
  def: UnitMetric,
  opts: { now?: () => Date } = {},
): Promise<void> {
  checkUnitMetric(def);
  const now = (opts.now ?? (() => new Date()))();
  await wh.transaction(async (tx) => {
    await tx.exec('DELETE FROM unit_metric WHERE id = $1', [def.id]);
    await tx.exec('INSERT INTO unit_metric VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP)', [
      def.id,
      def.label,
      def.costMetric,
      def.businessMetric,
      def.per,
      def.description ?? null,
      now.toISOString(),
    ]);
  });
}

/** Every defined unit-cost metric, by id. */
export async function listUnitMetrics(wh: Warehouse): Promise<UnitMetric[]> {
  const rows = await wh.query<{
    id: string;
    label: string;
    cost_metric: string;
    business_metric: string;
    per: number;
    description: string | null;
  }>(
    'SELECT id, label, cost_metric, business_metric, per, description FROM unit_metric ORDER BY id',
  );
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    costMetric: r.cost_metric,
    businessMetric: r.business_metric,
    per: Number(r.per),
    ...(r.description ? { description: r.description } : {}),
  }));
}

/** Removes a unit-cost metric; NOT_FOUND when there is none by that id. */
export async function removeUnitMetric(wh: Warehouse, id: string): Promise<void> {
  const [row] = await wh.query<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM unit_metric WHERE id = $1',
    [id],
  );
  if (!row || Number(row.n) === 0) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no unit metric "${id}"`,
      hint: 'List them with `costlens metrics units`.',
    });
  }
  await wh.exec('DELETE FROM unit_metric WHERE id = $1', [id]);
}
