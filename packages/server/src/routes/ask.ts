/**
 * `POST /api/ask` — a plain-language question answered by the assistant (AskResult: the answer,
 * the values behind every number, the semantic queries and SQL, cited notes), offline unless a
 * model is configured (then grounded or it falls back), logged with the caller as actor and the
 * surface (`web` for the dashboard, `api` otherwise) as channel.
 * `GET /api/ask/patterns` — what people keep asking, grouped by intent and template.
 */
import { z } from 'zod';
import { ask, assistantRuntime, questionPatterns } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO day, YYYY-MM-DD');

export const registerAskRoutes: RegisterRoutes = (app, { warehouse, config }) => {
  app.post(
    '/api/ask',
    {
      schema: {
        summary: 'Ask a cost question in plain language; numbers only from the listed queries',
        body: z
          .object({
            question: z.string().trim().min(1).max(2000),
            /** The dashboard says `web`; every other caller is `api`. */
            channel: z.enum(['api', 'web']).default('api'),
            fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
            /** Read relative time as of this day (default: the data's last day). */
            asOf: IsoDay.optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      ask(warehouse, req.body.question, {
        ...(config.assistant ? assistantRuntime(config.assistant) : {}),
        role: req.principal!.role,
        actor: req.principal!.actor,
        channel: req.body.channel,
        ...(req.body.fiscalYearStartMonth
          ? { fiscalYearStartMonth: req.body.fiscalYearStartMonth }
          : {}),
        ...(req.body.asOf ? { now: new Date(`${req.body.asOf}T00:00:00Z`) } : {}),
      }),
  );

  app.get(
    '/api/ask/patterns',
    {
      schema: {
        summary: 'The most asked question patterns (intent and template), most asked first',
        querystring: z
          .object({
            since: IsoDay.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(20),
          })
          .strict(),
      },
    },
    async (req) => ({
      patterns: await questionPatterns(warehouse, {
        ...(req.query.since ? { since: new Date(`${req.query.since}T00:00:00Z`) } : {}),
        limit: req.query.limit,
      }),
    }),
  );
};
