/**
 * `GET /api/forecast` — a forecast of any semantic-layer slice with 80/95 % bands, period-end
 * projections and (optionally) the backtest accuracy to show next to it. Budgets:
 * `GET/POST /api/budgets`, `GET /api/budgets/status`, `DELETE /api/budgets/:id`.
 */
import { z } from 'zod';
import {
  budgetStatus,
  createBudget,
  deleteBudget,
  forecastQuery,
  listBudgets,
  CostLensError,
} from '@costlens/core';
import type { BudgetInput } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const Where = z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]).optional();

const BudgetBody = z
  .object({
    name: z.string().min(1).max(200),
    metric: z.string().min(1).max(200).optional(),
    scope: z
      .object({
        kind: z.enum(['all', 'team', 'account', 'service', 'tag', 'initiative', 'custom']),
        key: z.string().max(200).optional(),
        value: z.string().max(500).optional(),
      })
      .strict(),
    period: z.enum(['month', 'quarter', 'year']),
    amount: z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'expected a decimal amount such as 12000 or 12000.50'),
    currency: z.string().length(3).optional(),
    actualThresholdsPct: z.array(z.number().positive().max(1000)).max(10).optional(),
    forecastThresholdsPct: z.array(z.number().positive().max(1000)).max(10).optional(),
  })
  .strict();

export const registerForecastRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/forecast',
    {
      schema: {
        summary: 'Forecast a slice with 80/95 % intervals and month/quarter/year projections',
        querystring: z
          .object({
            metric: z.string().min(1).max(200).default('effective_cost'),
            where: Where,
            horizon: z.coerce.number().int().min(1).max(730).default(90),
            accuracy: z.enum(['true', 'false']).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const where = req.query.where === undefined ? [] : [req.query.where].flat();
      return forecastQuery(
        warehouse,
        { metric: req.query.metric, where },
        { horizonDays: req.query.horizon, accuracy: req.query.accuracy === 'true' },
      );
    },
  );

  app.get('/api/budgets', { schema: { summary: 'List budgets' } }, async () =>
    listBudgets(warehouse),
  );

  app.get(
    '/api/budgets/status',
    {
      schema: {
        summary: 'Actual and forecast status of every budget for the current period',
        querystring: z.object({ at: z.string().date().optional() }).strict(),
      },
    },
    async (req) => {
      const now = req.query.at ? new Date(`${req.query.at}T12:00:00Z`) : new Date();
      const budgets = await listBudgets(warehouse);
      const out = [];
      for (const b of budgets) out.push(await budgetStatus(warehouse, b, { now }));
      return out;
    },
  );

  app.post(
    '/api/budgets',
    { schema: { summary: 'Create a budget', body: BudgetBody } },
    async (req, reply) => {
      const budget = await createBudget(warehouse, req.body as BudgetInput, {
        actor: req.principal!.actor,
      });
      reply.code(201);
      return budget;
    },
  );

  app.delete(
    '/api/budgets/:id',
    {
      schema: {
        summary: 'Delete a budget',
        params: z.object({ id: z.string().min(1).max(200) }).strict(),
      },
    },
    async (req) => {
      const deleted = await deleteBudget(warehouse, req.params.id, {
        actor: req.principal!.actor,
      }).catch((e: unknown) => {
        if (e instanceof CostLensError) throw e;
        throw new CostLensError({ code: 'NOT_FOUND', message: `no budget ${req.params.id}` });
      });
      return deleted;
    },
  );
};
