/** `GET /api/health` (public: liveness and auth mode) and `GET /api/whoami` (the caller). */
import { countActiveApiTokens } from '@costlens/core';
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';

const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  authMode: z.enum(['local-demo', 'tokens']),
});

export const registerHealthRoutes: RegisterRoutes = (app, { warehouse, config }) => {
  app.get(
    '/api/health',
    { schema: { summary: 'Liveness and auth mode', response: { 200: Health } } },
    async () => {
      const tokens = await countActiveApiTokens(warehouse);
      return {
        status: 'ok' as const,
        version: config.version,
        authMode: tokens === 0 && config.loopback ? ('local-demo' as const) : ('tokens' as const),
      };
    },
  );
  app.get(
    '/api/whoami',
    {
      schema: {
        summary: 'Who the server thinks you are',
        response: { 200: z.object({ actor: z.string(), role: z.string() }) },
      },
    },
    async (req) => ({ actor: req.principal!.actor, role: req.principal!.role }),
  );
};
