/**
 * The one table from CostLensError codes to HTTP statuses, and the JSON error body every route
 * returns: `{ error: { code, message, hint?, issues: [{ field?, message, … }] } }`.
 * Request-validation failures become 400 INVALID_INPUT with one issue per bad field.
 */
import type { CostLensErrorCode, Issue } from '@costlens/core';
import { isCostLensError } from '@costlens/core';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { NotImplementedError } from './services.ts';

export const HTTP_STATUS_BY_CODE: Record<CostLensErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  READ_ONLY: 409,
  UNKNOWN_FORMAT: 422,
  SOURCE_UNREADABLE: 422,
  RECONCILIATION_FAILED: 422,
  GUARDRAIL_BLOCKED: 422,
  DATABASE_BUSY: 503,
  INTERNAL: 500,
};

/** An issue as the API reports it: a located problem, `field` being a dotted request path. */
export interface ApiIssue extends Issue {
  field?: string;
}

export interface ApiErrorBody {
  error: {
    code: CostLensErrorCode | 'NOT_IMPLEMENTED' | 'ROUTE_NOT_FOUND';
    message: string;
    hint?: string;
    issues: ApiIssue[];
  };
}

/** Maps anything thrown by a handler or by validation to a status and body. */
export function toErrorResponse(e: unknown): { status: number; body: ApiErrorBody } {
  if (hasZodFastifySchemaValidationErrors(e)) {
    const part = (e as { validationContext?: string }).validationContext ?? 'request';
    const issues = e.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { field: path ? `${part}.${path}` : part, message: v.message ?? 'invalid' };
    });
    return {
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message: `invalid ${part}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
          hint: 'See /api/openapi.json for the accepted fields.',
          issues,
        },
      },
    };
  }
  if (e instanceof NotImplementedError) {
    const body = { code: 'NOT_IMPLEMENTED' as const, message: e.message, issues: [] };
    return { status: 501, body: { error: e.hint ? { ...body, hint: e.hint } : body } };
  }
  if (isCostLensError(e)) {
    return {
      status: HTTP_STATUS_BY_CODE[e.code],
      body: {
        error: {
          code: e.code,
          message: e.message,
          ...(e.hint ? { hint: e.hint } : {}),
          issues: [...e.issues],
        },
      },
    };
  }
  const fe = e as { statusCode?: number; message?: string; code?: string };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors (bad JSON body, unsupported media type, body too large).
    return {
      status: fe.statusCode,
      body: { error: { code: 'INVALID_INPUT', message: fe.message ?? 'bad request', issues: [] } },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'internal error (a bug: please report it with the server log)',
        issues: [],
      },
    },
  };
}
