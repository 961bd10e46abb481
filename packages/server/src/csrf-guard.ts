/**
 * Cross-site request forgery guard. The API authenticates with bearer tokens, which a browser never
 * attaches on its own — except in local demo mode, where a request with no token from loopback is
 * the admin (principal.ts), so any page the user visits could try to POST to 127.0.0.1. This hook
 * refuses state-changing requests (POST, PUT, PATCH, DELETE) that a browser marks as coming from
 * another site (Sec-Fetch-Site, else an Origin that is not this host), and requires a JSON body on
 * them: the form and text/plain bodies a page may send without a CORS preflight are refused. No
 * CORS headers are ever sent, so a preflighted request from another origin fails in the browser.
 * Slack's route is exempt from the JSON rule only: it is form-encoded and signed (slack/).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { CostLensError } from '@costlens/core';
import type { App } from './app-types.ts';
import { SLACK_EVENTS_PATH } from './slack/slack-receiver.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Why a request looks cross-site, or null. Sec-Fetch-Site (set by the browser, not by pages) is
 * trusted when present; otherwise the Origin's host must equal the Host (or X-Forwarded-Host,
 * which a page cannot set without a preflight). Requests with neither header (CLI, curl, agents)
 * pass: they carry no ambient credentials a page could borrow.
 * @example crossSiteReason({ origin: 'https://evil.example', host: '127.0.0.1:4173' }) // 'Origin https://evil.example is not this server'
 */
export function crossSiteReason(headers: IncomingHttpHeaders): string | null {
  const site = one(headers['sec-fetch-site'])?.toLowerCase();
  if (site !== undefined) {
    return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is ${site}`;
  }
  const origin = one(headers['origin']);
  if (origin === undefined) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `Origin ${origin.slice(0, 100)} is not this server`;
  }
  const hosts = [one(headers['x-forwarded-host']), one(headers.host)]
    .filter((h): h is string => typeof h === 'string')
    .map((h) => h.split(',')[0]!.trim().toLowerCase());
  return hosts.includes(originHost) ? null : `Origin ${origin.slice(0, 100)} is not this server`;
}

/** True when the request carries a body (a length above zero, or chunked). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = Number(one(headers['content-length']) ?? '0');
  return length > 0 || headers['transfer-encoding'] !== undefined;
}

/**
 * Adds the guard as an onRequest hook; register it before the access policy's hook so a forged
 * request is refused before any caller is resolved.
 * @example registerCsrfGuard(app);
 */
export function registerCsrfGuard(app: App): void {
  app.addHook('onRequest', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    const why = crossSiteReason(req.headers);
    if (why) {
      throw new CostLensError({
        code: 'FORBIDDEN',
        message: `cross-site ${req.method} refused: ${why}`,
        hint: 'Changes are accepted from the CostLens dashboard on this server or from API clients (CLI, scripts), not from other web pages.',
      });
    }
    const path = req.url.split('?')[0];
    if (path === SLACK_EVENTS_PATH || !hasBody(req.headers)) return;
    const type = (one(req.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      throw Object.assign(
        new Error(`${req.method} ${path} takes application/json, not ${type || 'no content type'}`),
        { statusCode: 415, hint: 'Send the body as JSON with Content-Type: application/json.' },
      );
    }
  });
}
