/**
 * Budget CRUD over the `budget` table. Input is validated as a whole (name, amount as an exact
 * decimal, thresholds, metric and scope dimensions against the semantic catalog) and problems
 * come back together; amounts are stored as DECIMAL and returned as decimal strings.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { randomUUID } from 'node:crypto';
import { addDec } from '../anomaly/decimal.ts';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { compileQuery } from '../semantic/compile-query.ts';
import { loadCatalog } from '../semantic/load-catalog.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { PeriodKind } from '../forecast/period-projection.ts';
import { scopeFilters } from './budget-scope.ts';
import type { BudgetScope } from './budget-scope.ts';

export interface Budget {
  id: string;
  name: string;
  metric: string;
  scope: BudgetScope;
  period: PeriodKind;
  /** Exact decimal string. */
  amount: string;
  currency: string;
  /** Alert when actual spend reaches these percentages of the amount. */
  actualThresholdsPct: number[];
  /** Alert when the forecast at period end reaches these percentages. */
  forecastThresholdsPct: number[];
  createdAt: string;
  updatedAt: string;
}

export interface BudgetInput {
  name: string;
  /** Default `effective_cost` (amortized, what budgets usually track). */
  metric?: string;
  scope: BudgetScope;
  period: PeriodKind;
  amount: string;
  currency?: string;
  actualThresholdsPct?: number[];
  forecastThresholdsPct?: number[];
}

const PERIODS: readonly PeriodKind[] = ['month', 'quarter', 'year'];
const SCOPES = ['all', 'team', 'account', 'service', 'tag', 'initiative', 'custom'];

/**
 * Creates a budget; throws INVALID_INPUT with every problem found.
 * @example await createBudget(wh, { name: 'ml monthly', scope: { kind: 'team', value: 'ml' }, period: 'month', amount: '12000' })
 */
export async function createBudget(
  wh: Warehouse,
  input: BudgetInput,
  opts: { now?: Date; id?: string; actor?: string } = {},
): Promise<Budget> {
  const b = await validateBudget(wh, input);
  const clash = await wh.query('SELECT 1 FROM budget WHERE name = $1', [b.name]);
  if (clash.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `a budget named "${b.name}" already exists`,
      hint: 'pick another name, or delete the old budget first',
    });
  }
  const id = opts.id ?? `bud_${randomUUID().slice(0, 8)}`;
  const now = (opts.now ?? new Date()).toISOString();
  await wh.transaction(async (tx) => {
    await tx.exec(
      `INSERT INTO budget VALUES ($1, $2, $3, $4, $5, CAST($6 AS DECIMAL(38, 15)), $7, $8, $9, CAST($10 AS TIMESTAMP), CAST($10 AS TIMESTAMP))`,
      [
        id,
        b.name,
        b.metric,
        JSON.stringify(b.scope),
        b.period,
        b.amount,
        b.currency,
        JSON.stringify(b.actualThresholdsPct),
        JSON.stringify(b.forecastThresholdsPct),
        now.replace('T', ' ').replace('Z', ''),
      ],
    );
    await appendAudit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'budget.create',
      target: id,
      ...(opts.now ? { at: opts.now } : {}),
      detail: { name: b.name, scope: b.scope, period: b.period, amount: b.amount },
    });
  });
  return (await getBudget(wh, id)) as Budget;
}

/** Every budget, by name. */
export async function listBudgets(wh: Warehouse): Promise<Budget[]> {
  const rows = await wh.query(`${SELECT} ORDER BY name`);
  return rows.map(toBudget);
}

/** A budget by id or name; undefined when absent. */
export async function getBudget(wh: Warehouse, idOrName: string): Promise<Budget | undefined> {
  const rows = await wh.query(`${SELECT} WHERE budget_id = $1 OR name = $1`, [idOrName]);
  return rows[0] ? toBudget(rows[0]) : undefined;
}

