/**
 * A small client for a running `costlens serve`, found through the advert file beside the
 * database. API errors come back as CostLensErrors with the server's code, hint and issues, so
 * the CLI prints and exits the same way whether it ran locally or through the server.
 */
import type { CostLensErrorCode, Issue, ServerAdvert } from '@costlens/core';
import { CostLensError } from '@costlens/core';

export interface ServerClient {
  readonly url: string;
  readonly pid: number;
  request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

const KNOWN_CODES = new Set<CostLensErrorCode>([
  'INVALID_INPUT',
  'NOT_FOUND',
  'SOURCE_UNREADABLE',
  'UNKNOWN_FORMAT',
  'RECONCILIATION_FAILED',
  'GUARDRAIL_BLOCKED',
  'DATABASE_BUSY',
  'READ_ONLY',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
]);

/**
 * A client for the advertised server; `token` is sent as a bearer token when set.
 * @example const c = createServerClient(advert, process.env.COSTLENS_TOKEN); await c.request('GET', '/api/sources');
 */
export function createServerClient(
  advert: Pick<ServerAdvert, 'url' | 'pid'>,
  token: string | undefined,
  doFetch: typeof fetch = fetch,
): ServerClient {
  return {
    url: advert.url,
    pid: advert.pid,
    async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await doFetch(`${advert.url}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        throw new CostLensError({
          code: 'DATABASE_BUSY',
          message: `the database is held by a CostLens server (PID ${advert.pid}) that does not answer at ${advert.url}`,
          hint: 'Check that process, or stop it and run the command again.',
          cause: e,
        });
      }
      const json = (await res.json().catch(() => null)) as {
        error?: {
          code?: string;
          message?: string;
          hint?: string;
          issues?: (Issue & { field?: string })[];
        };
      } | null;
      if (res.ok) return json as T;
      const err = json?.error ?? {};
      const code = KNOWN_CODES.has(err.code as CostLensErrorCode)
        ? (err.code as CostLensErrorCode)
        : 'INTERNAL';
      const hint =
        code === 'UNAUTHORIZED' || code === 'FORBIDDEN'
          ? `${err.hint ?? ''} The CLI sends the token in COSTLENS_TOKEN.`.trim()
          : err.hint;
      throw new CostLensError({
        code,
        message: `server at ${advert.url}: ${err.message ?? `HTTP ${res.status}`}`,
        ...(hint ? { hint } : {}),
        issues: (err.issues ?? []).map((i) => ({
          ...i,
          ...(i.field && !i.column ? { column: i.field } : {}),
        })),
      });
    },
  };
}
