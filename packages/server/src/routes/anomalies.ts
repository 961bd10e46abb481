/**
 * Anomalies: list by severity, one with its band, drivers and explanation, and the lifecycle
 * (acknowledge, resolve) and feedback (expected / real issue / not an issue) that tunes its
 * monitor. Changes need the approver role and are recorded with the caller as the actor.
 */
import { z } from 'zod';
import {
  MONITOR_GRANULARITIES,
  addMonitor,
  getAnomaly,
  listAnomalies,
  listMonitors,
  monitorPrecision,
  recordFeedback,
  removeMonitor,
  setAnomalyStatus,
  setMonitorEnabled,
} from '@costlens/core';
import type { Filter } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const Id = z.object({ id: z.string().min(1).max(200) }).strict();

/** A monitor's scope: semantic-layer filters (dimensions are checked when the scope compiles). */
const MonitorFilter = z
  .object({
    dimension: z.string().min(1).max(200),
    op: z.enum(['eq', 'neq', 'in', 'not_in', 'contains', 'is_null', 'is_not_null']),
    value: z.union([z.string().max(500), z.array(z.string().max(500)).max(100)]).optional(),
  })
  .strict();

const MonitorBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    metric: z.string().min(1).max(100).optional(),
    filters: z.array(MonitorFilter).max(20).default([]),
    team: z.string().min(1).max(200).optional(),
    minImpactUsd: z
      .string()
      .regex(/^\d{1,12}(\.\d{1,6})?$/, 'a non-negative decimal amount, e.g. "25" or "12.50"')
      .optional(),
    minRelative: z.number().min(0).max(10).optional(),
    granularity: z.enum(MONITOR_GRANULARITIES as unknown as ['day', 'hour']).optional(),
  })
  .strict();

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

  app.get('/api/monitors', { schema: { summary: 'Anomaly monitors' } }, async () => {
    const precision = new Map((await monitorPrecision(warehouse)).map((p) => [p.monitorId, p]));
    return {
      monitors: (await listMonitors(warehouse)).map((m) => ({
        ...m,
        precision: precision.get(m.id) ?? null,
      })),
    };
  });

  app.post(
    '/api/monitors',
    {
      schema: {
        summary: 'Add a monitor over a scope (or take over a watched one)',
        body: MonitorBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const monitor = await addMonitor(
        warehouse,
        {
          filters: b.filters as Filter[],
          ...(b.name ? { name: b.name } : {}),
          ...(b.metric ? { metric: b.metric } : {}),
          ...(b.team ? { team: b.team } : {}),
          ...(b.minImpactUsd ? { minImpactUsd: b.minImpactUsd } : {}),
          ...(b.minRelative === undefined ? {} : { minRelative: b.minRelative }),
          ...(b.granularity ? { granularity: b.granularity } : {}),
        },
        { now: new Date(), actor: req.principal!.actor },
      );
      reply.code(201);
      return monitor;
    },
  );

  app.post(
    '/api/monitors/:id/enabled',
    {
      schema: {
        summary: 'Turn a monitor on or off',
        params: Id,
        body: z.object({ enabled: z.boolean() }).strict(),
      },
    },
    async (req) =>
      setMonitorEnabled(warehouse, req.params.id, req.body.enabled, {
        actor: req.principal!.actor,
        now: new Date(),
      }),
  );

  app.delete(
    '/api/monitors/:id',
    { schema: { summary: 'Remove a monitor a user added (disable a default one)', params: Id } },
    async (req) => {
      await removeMonitor(warehouse, req.params.id, {
        actor: req.principal!.actor,
        now: new Date(),
      });
      return { removed: req.params.id };
    },
  );

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
