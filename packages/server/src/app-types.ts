/** The app's types shared by create-server and the route modules (kept apart to avoid a cycle). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Warehouse } from '@costlens/core';
import type { RouteAccess } from './access-policy.ts';
import type { Principal } from './principal.ts';
import type { ServerConfig } from './server-config.ts';
import type { ServerServices } from './services.ts';

/** The Fastify instance with the zod type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** What every route module receives. */
export interface RouteDeps {
  warehouse: Warehouse;
  services: ServerServices;
  config: ServerConfig;
}

/** Registers one resource's routes. */
export type RegisterRoutes = (app: App, deps: RouteDeps) => void;
