/**
 * Request and response schemas for semantic queries (contract 3). The request shape is core's own
 * `SemanticQuerySchema`, so the API cannot drift from the semantic layer; whether a metric or
 * dimension exists is the semantic layer's answer, which comes back as located issues.
 */
import { SemanticQuerySchema } from '@costlens/core';
import { z } from 'zod';

export { SemanticQuerySchema };

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
  warnings: z.array(z.string()).readonly().optional(),
});
