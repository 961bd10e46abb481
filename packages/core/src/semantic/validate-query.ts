/**
 * Checks a semantic query before it is compiled: its shape (zod, for queries arriving as JSON
 * from the API, CLI or an assistant) and every name against the catalog. All problems come back
 * at once in one INVALID_INPUT error, each naming the field and listing the valid choices.
 */
import { z } from 'zod';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { Catalog } from './catalog.ts';
import { resolveDimension } from './catalog.ts';
import { parseInstant } from './time-range.ts';
import type { SemanticQuery } from './types.ts';

const FILTER_OPS = ['eq', 'neq', 'in', 'not_in', 'contains', 'is_null', 'is_not_null'] as const;
const RELATIVE = [
  'month_to_date',
  'previous_month',
  'quarter_to_date',
  'previous_quarter',
  'year_to_date',
  'previous_year',
] as const;

/** The semantic query's JSON shape, for adapters that receive queries as data. */
export const SemanticQuerySchema = z
  .object({
    metric: z.string().min(1),
    metrics: z.array(z.string().min(1)).optional(),
    groupBy: z.array(z.string().min(1)).max(8).optional(),
    filters: z
      .array(
        z
          .object({
            dimension: z.string().min(1),
            op: z.enum(FILTER_OPS),
            value: z.union([z.string(), z.array(z.string())]).optional(),
          })
          .strict(),
      )
      .optional(),
    timeRange: z
      .union([
        z.object({ start: z.string(), end: z.string() }).strict(),
        z
          .object({
            relative: z.enum(['last_n_days', 'last_n_months']),
            n: z.number().int().min(1).max(3660),
          })
          .strict(),
        z.object({ relative: z.enum(RELATIVE) }).strict(),
      ])
      .optional(),
    grain: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
    compareTo: z.enum(['previous_period', 'same_period_last_year']).optional(),
    orderBy: z
      .array(z.object({ field: z.string().min(1), direction: z.enum(['asc', 'desc']) }).strict())
      .optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
    other: z.boolean().optional(),
  })
  .strict();

function invalid(issues: Issue[]): CostLensError {
  const first = issues[0]!;
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `invalid query: ${first.column ? `${first.column}: ` : ''}${first.message}${issues.length > 1 ? ` (${issues.length} problems in all)` : ''}`,
    ...(first.hint ? { hint: first.hint } : {}),
    issues,
  });
}

/**
 * Validates a query (from code or parsed JSON) against the catalog; returns it typed.
 * @example validateQuery({ metric: 'effective_cost', groupBy: ['service'] }, catalog)
 */
export function validateQuery(input: unknown, catalog: Catalog): SemanticQuery {
  const parsed = SemanticQuerySchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({
        column: i.path.map(String).join('.') || '(query)',
        message: i.message,
      })),
    );
  }
  const q = parsed.data as SemanticQuery;
  const issues: Issue[] = [];
  const metricIds = [...catalog.metrics.keys()];
  const dimIds = [...catalog.dimensions.keys(), 'tag:<key>'];
  const metricHint = `Valid metrics: ${metricIds.join(', ')}.`;
  const dimHint = `Valid dimensions: ${dimIds.join(', ')}.`;

  const allMetrics = [q.metric, ...(q.metrics ?? [])];
  for (const [i, m] of allMetrics.entries()) {
    if (!catalog.metrics.has(m)) {
      issues.push({
        column: i === 0 ? 'metric' : `metrics.${i - 1}`,
        message: `unknown metric "${m}"`,
        hint: metricHint,
      });
    }
  }
  if (new Set(allMetrics).size !== allMetrics.length)
    issues.push({ column: 'metrics', message: 'a metric is listed twice' });
  for (const [i, d] of (q.groupBy ?? []).entries()) {
    if (!resolveDimension(catalog, d))
      issues.push({ column: `groupBy.${i}`, message: `unknown dimension "${d}"`, hint: dimHint });
  }
  if (new Set(q.groupBy ?? []).size !== (q.groupBy ?? []).length)
    issues.push({ column: 'groupBy', message: 'a dimension is listed twice' });
  for (const [i, f] of (q.filters ?? []).entries()) {
    if (!resolveDimension(catalog, f.dimension)) {
      issues.push({
        column: `filters.${i}.dimension`,
        message: `unknown dimension "${f.dimension}"`,
        hint: dimHint,
      });
    }
    const needsList = f.op === 'in' || f.op === 'not_in';
    const needsNone = f.op === 'is_null' || f.op === 'is_not_null';
    if (needsNone && f.value !== undefined)
      issues.push({ column: `filters.${i}.value`, message: `${f.op} takes no value` });
    if (!needsNone && f.value === undefined)
      issues.push({ column: `filters.${i}.value`, message: `${f.op} needs a value` });
    if (needsList && f.value !== undefined && (!Array.isArray(f.value) || f.value.length === 0)) {
      issues.push({
        column: `filters.${i}.value`,
        message: `${f.op} needs a non-empty list of values`,
      });
    }
    if (!needsList && !needsNone && Array.isArray(f.value)) {
      issues.push({
        column: `filters.${i}.value`,
        message: `${f.op} takes one value, not a list`,
        hint: 'Use "in" for a list.',
      });
    }
  }
  if (q.timeRange && 'start' in q.timeRange) {
    const s = parseInstant(q.timeRange.start);
    const e = parseInstant(q.timeRange.end);
    if (!s)
      issues.push({
        column: 'timeRange.start',
        message: `"${q.timeRange.start}" is not a date`,
        hint: 'Use YYYY-MM-DD.',
      });
    if (!e)
      issues.push({
        column: 'timeRange.end',
        message: `"${q.timeRange.end}" is not a date`,
        hint: 'Use YYYY-MM-DD.',
      });
    if (s && e && e <= s)
      issues.push({
        column: 'timeRange',
        message: 'the end must come after the start (the end is exclusive)',
      });
  }
  if (q.compareTo && !q.timeRange) {
    issues.push({
      column: 'compareTo',
      message: 'a comparison needs a time range',
      hint: 'Add a timeRange, e.g. { relative: "previous_month" }.',
    });
  }
  const fields = new Set([...allMetrics, ...(q.groupBy ?? []), 'period']);
  for (const [i, o] of (q.orderBy ?? []).entries()) {
    if (!fields.has(o.field)) {
      issues.push({
        column: `orderBy.${i}.field`,
        message: `cannot order by "${o.field}"`,
        hint: `Order by one of: ${[...fields].join(', ')}.`,
      });
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return q;
}
