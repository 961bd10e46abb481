/**
 * Builds the OpenAPI 3.1 document from the routes as registered: their zod schemas (turned into
 * JSON Schema by zod itself) and their declared access. No plugin, no second source of truth.
 */
import { z } from 'zod';
import type { RouteAccess } from './access-policy.ts';
import { ErrorBodySchema } from './schemas/error-body.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  summary?: string;
  schema?: {
    querystring?: z.ZodType;
    params?: z.ZodType;
    body?: z.ZodType;
    response?: Record<number, z.ZodType>;
  };
}

type Json = Record<string, unknown>;

function toJson(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete json['$schema'];
  return json;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const json = toJson(schema, 'input');
  const props = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof s['description'] === 'string' ? { description: s['description'] } : {}),
    schema: s,
  }));
}

/** The OpenAPI document for `routes`. */
export function buildOpenApi(routes: readonly RegisteredRoute[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const error = toJson(ErrorBodySchema, 'output');
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, Json> = {};
    for (const [status, s] of Object.entries(r.schema?.response ?? {})) {
      responses[status] = {
        description: 'OK',
        content: { 'application/json': { schema: toJson(s, 'output') } },
      };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK' };
    const errors: Record<string, string> = { '400': 'invalid request (field errors)' };
    if (r.access !== 'public') {
      errors['401'] = 'missing, unknown or revoked token';
      errors['403'] = `needs role ${r.access} or higher`;
    }
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = { description, content: { 'application/json': { schema: error } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      ...(r.summary ? { summary: r.summary } : {}),
      'x-costlens-role': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      parameters: [
        ...parameters(r.schema?.params, 'path'),
        ...parameters(r.schema?.querystring, 'query'),
      ],
      ...(r.schema?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJson(r.schema.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CostLens API',
      version,
      description:
        'Self-hosted FinOps API over the semantic layer. Send `Authorization: Bearer <token>`; roles viewer < approver < admin. Without any token, a server bound to 127.0.0.1 runs in local demo mode.',
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearerAuth: [] }],
    paths,
  };
}
