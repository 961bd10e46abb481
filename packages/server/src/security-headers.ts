/**
 * Security headers on every response, through @fastify/helmet: a Content-Security-Policy the
 * built dashboard runs under (its own scripts and styles only; inline style attributes, which
 * React and ECharts set; fetches to this origin only), no framing (frame-ancestors 'none',
 * X-Frame-Options DENY), nosniff, Referrer-Policy no-referrer. HTML documents served from /api
 * (e.g. the initiative one-pager) get a stricter policy: no scripts at all, inline CSS only.
 * No HSTS and no upgrade-insecure-requests: the server speaks plain HTTP on loopback or behind
 * the operator's TLS proxy, which owns those.
 */
import fastifyHelmet from '@fastify/helmet';
import type { App } from './app-types.ts';

/** The dashboard's policy, as directives (kept here so a test can check the header against it). */
export const DASHBOARD_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** For self-contained HTML documents returned by API routes. */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Registers the headers for every route (API, dashboard files, 404s). Call before the access
 * policy's hook so refused requests carry the headers too.
 * @example await registerSecurityHeaders(app);
 */
export async function registerSecurityHeaders(app: App): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(DASHBOARD_CSP).map(([k, v]) => [k, [...v]])),
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (req.url.startsWith('/api/') && type.startsWith('text/html')) {
      reply.header('content-security-policy', DOCUMENT_CSP);
    }
  });
}
