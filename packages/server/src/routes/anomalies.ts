/**
 * Anomalies: list by severity, one with its band, drivers and explanation, and the lifecycle
 * (acknowledge, resolve) and feedback (expected / real issue / not an issue) that tunes its
 * monitor. Changes need the approver role and are recorded with the caller as the actor.
 */
import { z } from 'zod';
import {
  getAnomaly,
  listAnomalies,
  listMonitors,
  recordFeedback,
  setAnomalyStatus,
} from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const Id = z.object({ id: z.string().min(1).max(200) }).strict();

export const registerAnomalyRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/anomalies',
    {
      schema: {
        summary: 'Anomalies by severity, then impact, one per incident unless group=none',
        querystring: z
          .object({
            status: z.enum(['open', 'acknowledged', 'resolved', 'active']).optional(),
            monitor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            // incident (default): one row per incident, others in `related`; none: every monitor's.
            group: z.enum(['incident', 'none']).default('incident'),
          })
          .strict(),
      },
    },
    async (req) => ({
      anomalies: await listAnomalies(warehouse, {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.monitor ? { monitorId: req.query.monitor } : {}),
        limit: req.query.limit,
        // One monitor's list shows all of that monitor's anomalies.
        incidents: req.query.group === 'incident' && !req.query.monitor,
      }),
    }),
  );

  app.get('/api/monitors', { schema: { summary: 'Anomaly monitors' } }, async () => ({
    monitors: await listMonitors(warehouse),
  }));

  app.get(
    '/api/anomalies/:id',
    { schema: { summary: 'One anomaly with band, drivers and explanation', params: Id } },
    async (req) => getAnomaly(warehouse, req.params.id),
  );

  app.post(
    '/api/anomalies/:id/status',
    {
      schema: {
        summary: 'Acknowledge or resolve an anomaly',
        params: Id,
        body: z
          .object({
            status: z.enum(['acknowledged', 'resolved']),
            reason: z.string().max(2000).optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      setAnomalyStatus(warehouse, req.params.id, req.body.status, {
        actor: req.principal!.actor,
        ...(req.body.reason ? { reason: req.body.reason } : {}),
        now: new Date(),
      }),
  );

  app.post(
    '/api/anomalies/:id/feedback',
    {
      schema: {
        summary: 'Label an anomaly; adjusts its monitor’s sensitivity and precision',
        params: Id,
        body: z
          .object({
            feedback: z.enum(['expected', 'real_issue', 'not_an_issue']),
            note: z.string().max(2000).optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      recordFeedback(warehouse, req.params.id, req.body.feedback, {
        actor: req.principal!.actor,
        ...(req.body.note ? { note: req.body.note } : {}),
        now: new Date(),
      }),
  );
};
