/** `POST /api/query` — one semantic query (contract 3) in, columns + rows + the SQL that ran out. */
import type { RegisterRoutes } from '../app-types.ts';
import { SemanticQuerySchema, SemanticResultSchema } from '../schemas/semantic-query.ts';
import { need } from '../services.ts';

export const registerQueryRoutes: RegisterRoutes = (app, { warehouse, services }) => {
  app.post(
    '/api/query',
    {
      schema: {
        summary: 'Run a semantic query (metric, groupBy, filters, timeRange, grain, compareTo)',
        body: SemanticQuerySchema,
        response: { 200: SemanticResultSchema },
      },
    },
    async (req) => need(services, 'runQuery')(warehouse, req.body),
  );
};
