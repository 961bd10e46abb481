/**
 * AI initiatives (issue 13): `GET /api/initiatives` (portfolio: each with plan, estimate at
 * completion, ROI and checklist findings, plus spend claimed twice), `GET /api/initiatives/:id`
 * (definition, checklist, plan vs actual, ROI on the estimate and on the plan, sensitivity),
 * `GET /api/initiatives/:id/report` (the CFO one-pager as HTML), `PUT /api/initiatives/:id`
 * (create or replace a definition, approver, audited), `DELETE /api/initiatives/:id`.
 */
import { z } from 'zod';
import {
  buildInitiativeReport,
  CostLensError,
  deleteInitiative,
  getInitiative,
  initiativeReportHtml,
  listInitiatives,
  parseInitiative,
  portfolioOverlaps,
  setInitiative,
} from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const Id = z.object({ id: z.string().min(1).max(63) }).strict();

export const registerInitiativeRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/initiatives',
    { schema: { summary: 'AI initiatives: the portfolio with plan, estimate, ROI and overlaps' } },
    async () => {
      const defs = await listInitiatives(warehouse);
      const initiatives = [];
      for (const def of defs) {
        const r = await buildInitiativeReport(warehouse, def);
        initiatives.push({
          id: def.id,
          name: def.name,
          owner: def.owner,
          start: def.start,
          end: def.end,
          currency: def.currency,
          plan: r.pva.planTotal,
          actualToDate: r.pva.actualToDate,
          estimateAtCompletion: r.pva.estimateAtCompletion,
          benefit: r.roi.totalBenefit,
          roi: r.roi.roi,
          npv: r.roi.npv,
          paybackMonth: r.roi.paybackMonth,
          findings: r.plan.findings.length,
        });
      }
      return { initiatives, overlaps: await portfolioOverlaps(warehouse, defs) };
    },
  );

  app.get(
    '/api/initiatives/:id',
    {
      schema: {
        summary: 'One initiative: checklist, plan vs actual, ROI, sensitivity',
        params: Id,
      },
    },
    async (req) => {
      const def = await getInitiative(warehouse, req.params.id);
      return buildInitiativeReport(warehouse, def);
    },
  );

  app.get(
    '/api/initiatives/:id/report',
    { schema: { summary: 'The CFO one-pager for an initiative (HTML)', params: Id } },
    async (req, reply) => {
      const def = await getInitiative(warehouse, req.params.id);
      reply.type('text/html; charset=utf-8');
      return initiativeReportHtml(await buildInitiativeReport(warehouse, def));
    },
  );

  app.put(
    '/api/initiatives/:id',
    {
      schema: {
        summary: 'Create or replace an initiative definition (audited)',
        params: Id,
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => {
      const def = parseInitiative(req.body, 'request body');
      if (def.id !== req.params.id) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `the body's id "${def.id}" does not match the URL's "${req.params.id}"`,
        });
      }
      const r = await setInitiative(warehouse, def, { actor: req.principal!.actor });
      reply.code(r.replaced ? 200 : 201);
      return { id: def.id, ...r };
    },
  );

  app.delete(
    '/api/initiatives/:id',
    { schema: { summary: 'Delete an initiative (audited)', params: Id } },
    async (req) => {
      await deleteInitiative(warehouse, req.params.id, { actor: req.principal!.actor });
      return { deleted: req.params.id };
    },
  );
};
