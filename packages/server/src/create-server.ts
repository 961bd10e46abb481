/**
 * Builds the Fastify app: zod validation, the access policy (every /api route declared with a
 * minimum role, deny by default), one error mapping, the OpenAPI document, the dashboard's static
 * files. It does not open or close the store and does not listen: see start-server.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Warehouse } from '@costlens/core';
import { CostLensError, hasRole } from '@costlens/core';
import { accessFor } from './access-policy.ts';
import type { App, RouteDeps } from './app-types.ts';
import { registerCsrfGuard } from './csrf-guard.ts';
import { toErrorResponse } from './error-status.ts';
import { buildOpenApi } from './openapi.ts';
import type { RegisteredRoute } from './openapi.ts';
import { resolvePrincipal } from './principal.ts';
import { registerLimits } from './limits.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { ROUTES } from './routes/index.ts';
import { normalizeServerConfig } from './server-config.ts';
import type { ServerConfig, ServerConfigSpec } from './server-config.ts';
import type { ServerServices } from './services.ts';
import { mountAlertingSchedule } from './alerting-schedule.ts';
import type { AlertingScheduleOptions } from './alerting-schedule.ts';
import { mountSlack } from './slack/slack-app.ts';
import { registerSlackOff } from './slack/slack-receiver.ts';
import type { SlackAppOptions } from './slack/slack-app.ts';

export interface CreateServerOptions {
  warehouse: Warehouse;
  config?: ServerConfig | ServerConfigSpec;
  services?: ServerServices;
  /** false (default) for silence; or pino options, e.g. `{ level: 'info' }` (JSON lines). */
  logger?: boolean | { level?: string; stream?: { write(line: string): void } };
  /** The Slack app (POST /api/slack/events, or Socket Mode) and its alert/digest schedule. */
  slack?: SlackAppOptions;
  /** Detection, alerts, digest and budget notices on a timer through the alerting channels. */
  alerting?: AlertingScheduleOptions;
}

/**
 * Creates the app (not listening). Test it with `app.inject`, or `app.listen({ port: 0 })`.
 * @example const app = await createServer({ warehouse: await DuckDbWarehouse.open() });
 */
export async function createServer(opts: CreateServerOptions): Promise<App> {
  const config =
    opts.config && 'loopback' in opts.config ? opts.config : normalizeServerConfig(opts.config);
  const logger =
    opts.logger && typeof opts.logger === 'object'
      ? {
          level: opts.logger.level ?? 'info',
          ...(opts.logger.stream ? { stream: opts.logger.stream } : {}),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        }
      : Boolean(opts.logger);
  const app = Fastify({ logger, exposeHeadRoutes: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  if (config.limits.securityHeaders) await registerSecurityHeaders(app);
  await registerLimits(app, config.limits);

  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/') && r.url !== '/mcp') return;
    for (const method of [r.method].flat()) {
      const access = accessFor(method, r.url);
      if (!access) {
        throw new Error(`${method} ${r.url} has no entry in ROUTE_POLICY (access-policy.ts)`);
      }
      r.config = { ...r.config, access };
      registered.push({
        method,
        url: r.url,
        access,
        ...(typeof r.schema?.summary === 'string' ? { summary: r.schema.summary } : {}),
        ...(r.schema ? { schema: r.schema as RegisteredRoute['schema'] } : {}),
      });
    }
  });

  registerCsrfGuard(app);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access === 'public') return;
    const principal = await resolvePrincipal(opts.warehouse, req.headers, config);
    if (!hasRole(principal.role, access)) {
      throw new CostLensError({
        code: 'FORBIDDEN',
        message: `${req.method} ${req.routeOptions.url} needs role ${access}; this token is ${principal.role}`,
        hint: `Ask an admin for a token with role ${access} (costlens token create --role ${access}).`,
      });
    }
    req.principal = principal;
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.error.code, status }, body.error.message);
    return reply.status(status).send(body);
  });

  const deps: RouteDeps = {
    warehouse: opts.warehouse,
    services: opts.services ?? {},
    config,
  };
  for (const register of ROUTES) register(app, deps);
  if (opts.slack) mountSlack(app, opts.warehouse, opts.slack);
  else registerSlackOff(app, 'Slack is not configured on this server');
  if (opts.alerting) mountAlertingSchedule(app, opts.warehouse, opts.alerting);
  app.get('/api/openapi.json', { schema: { summary: 'This document' } }, async () =>
    buildOpenApi(registered, config.version),
  );

  const index = config.webRoot ? join(config.webRoot, 'index.html') : null;
  const hasWeb = index !== null && existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webRoot!,
      prefix: '/',
      wildcard: false,
      // Vite names assets by content hash: cache them for good; index.html is always revalidated.
      setHeaders: (reply, path) => {
        if (/[\\/]assets[\\/]/.test(path)) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && hasWeb && !req.url.startsWith('/api/')) {
      // Client-side routes (/explorer?…) load the app, which reads its state from the URL.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `no route ${req.method} ${req.url.split('?')[0]}`,
        hint: 'See /api/openapi.json for the routes.',
        issues: [],
      },
    });
  });
  return app as unknown as App;
}
