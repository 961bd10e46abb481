/**
 * API tokens in the store (table `api_token`): create, list, revoke, verify. Only hashes are
 * stored; the plain token is returned once, at creation. Creation and revocation are written to
 * the audit log in the same transaction.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { isRole, ROLES } from './roles.ts';
import type { Role } from './roles.ts';
import { newTokenSecret, tokenId, tokenMatches } from './token-secret.ts';

export interface ApiTokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export interface CreatedApiToken extends ApiTokenInfo {
  /** The plain token: shown once, never stored. */
  token: string;
}

export interface CreateApiTokenInput {
  role: string;
  name?: string;
  /** Who asked (for the audit log). */
  actor: string;
  now?: () => Date;
  random?: (n: number) => Buffer;
}

/**
 * Creates a token and audits it; returns the plain token once.
 * @example const { token } = await createApiToken(wh, { role: 'viewer', actor: 'cli' });
 */
export async function createApiToken(
  wh: Warehouse,
  input: CreateApiTokenInput,
): Promise<CreatedApiToken> {
  if (!isRole(input.role)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown role "${input.role}"`,
      hint: `Use one of: ${ROLES.join(', ')}.`,
      issues: [{ column: 'role', message: `unknown role "${input.role}"` }],
    });
  }
  const role = input.role;
  const secret = newTokenSecret(input.random);
  const createdAt = (input.now ?? (() => new Date()))().toISOString();
  const name = input.name?.trim() || `${role}-${secret.id.slice(0, 4)}`;
  await wh.transaction(async (tx) => {
    await tx.exec(
      `INSERT INTO api_token (id, name, role, token_sha256, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6)`,
      [secret.id, name, role, secret.sha256, createdAt, input.actor],
    );
    await appendAudit(tx, {
      actor: input.actor,
      action: 'token.create',
      target: secret.id,
      detail: { name, role },
      at: new Date(createdAt),
    });
  });
  return {
    id: secret.id,
    name,
    role,
    createdAt,
    createdBy: input.actor,
    revokedAt: null,
    token: secret.token,
  };
}

const SELECT_INFO = `SELECT id, name, role, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  created_by, strftime(revoked_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS revoked_at, token_sha256 FROM api_token`;

type TokenRow = Record<string, string | null>;

function toInfo(r: TokenRow): ApiTokenInfo {
  return {
    id: String(r['id']),
    name: String(r['name']),
    role: r['role'] as Role,
    createdAt: String(r['created_at']),
    createdBy: String(r['created_by']),
    revokedAt: r['revoked_at'] ?? null,
  };
}

/** Every token (never the secret), oldest first. */
export async function listApiTokens(wh: Warehouse): Promise<ApiTokenInfo[]> {
  const rows = await wh.query<TokenRow>(`${SELECT_INFO} ORDER BY created_at, id`);
  return rows.map(toInfo);
}

/** How many tokens can still be used; the server needs one before it listens beyond loopback. */
export async function countActiveApiTokens(wh: Warehouse): Promise<number> {
  const [row] = await wh.query<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM api_token WHERE revoked_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

/** Revokes a token by id and audits it; NOT_FOUND when no active token has that id. */
export async function revokeApiToken(
  wh: Warehouse,
  id: string,
  opts: { actor: string; now?: () => Date },
): Promise<ApiTokenInfo> {
  const at = (opts.now ?? (() => new Date()))().toISOString();
  return wh.transaction(async (tx) => {
    const [row] = await tx.query<TokenRow>(`${SELECT_INFO} WHERE id = $1 AND revoked_at IS NULL`, [
      id,
    ]);
    if (!row) {
      throw new CostLensError({
        code: 'NOT_FOUND',
        message: `no active API token with id "${id}"`,
        hint: 'List tokens with `costlens token list`.',
      });
    }
    await tx.exec('UPDATE api_token SET revoked_at = $2::TIMESTAMP WHERE id = $1', [id, at]);
    await appendAudit(tx, {
      actor: opts.actor,
      action: 'token.revoke',
      target: id,
      at: new Date(at),
    });
    return { ...toInfo(row), revokedAt: at };
  });
}

/**
 * The token's identity when it is well-formed, known, unrevoked and matches; otherwise null.
 * Never throws on bad input: a wrong token is an answer, not an error.
 */
export async function verifyApiToken(wh: Warehouse, token: string): Promise<ApiTokenInfo | null> {
  const id = tokenId(token);
  if (!id) return null;
  const [row] = await wh.query<TokenRow>(`${SELECT_INFO} WHERE id = $1 AND revoked_at IS NULL`, [
    id,
  ]);
  if (!row || !tokenMatches(token, String(row['token_sha256']))) return null;
  return toInfo(row);
}
