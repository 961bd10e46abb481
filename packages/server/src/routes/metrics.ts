/** `GET /api/metrics` (declared metrics and dimensions) and a dimension's values for filter pickers. */
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';
import { need } from '../services.ts';

export const registerMetricRoutes: RegisterRoutes = (app, { warehouse, services }) => {
  app.get('/api/metrics', { schema: { summary: 'Declared metrics and dimensions' } }, async () =>
    need(services, 'catalog')(warehouse),
  );
  app.get(
    '/api/dimensions/:id/values',
    {
      schema: {
        summary: "A dimension's values (most costly first), for filters",
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: z
          .object({
            search: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          })
          .strict(),
      },
    },
    async (req) =>
      need(services, 'dimensionValues')(warehouse, req.params.id, {
        limit: req.query.limit,
        ...(req.query.search ? { search: req.query.search } : {}),
      }),
  );
};
