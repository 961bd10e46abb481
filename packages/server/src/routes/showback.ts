/** `GET /api/showback` — cost per team (or another owner dimension) for a period. */
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';
import { need } from '../services.ts';

export const registerShowbackRoutes: RegisterRoutes = (app, { warehouse, services }) => {
  app.get(
    '/api/showback',
    {
      schema: {
        summary: 'Showback: cost by owner for a month',
        querystring: z
          .object({
            month: z.string().regex(/^\d{4}-\d{2}$/, 'expected a month as YYYY-MM'),
            by: z.string().min(1).max(200).optional(),
            metric: z.string().min(1).max(200).optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      need(services, 'showback')(warehouse, {
        month: req.query.month,
        ...(req.query.by ? { by: req.query.by } : {}),
        ...(req.query.metric ? { metric: req.query.metric } : {}),
      }),
  );
};
