/**
 * `/api/recommendations` — list, show, guardrail check of drafted recommendations, and the review
 * steps (approve / reject with a reason, applied). The actor is the caller's token; the access
 * policy requires the approver role for review steps and the workflow re-checks it.
 */
import {
  checkDrafts,
  getRecommendation,
  listRecommendations,
  loadOfferCatalog,
  transition,
  warehouseProbe,
} from '@costlens/core';
import { z } from 'zod';
import type { RegisterRoutes } from '../app-types.ts';

const STATUSES = ['proposed', 'approved', 'rejected', 'applied', 'verified', 'regressed'] as const;
const Id = z.object({ id: z.string().min(1).max(100) });

export const registerRecommendationRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/recommendations',
    {
      schema: {
        summary: 'Recommendations, largest estimated savings first',
        querystring: z
          .object({
            status: z.enum(STATUSES).optional(),
            kind: z.string().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          })
          .strict(),
      },
    },
    async (req) => ({
      recommendations: await listRecommendations(warehouse, {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.kind ? { kind: req.query.kind } : {}),
        ...(req.query.limit ? { limit: req.query.limit } : {}),
      }),
    }),
  );

  app.get(
    '/api/recommendations/:id',
    { schema: { summary: 'One recommendation with evidence, plan and history', params: Id } },
    async (req) => getRecommendation(warehouse, req.params.id),
  );

  app.post(
    '/api/recommendations/check',
    {
      schema: {
        summary: 'Guardrail verdicts for drafted recommendations (a JSON array)',
        body: z.array(z.unknown()).max(1000),
      },
    },
    async (req) => ({
      verdicts: await checkDrafts(req.body, {
        catalog: loadOfferCatalog(),
        probe: warehouseProbe(warehouse),
      }),
    }),
  );

  for (const [verb, to, needsReason] of [
    ['approve', 'approved', true],
    ['reject', 'rejected', true],
    ['applied', 'applied', false],
  ] as const) {
    app.post(
      `/api/recommendations/:id/${verb}`,
      {
        schema: {
          summary: `Mark a recommendation ${to}${needsReason ? ' (reason required)' : ''}`,
          params: Id,
          body: z
            .object({
              reason: needsReason
                ? z.string().trim().min(1).max(2000)
                : z.string().trim().max(2000).optional(),
            })
            .strict(),
        },
      },
      async (req) => {
        const p = req.principal!;
        await transition(warehouse, req.params.id, to, {
          actor: { id: p.actor, role: p.role },
          ...(req.body.reason ? { reason: req.body.reason } : {}),
        });
        return getRecommendation(warehouse, req.params.id);
      },
    );
  }
};
