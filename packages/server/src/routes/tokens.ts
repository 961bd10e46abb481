/** `/api/tokens` — create (the plain token is in this one response only), list, revoke. Admin. */
import { createApiToken, listApiTokens, revokeApiToken, ROLES } from '@costlens/core';
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';

const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});

export const registerTokenRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/tokens',
    {
      schema: {
        summary: 'List API tokens (never the secrets)',
        response: { 200: z.object({ tokens: z.array(TokenInfo) }) },
      },
    },
    async () => ({ tokens: await listApiTokens(warehouse) }),
  );
  app.post(
    '/api/tokens',
    {
      schema: {
        summary: 'Create an API token; the plain token is returned once',
        body: z
          .object({ role: z.enum(ROLES), name: z.string().min(1).max(100).optional() })
          .strict(),
        response: { 201: TokenInfo.extend({ token: z.string() }) },
      },
    },
    async (req, reply) => {
      const created = await createApiToken(warehouse, {
        role: req.body.role,
        actor: req.principal!.actor,
        ...(req.body.name ? { name: req.body.name } : {}),
      });
      return reply.status(201).send(created);
    },
  );
  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        summary: 'Revoke an API token',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: TokenInfo },
      },
    },
    async (req) => revokeApiToken(warehouse, req.params.id, { actor: req.principal!.actor }),
  );
};
