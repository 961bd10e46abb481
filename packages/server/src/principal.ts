/**
 * Who is calling: a verified API token, or — only while no token exists and the server listens on
 * loopback — the local demo user. The local demo user is an admin: whoever can reach 127.0.0.1
 * already owns the database file. Requests naming a non-local Host are refused in that mode so a
 * web page cannot reach it through DNS rebinding. Tokens never reach a log.
 */
import type { Role, Warehouse } from '@costlens/core';
import { CostLensError, countActiveApiTokens, verifyApiToken } from '@costlens/core';
import { isLoopbackHost } from './server-config.ts';

export interface Principal {
  /** For the audit log: `token:<id>` or `local-demo`. */
  actor: string;
  role: Role;
  tokenId: string | null;
}

export const LOCAL_DEMO: Principal = { actor: 'local-demo', role: 'admin', tokenId: null };

/** Resolves the caller from the Authorization and Host headers; throws 401-coded errors. */
export async function resolvePrincipal(
  wh: Warehouse,
  headers: { authorization?: string | undefined; host?: string | undefined },
  opts: { loopback: boolean },
): Promise<Principal> {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const who = m ? await verifyApiToken(wh, m[1]!) : null;
    if (!who) {
      throw new CostLensError({
        code: 'UNAUTHORIZED',
        message: 'unknown, revoked or malformed API token',
        hint: 'Send `Authorization: Bearer <token>` with a token from `costlens token create`.',
      });
    }
    return { actor: `token:${who.id}`, role: who.role, tokenId: who.id };
  }
  if (opts.loopback && (await countActiveApiTokens(wh)) === 0) {
    const host = (headers.host ?? '').replace(/:\d+$/, '');
    if (isLoopbackHost(host)) return LOCAL_DEMO;
  }
  throw new CostLensError({
    code: 'UNAUTHORIZED',
    message: 'this server requires an API token',
    hint: 'Create one with `costlens token create --role viewer` and send `Authorization: Bearer <token>`.',
  });
}
