/**
 * `GET /api/quality` — the data-quality report (FOCUS conformance + FinOps checks). With
 * `?cached=only` it answers 204 instead of starting the full scan, so a dashboard badge never
 * stalls other queries behind it.
 */
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';
import { need } from '../services.ts';

export const registerQualityRoutes: RegisterRoutes = (app, { warehouse, services }) => {
  app.get(
    '/api/quality',
    {
      schema: {
        summary: 'Data-quality report (204 with ?cached=only when not computed yet)',
        querystring: z.object({ cached: z.literal('only').optional() }).strict(),
      },
    },
    async (req, reply) => {
      const cachedOnly = req.query.cached === 'only';
      const report = await need(services, 'qualityReport')(warehouse, { cachedOnly });
      if (report === null) return reply.status(204).send();
      return report;
    },
  );
};
