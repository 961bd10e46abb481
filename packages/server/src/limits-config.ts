/**
 * The server's protective limits as settings: per-caller request budgets (a general one, and
 * stricter ones for routes that cost CPU, money or disk), body-size caps, and whether the
 * security headers are sent. Pure: normalized once from a partial spec. Benchmarks raise the
 * budgets or set `rateLimits: false`; production keeps the defaults or tightens them.
 */
import { z } from 'zod';

/** At most `max` requests per `windowMs` per caller (token id, else client IP). */
export interface RateBudget {
  readonly max: number;
  readonly windowMs: number;
}

export interface LimitSettings {
  /** False disables every rate limit (body caps and headers stay). */
  readonly rateLimits: boolean;
  /** The budget shared by every API route not listed in `routeBudgets`. */
  readonly perCaller: RateBudget;
  /** Separate, stricter budgets, keyed `METHOD /path` as in access-policy.ts. */
  readonly routeBudgets: Readonly<Record<string, RateBudget>>;
  /** Largest request body for most routes, in bytes. */
  readonly bodyBytes: number;
  /** Largest request body for upload routes (`UPLOAD_ROUTES`), in bytes. */
  readonly uploadBodyBytes: number;
  /** Helmet's headers: CSP, frame-ancestors 'none', nosniff, no-referrer, … */
  readonly securityHeaders: boolean;
}

const Budget = z.object({ max: z.int().min(1), windowMs: z.int().min(1) }).strict();

/** The `limits` section as a user writes it (every field optional). */
export const LimitsSpec = z
  .object({
    rateLimits: z.boolean().optional(),
    perCaller: Budget.optional(),
    routeBudgets: z.record(z.string().regex(/^[A-Z]+ \/\S*$/, 'METHOD /path'), Budget).optional(),
    bodyBytes: z.int().min(1).optional(),
    uploadBodyBytes: z.int().min(1).optional(),
    securityHeaders: z.boolean().optional(),
  })
  .strict();
export type LimitsSpec = z.infer<typeof LimitsSpec>;

const MINUTE_MS = 60_000;

/** Routes whose bodies carry files; they get `uploadBodyBytes` instead of `bodyBytes`. */
export const UPLOAD_ROUTES: readonly string[] = ['POST /api/ai/ingest'];

/**
 * Defaults: a dashboard page makes ~10 calls, so 600/min per caller is far above a person's use;
 * the assistant may call a paid model, raw SQL and MCP tool chains scan the whole table, and an
 * ingest rewrites billing periods, so each of those has its own smaller budget.
 */
export const DEFAULT_LIMITS: LimitSettings = {
  rateLimits: true,
  perCaller: { max: 600, windowMs: MINUTE_MS },
  routeBudgets: {
    'POST /api/ask': { max: 30, windowMs: MINUTE_MS },
    'POST /api/sql': { max: 60, windowMs: MINUTE_MS },
    'POST /mcp': { max: 120, windowMs: MINUTE_MS },
    'POST /api/ai/ingest': { max: 10, windowMs: MINUTE_MS },
  },
  bodyBytes: 1024 * 1024,
  uploadBodyBytes: 64 * 1024 * 1024,
  securityHeaders: true,
};

/**
 * Fills defaults; `routeBudgets` given by the user replace the default budget of the same route
 * and keep the others.
 * @example normalizeLimits({ rateLimits: false }) // benchmarks: no 429s, body caps still on
 */
export function normalizeLimits(spec: LimitsSpec = {}): LimitSettings {
  return {
    rateLimits: spec.rateLimits ?? DEFAULT_LIMITS.rateLimits,
    perCaller: spec.perCaller ?? DEFAULT_LIMITS.perCaller,
    routeBudgets: { ...DEFAULT_LIMITS.routeBudgets, ...spec.routeBudgets },
    bodyBytes: spec.bodyBytes ?? DEFAULT_LIMITS.bodyBytes,
    uploadBodyBytes: spec.uploadBodyBytes ?? DEFAULT_LIMITS.uploadBodyBytes,
    securityHeaders: spec.securityHeaders ?? DEFAULT_LIMITS.securityHeaders,
  };
}
