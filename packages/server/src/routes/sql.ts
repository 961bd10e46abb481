/**
 * `POST /api/sql` — one read-only SELECT over CostLens's tables (admin). The CLI uses it to run its
 * read commands while this server owns the database; the guard is core's `assertReadOnlySelect`.
 */
import { assertReadOnlySelect } from '@costlens/core';
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';

const Param = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const registerSqlRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.post(
    '/api/sql',
    {
      schema: {
        summary: 'Run one read-only SELECT (parameters as $1, $2, …)',
        body: z
          .object({
            sql: z.string().min(1).max(100_000),
            params: z.array(Param).max(1000).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      await assertReadOnlySelect(warehouse, req.body.sql);
      return { rows: await warehouse.query(req.body.sql, req.body.params ?? []) };
    },
  );
};
