/** The JSON error body schema shared by every route's non-2xx responses (for the OpenAPI doc). */
import { z } from 'zod';

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    issues: z.array(
      z.object({
        field: z.string().optional(),
        file: z.string().optional(),
        line: z.number().optional(),
        column: z.string().optional(),
        message: z.string(),
        hint: z.string().optional(),
      }),
    ),
  }),
});
