/** `GET /api/audit` — the append-only audit log, newest first (approvers and admins). */
import { listAudit } from '@costlens/core';
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';

export const registerAuditRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/audit',
    {
      schema: {
        summary: 'Audit log, newest first',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            action: z.string().max(100).optional(),
          })
          .strict(),
      },
    },
    async (req) => ({
      entries: await listAudit(warehouse, {
        limit: req.query.limit,
        ...(req.query.action ? { actionPrefix: req.query.action } : {}),
      }),
    }),
  );
};
