/**
 * GPU fleet: the fleet with its 19 metrics, scores and money; the utilization × criticality
 * matrix; one device's timeline; and the criticality registry (read: viewer; change: approver,
 * audited with the caller as actor). All numbers come from core's analysis; nothing here computes.
 */
import { z } from 'zod';
import {
  buildGpuMatrix,
  computeGpuFleet,
  CriticalityEntry,
  gpuTimeline,
  listCriticality,
  setCriticality,
} from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const Window = z
  .object({
    days: z.coerce.number().int().min(1).max(400).default(7),
  })
  .strict();

export const registerGpuRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/gpu/fleet',
    {
      schema: {
        summary: 'GPU fleet: per-device metrics, hours, scores, cost and idle $',
        querystring: Window,
      },
    },
    async (req) => computeGpuFleet(warehouse, { windowDays: req.query.days }),
  );

  app.get(
    '/api/gpu/matrix',
    {
      schema: {
        summary: 'Utilization × criticality 2×2 with $ and reasons per placement',
        querystring: Window.extend({
          highUseAt: z.coerce.number().min(0).max(1).default(0.4),
        }).strict(),
      },
    },
    async (req) =>
      buildGpuMatrix(warehouse, { windowDays: req.query.days, highUseAt: req.query.highUseAt }),
  );

  app.get(
    '/api/gpu/:id/timeline',
    {
      schema: {
        summary: 'One GPU or MIG slice over time: busy, framebuffer used, power',
        params: z.object({ id: z.string().min(1).max(200) }).strict(),
        querystring: Window,
      },
    },
    async (req) => gpuTimeline(warehouse, req.params.id, { days: req.query.days }),
  );

  app.get(
    '/api/gpu/criticality',
    { schema: { summary: 'GPU criticality registry' } },
    async () => ({
      entries: await listCriticality(warehouse),
    }),
  );

  app.put(
    '/api/gpu/criticality',
    {
      schema: {
        summary: 'Set criticality entries (by device, workload, namespace, team or host)',
        body: z
          .object({
            entries: z.array(CriticalityEntry).min(1).max(500),
            reason: z.string().max(2000).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const r = await setCriticality(warehouse, req.body.entries, {
        actor: req.principal!.actor,
        ...(req.body.reason ? { reason: req.body.reason } : {}),
      });
      return { ...r, entries: await listCriticality(warehouse) };
    },
  );
};
