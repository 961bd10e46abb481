/**
 * `costlens token create|list|revoke` — API tokens (viewer < approver < admin). The plain token is
 * printed once, at creation; only its hash is stored. While a server owns the database, the
 * commands go through its API (which needs an admin, or the local demo mode).
 */
import type { ApiTokenInfo, CreatedApiToken } from '@costlens/core';
import { createApiToken, listApiTokens, revokeApiToken, ROLES } from '@costlens/core';
import type { CommandContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

async function withStoreOrServer<T>(
  ctx: CommandContext,
  local: (c: CommandContext) => Promise<T>,
  remote: (c: NonNullable<ReturnType<CommandContext['server']>>) => Promise<T>,
): Promise<T> {
  const server = ctx.server();
  if (server) {
    try {
      // The advert may be stale in a way the pid check misses; the file lock is the truth.
      return await remote(server);
    } catch (e) {
      if ((e as { code?: string }).code !== 'DATABASE_BUSY') throw e;
    }
  }
  return local(ctx);
}

export const registerToken: RegisterCommand = (program, ctx) => {
  const token = program
    .command('token')
    .description('Manage API tokens for `costlens serve` (roles: viewer, approver, admin).');

  token
    .command('create')
    .description('Create a token; it is printed once and stored only as a hash.')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'a label to recognise it by')
    .action(async (opts: { role: string; name?: string }) => {
      const c = ctx();
      const created = await withStoreOrServer<CreatedApiToken>(
        c,
        async (l) =>
          createApiToken(await l.openStore(), {
            role: opts.role,
            actor: l.actor,
            ...(opts.name ? { name: opts.name } : {}),
          }),
        (s) =>
          s.request('POST', '/api/tokens', {
            role: opts.role,
            ...(opts.name ? { name: opts.name } : {}),
          }),
      );
      if (c.out.json) {
        c.out.data(created);
        return;
      }
      c.out.line(created.token);
      c.out.info(
        `Created ${created.role} token ${created.id} (${created.name}). Store it now: it is not shown again.`,
      );
      c.out.info('Use it as `Authorization: Bearer <token>`, or COSTLENS_TOKEN for the CLI.');
    });

  token
    .command('list')
    .description('List tokens (never the secrets).')
    .action(async () => {
      const c = ctx();
      const tokens = await withStoreOrServer<ApiTokenInfo[]>(
        c,
        async (l) => listApiTokens(await l.openStore({ readOnly: true })),
        async (s) => (await s.request<{ tokens: ApiTokenInfo[] }>('GET', '/api/tokens')).tokens,
      );
      if (c.out.json) {
        c.out.data(tokens);
        return;
      }
      if (tokens.length === 0) {
        c.out.line('No API tokens. `costlens serve` runs in local demo mode (loopback only).');
        return;
      }
      c.out.table(
        ['id', 'name', 'role', 'created', 'by', 'revoked'],
        tokens.map((t) => [t.id, t.name, t.role, t.createdAt, t.createdBy, t.revokedAt ?? '']),
      );
    });

  token
    .command('revoke')
    .description('Revoke a token by id; requests with it get 401 from then on.')
    .argument('<id>', 'the token id (see `costlens token list`)')
    .action(async (id: string) => {
      const c = ctx();
      const revoked = await withStoreOrServer<ApiTokenInfo>(
        c,
        async (l) => revokeApiToken(await l.openStore(), id, { actor: l.actor }),
        (s) => s.request('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
      );
      if (c.out.json) c.out.data(revoked);
      else c.out.line(`Revoked ${revoked.id} (${revoked.name}).`);
    });
};
