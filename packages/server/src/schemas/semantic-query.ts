/**
 * The request schema for a semantic query (contract 3), checked against core's `SemanticQuery`
 * type so the API cannot drift from the contract. Validation only: whether a metric or dimension
 * exists is the semantic layer's answer, which comes back as located issues.
 */
import type { SemanticQuery } from '@costlens/core';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date (YYYY-MM-DD)');
const id = z.string().min(1).max(200);

export const FilterSchema = z
  .object({
    dimension: id,
    op: z.enum(['eq', 'neq', 'in', 'not_in', 'contains', 'is_null', 'is_not_null']),
    value: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(1000)]).optional(),
  })
  .strict();

export const TimeRangeSchema = z.union([
  z.object({ start: isoDate, end: isoDate }).strict(),
  z.object({ relative: z.enum(['last_n_days', 'last_n_months']), n: z.int().min(1).max(3660) }),
  z
    .object({
      relative: z.enum([
        'month_to_date',
        'previous_month',
        'quarter_to_date',
        'previous_quarter',
        'year_to_date',
        'previous_year',
      ]),
    })
    .strict(),
]);

export const SemanticQuerySchema = z
  .object({
    metric: id,
    metrics: z.array(id).max(20).optional(),
    groupBy: z.array(id).max(5).optional(),
    filters: z.array(FilterSchema).max(50).optional(),
    timeRange: TimeRangeSchema.optional(),
    grain: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
    compareTo: z.enum(['previous_period', 'same_period_last_year']).optional(),
    orderBy: z
      .array(z.object({ field: id, direction: z.enum(['asc', 'desc']) }).strict())
      .max(5)
      .optional(),
    limit: z.int().min(1).max(10000).optional(),
  })
  .strict();

// Compile-time check that the schema and the contract agree.
const _contract: z.ZodType<SemanticQuery> = SemanticQuerySchema;
void _contract;

export const SemanticResultSchema = z.object({
  columns: z
    .array(
      z.object({
        name: z.string(),
        role: z.enum(['dimension', 'metric', 'period', 'previous', 'delta', 'delta_pct']),
        unit: z.string().optional(),
      }),
    )
    .readonly(),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).readonly(),
  sql: z.string(),
  params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).readonly(),
  timeRange: z.object({ start: z.string(), end: z.string() }).optional(),
});
