/**
 * Per-caller rate limits and request-body caps for the API (settings: limits-config.ts).
 * A caller is its API token when one was verified, else its IP, so two tokens behind one proxy
 * never share a budget. Budgets are checked after authentication (route-level hooks run after
 * the access policy's), so a rejected token costs its sender nothing here: tokens are 256-bit
 * random, not guessable. Over budget → 429 RATE_LIMITED with Retry-After; a body over its cap →
 * 413 PAYLOAD_TOO_LARGE before any of it is parsed, so nothing is written.
 * Static dashboard files are not rate limited. Budgets live in this process's memory.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { App } from './app-types.ts';
import { UPLOAD_ROUTES } from './limits-config.ts';
import type { LimitSettings, RateBudget } from './limits-config.ts';

/** An HTTP client error with the API's error code and a hint; error-status.ts maps it. */
export class LimitError extends Error {
  constructor(
    readonly statusCode: 413 | 429,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

/** `token:<id>` for a verified token, else `ip:<address>`. */
export function callerKey(req: FastifyRequest): string {
  const tokenId = req.principal?.tokenId;
  return tokenId ? `token:${tokenId}` : `ip:${req.ip}`;
}

function isApiRoute(url: string): boolean {
  return url.startsWith('/api/') || url === '/mcp';
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function describeWindow(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function tooMany(scope: string, budget: RateBudget) {
  return (_req: FastifyRequest, ctx: { after: string }) =>
    new LimitError(
      429,
      `rate limit: ${scope} allows ${budget.max} requests per ${describeWindow(budget.windowMs)} per caller; retry in ${ctx.after}`,
      'Wait the Retry-After seconds, or ask the operator to raise limits in the server config.',
    );
}

/**
 * Sets each API route's body cap and budget, then registers @fastify/rate-limit. Call before
 * the routes are declared (it works through an onRoute hook).
 * @example await registerLimits(app, config.limits);
 */
export async function registerLimits(app: App, limits: LimitSettings): Promise<void> {
  app.addHook('onRoute', (r: RouteOptions) => {
    if (!isApiRoute(r.url)) {
      r.config = { ...r.config, rateLimit: false };
      return;
    }
    const key = `${[r.method].flat()[0]} ${r.url}`;
    r.bodyLimit = UPLOAD_ROUTES.includes(key) ? limits.uploadBodyBytes : limits.bodyBytes;
    const own = limits.routeBudgets[key];
    // Routes without their own budget share the general one (the plugin's global store).
    if (own && limits.rateLimits) {
      const rateLimit = {
        max: own.max,
        timeWindow: own.windowMs,
        keyGenerator: callerKey,
        errorResponseBuilder: tooMany(key, own),
      };
      r.config = { ...r.config, rateLimit };
    }
  });

  // Refuse by Content-Length before reading the body; a chunked body over the cap still stops
  // at the cap in Fastify's parser (413 with a generic message).
  app.addHook('preParsing', async (req) => {
    const cap = req.routeOptions.bodyLimit;
    const length = Number(req.headers['content-length']);
    if (cap === undefined || !Number.isFinite(length) || length <= cap) return;
    throw new LimitError(
      413,
      `request body is ${describeBytes(length)}; ${req.method} ${req.routeOptions.url} accepts at most ${describeBytes(cap)}`,
      UPLOAD_ROUTES.includes(`${req.method} ${req.routeOptions.url}`)
        ? 'Send fewer or smaller files per request, or raise limits.uploadBodyBytes in the server config.'
        : 'Send a smaller body, or raise limits.bodyBytes in the server config.',
    );
  });

  await app.register(fastifyRateLimit, {
    global: limits.rateLimits,
    max: limits.perCaller.max,
    timeWindow: limits.perCaller.windowMs,
    keyGenerator: callerKey,
    errorResponseBuilder: tooMany('the API', limits.perCaller),
  });
}
