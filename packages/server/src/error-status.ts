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

const CLIENT_ERROR_CODES: Partial<Record<number, ApiErrorBody['error']['code']>> = {
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};
const CLIENT_ERROR_HINTS: Partial<Record<number, string>> = {
  413: 'Send a smaller body, or raise limits.bodyBytes in the server config.',
};

/** An issue as the API reports it: a located problem, `field` being a dotted request path. */
export interface ApiIssue extends Issue {
  field?: string;
}

export interface ApiErrorBody {
  error: {
    code:
      | CostLensErrorCode
      | 'NOT_IMPLEMENTED'
      | 'ROUTE_NOT_FOUND'
      | 'PAYLOAD_TOO_LARGE'
      | 'RATE_LIMITED';
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
  const fe = e as { statusCode?: number; message?: string; code?: string; hint?: unknown };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors (bad JSON body, unsupported media type, body too large) and
    // the limits' (limits.ts: 413 with the cap, 429 with the budget).
    const code = CLIENT_ERROR_CODES[fe.statusCode] ?? 'INVALID_INPUT';
    const hint = typeof fe.hint === 'string' ? fe.hint : CLIENT_ERROR_HINTS[fe.statusCode];
    return {
      status: fe.statusCode,
      body: {
        error: {
          code,
          message: fe.message ?? 'bad request',
          ...(hint ? { hint } : {}),
          issues: [],
        },
      },
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