/** Deletes a budget and its alert history; NOT_FOUND when absent. */
export async function deleteBudget(
  wh: Warehouse,
  idOrName: string,
  opts: { actor?: string; now?: Date } = {},
): Promise<Budget> {
  const b = await getBudget(wh, idOrName);
  if (!b) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no budget "${idOrName}"`,
      hint: 'list budgets with `costlens budget list`',
    });
  }
  await wh.transaction(async (tx) => {
    await tx.exec('DELETE FROM budget_alert WHERE budget_id = $1', [b.id]);
    await tx.exec('DELETE FROM budget WHERE budget_id = $1', [b.id]);
    await appendAudit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'budget.delete',
      target: b.id,
      ...(opts.now ? { at: opts.now } : {}),
      detail: { name: b.name },
    });
  });
  return b;
}

const SELECT = `SELECT budget_id, name, metric, CAST(scope AS VARCHAR) AS scope, period,
  CAST(amount AS VARCHAR) AS amount, currency,
  CAST(actual_thresholds_pct AS VARCHAR) AS actual_thresholds_pct,
  CAST(forecast_thresholds_pct AS VARCHAR) AS forecast_thresholds_pct,
  CAST(created_at AS VARCHAR) AS created_at, CAST(updated_at AS VARCHAR) AS updated_at FROM budget`;

function toBudget(r: Record<string, unknown>): Budget {
  return {
    id: String(r.budget_id),
    name: String(r.name),
    metric: String(r.metric),
    scope: JSON.parse(String(r.scope)) as BudgetScope,
    period: String(r.period) as PeriodKind,
    amount: addDec(String(r.amount), '0'),
    currency: String(r.currency),
    actualThresholdsPct: JSON.parse(String(r.actual_thresholds_pct)) as number[],
    forecastThresholdsPct: JSON.parse(String(r.forecast_thresholds_pct)) as number[],
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

async function validateBudget(wh: Warehouse, input: BudgetInput) {
  const issues: Issue[] = [];
  const name = (input.name ?? '').trim();
  if (!name) issues.push({ column: 'name', message: 'a budget needs a name' });
  if (!PERIODS.includes(input.period)) {
    issues.push({
      column: 'period',
      message: `period must be month, quarter or year, got "${input.period}"`,
    });
  }
  const amount = String(input.amount ?? '').trim();
  if (!/^\d+(\.\d+)?$/.test(amount) || /^0+(\.0+)?$/.test(amount)) {
    issues.push({
      column: 'amount',
      message: `amount must be a positive decimal like 12000 or 12000.50, got "${input.amount}"`,
    });
  }
  const thresholds = (list: number[] | undefined, fallback: number[], column: string) => {
    const t = list ?? fallback;
    if (!t.every((v) => Number.isFinite(v) && v > 0 && v <= 1000)) {
      issues.push({
        column,
        message: `thresholds are percentages between 0 and 1000, got ${t.join(',')}`,
      });
    }
    return [...new Set(t)].sort((a, b) => a - b);
  };
  const actualThresholdsPct = thresholds(
    input.actualThresholdsPct,
    [80, 100],
    'actualThresholdsPct',
  );
  const forecastThresholdsPct = thresholds(
    input.forecastThresholdsPct,
    [100],
    'forecastThresholdsPct',
  );
  const scope = input.scope ?? { kind: 'all' };
  if (!SCOPES.includes(scope.kind)) {
    issues.push({
      column: 'scope',
      message: `scope must be one of ${SCOPES.join(', ')}, got "${scope.kind}"`,
    });
  } else if (scope.kind !== 'all' && scope.kind !== 'custom' && !scope.value) {
    issues.push({
      column: 'scope',
      message: `a ${scope.kind} budget needs a value (which ${scope.kind}?)`,
    });
  } else if (scope.kind === 'tag' && !scope.key) {
    issues.push({ column: 'scope', message: 'a tag budget needs a tag key, e.g. env=prod' });
  }
  const metric = input.metric ?? 'effective_cost';
  if (issues.length === 0) {
    try {
      const filters = scopeFilters(scope);
      compileQuery(
        { metric, ...(filters.length ? { filters } : {}), grain: 'day' },
        { catalog: await loadCatalog(wh), dialect: wh.dialect.name },
      );
    } catch (e) {
      issues.push({
        column: 'scope',
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof CostLensError && e.hint ? { hint: e.hint } : {}),
      });
    }
  }
  if (issues.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `the budget is not valid: ${issues[0]!.message}${issues.length > 1 ? ` (${issues.length} problems)` : ''}`,
      issues,
    });
  }
  return {
    name,
    metric,
    scope,
    period: input.period,
    amount,
    currency: input.currency ?? 'USD',
    actualThresholdsPct,
    forecastThresholdsPct,
  };
}
