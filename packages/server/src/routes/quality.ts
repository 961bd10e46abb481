/** `GET /api/quality` — the data-quality report (FOCUS conformance + FinOps checks). */
import type { RegisterRoutes } from '../app-types.ts';
import { need } from '../services.ts';

export const registerQualityRoutes: RegisterRoutes = (app, { warehouse, services }) => {
  app.get('/api/quality', { schema: { summary: 'Data-quality report' } }, async () =>
    need(services, 'qualityReport')(warehouse, {}),
  );
};
