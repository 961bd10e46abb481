/**
 * The dimensions AI spend can be grouped and filtered by, each mapped to a column CostLens chose
 * (never user text), and the WHERE clause a scope compiles to — values only as parameters.
 */
import { CostLensError } from '../errors.ts';
import type { SqlValue } from '../store/warehouse.ts';

export const AI_DIMENSIONS = {
  model: 'model',
  provider: 'provider',
  team: 'team',
  app: 'app',
  feature: 'feature',
  user: 'user_id',
  environment: 'environment',
  project: 'project',
  account: 'account',
  source: 'source',
  operation: 'operation',
  billed_via: 'billed_via',
  day: `strftime(day, '%Y-%m-%d')`,
  month: `strftime(day, '%Y-%m')`,
} as const;

export type AiDimension = keyof typeof AI_DIMENSIONS;

export interface AiScope {
  /** First day included (YYYY-MM-DD). */
  from?: string;
  /** First day excluded (YYYY-MM-DD). */
  to?: string;
  /** Equality filters; a value of `(none)` matches missing. */
  filters?: Partial<Record<AiDimension, string>>;
}

export function isAiDimension(d: string): d is AiDimension {
  return Object.hasOwn(AI_DIMENSIONS, d);
}

export function assertDimension(d: string): AiDimension {
  if (!isAiDimension(d)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown AI spend dimension "${d}".`,
      hint: `Use one of: ${Object.keys(AI_DIMENSIONS).join(', ')}.`,
    });
  }
  return d;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `WHERE …` over llm_usage_event for a scope, with its parameters (numbered from `first`). */
export function scopeWhere(scope: AiScope, first = 1): { where: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const p = (v: SqlValue) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  for (const [k, v] of [
    ['from', scope.from],
    ['to', scope.to],
  ] as const) {
    if (v === undefined) continue;
    if (!DAY.test(v))
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `${k} "${v}" is not a date (YYYY-MM-DD).`,
      });
    parts.push(k === 'from' ? `day >= ${p(v)}::DATE` : `day < ${p(v)}::DATE`);
  }
  for (const [dim, value] of Object.entries(scope.filters ?? {})) {
    if (value === undefined) continue;
    const col = AI_DIMENSIONS[assertDimension(dim)];
    parts.push(value === '(none)' ? `${col} IS NULL` : `${col} = ${p(value)}`);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}
