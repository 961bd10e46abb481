import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import {
  countActiveApiTokens,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
} from './api-tokens.ts';
import { hasRole } from './roles.ts';

describe('API tokens', () => {
  it('stores only a hash and verifies the plain token it returned once', async () => {
    const wh = await DuckDbWarehouse.open();
    const created = await createApiToken(wh, { role: 'approver', name: 'ci', actor: 'cli:test' });
    assert.match(created.token, /^clk_[a-z0-9]{12}_/);
    const [stored] = await wh.query<Record<string, string>>('SELECT * FROM api_token');
    assert.ok(!Object.values(stored!).some((v) => String(v).includes(created.token.slice(17))));
    const who = await verifyApiToken(wh, created.token);
    assert.deepEqual(
      { id: who?.id, role: who?.role, name: who?.name },
      { id: created.id, role: 'approver', name: 'ci' },
    );
    await wh.close();
  });

  it('rejects a tampered, malformed or revoked token', async () => {
    const wh = await DuckDbWarehouse.open();
    const { token, id } = await createApiToken(wh, { role: 'viewer', actor: 'cli:test' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(await verifyApiToken(wh, token.slice(0, -1) + last), null);
    assert.equal(await verifyApiToken(wh, 'not-a-token'), null);
    assert.equal(await countActiveApiTokens(wh), 1);
    await revokeApiToken(wh, id, { actor: 'cli:test' });
    assert.equal(await verifyApiToken(wh, token), null);
    assert.equal(await countActiveApiTokens(wh), 0);
    assert.equal((await listApiTokens(wh))[0]!.revokedAt !== null, true);
    await wh.close();
  });

  it('writes token creation and revocation to the audit log without the secret', async () => {
    const wh = await DuckDbWarehouse.open();
    const { token, id } = await createApiToken(wh, { role: 'admin', actor: 'cli:alice' });
    await revokeApiToken(wh, id, { actor: 'cli:bob' });
    const log = await listAudit(wh, { actionPrefix: 'token.' });
    assert.deepEqual(
      log.map((e) => [e.action, e.actor, e.target]),
      [
        ['token.revoke', 'cli:bob', id],
        ['token.create', 'cli:alice', id],
      ],
    );
    assert.equal(log[1]!.detail['role'], 'admin');
    assert.ok(!JSON.stringify(log).includes(token));
    await wh.close();
  });

  it('refuses an unknown role and an unknown id with errors a user can act on', async () => {
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(createApiToken(wh, { role: 'root', actor: 'x' }), (e: Error) => {
      assert.match(e.message, /unknown role "root"/);
      return true;
    });
    await assert.rejects(revokeApiToken(wh, 'nope', { actor: 'x' }), /no active API token/);
    assert.equal((await listApiTokens(wh)).length, 0);
    await wh.close();
  });

  it('orders roles so that a higher role includes the lower ones', () => {
    assert.equal(hasRole('admin', 'approver'), true);
    assert.equal(hasRole('approver', 'viewer'), true);
    assert.equal(hasRole('viewer', 'approver'), false);
    assert.equal(hasRole('approver', 'admin'), false);
  });
});
