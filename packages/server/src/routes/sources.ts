/** `GET /api/sources` — the ingest manifest with per-partition reconciliation. */
import { listSources } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

export const registerSourceRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/sources',
    { schema: { summary: 'Ingest manifest: files, periods, totals, reconciliation' } },
    async () => ({ sources: await listSources(warehouse) }),
  );
};
