import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Role, Warehouse } from '@costlens/core';
import { ASSISTANT_TOOLS, createApiToken, getRecommendation, hasRole, ROLES } from '@costlens/core';
import { openDigestFixture } from '../../core/src/digest/digest-fixture.ts';
import { TOOL_POLICY } from './access-policy.ts';
import type { App } from './app-types.ts';
import { createServer } from './create-server.ts';
import { storeFingerprint } from './store-fingerprint.ts';

/**
 * The MCP authorization matrix, generated from TOOL_POLICY: every assistant tool × role over
 * POST /mcp with real API tokens and the SDK's own client. tools/list shows exactly the tools the
 * role allows; tools/call above the role is refused and changes nothing; no token gets 401.
 */

describe('MCP authorization matrix (TOOL_POLICY × role over POST /mcp)', () => {
  let wh: Warehouse;
  let app: App;
  let url: URL;
  let recId: string;
  const tokens: Partial<Record<Role, string>> = {};

  const connect = async (role: Role) => {
    const client = new Client({ name: 'matrix', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${tokens[role]!}` } },
      }),
    );
    return client;
  };

  /** Arguments that pass each tool's schema, so an allowed call does its real work. */
  const args = (name: string): Record<string, unknown> =>
    name === 'approve_recommendation'
      ? { id: recId, reason: 'approved in the MCP matrix test' }
      : name === 'check_recommendation'
        ? { id: recId }
        : {};

  before(async () => {
    const fx = await openDigestFixture();
    wh = fx.wh;
    recId = fx.recIds[0]!;
    for (const role of ROLES) {
      tokens[role] = (await createApiToken(wh, { role, actor: 'matrix-setup' })).token;
    }
    app = await createServer({ warehouse: wh });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
  });
  after(async () => {
    await app.close();
    await wh.close();
  });

  it('TOOL_POLICY declares every registered tool with the role the tool enforces; mutating tools are never viewer', () => {
    assert.deepEqual(ASSISTANT_TOOLS.map((t) => t.name).sort(), Object.keys(TOOL_POLICY).sort());
    for (const tool of ASSISTANT_TOOLS) {
      assert.equal(tool.minRole, TOOL_POLICY[tool.name], tool.name);
      if (tool.mutates) assert.notEqual(tool.minRole, 'viewer', tool.name);
    }
    assert.equal(TOOL_POLICY['approve_recommendation'], 'approver');
  });

  it('no token or a bad token gets 401 before any MCP message is read', async () => {
    for (const authorization of [undefined, 'Bearer cl_bogus_0000']) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
      assert.equal(res.status, 401, String(authorization));
    }
  });

  it('tools/list shows each role exactly the tools TOOL_POLICY allows it', async () => {
    for (const role of ROLES) {
      const client = await connect(role);
      const { tools } = await client.listTools();
      const want = Object.entries(TOOL_POLICY)
        .filter(([, need]) => hasRole(role, need))
        .map(([name]) => name);
      assert.deepEqual(tools.map((t) => t.name).sort(), want.sort(), role);
      await client.close();
    }
  });

  it('a tool called above the role is refused with FORBIDDEN and changes nothing', async () => {
    const before = await storeFingerprint(wh);
    let refused = 0;
    for (const role of ROLES) {
      const client = await connect(role);
      for (const [name, need] of Object.entries(TOOL_POLICY)) {
        if (hasRole(role, need)) continue;
        const res = await client.callTool({ name, arguments: args(name) });
        assert.equal(res.isError, true, `${name} as ${role}`);
        const text = (res.content as { text: string }[])[0]!.text;
        assert.match(text, /^FORBIDDEN: .*Nothing was changed/, `${name} as ${role}`);
        refused++;
      }
      await client.close();
    }
    assert.ok(refused >= 1);
    assert.deepEqual(await storeFingerprint(wh), before);
    assert.equal((await getRecommendation(wh, recId)).status, 'proposed');
  });

  it('a tool called at or above its role runs (approve_recommendation by an approver approves)', async () => {
    for (const role of ROLES) {
      const client = await connect(role);
      for (const [name, need] of Object.entries(TOOL_POLICY)) {
        if (!hasRole(role, need) || (name === 'approve_recommendation' && role === 'admin')) {
          continue;
        }
        const res = await client.callTool({ name, arguments: args(name) });
        const text = (res.content as { text: string }[])[0]?.text ?? '';
        assert.doesNotMatch(text, /^FORBIDDEN/, `${name} as ${role}`);
      }
      await client.close();
    }
    assert.equal((await getRecommendation(wh, recId)).status, 'approved');
  });
});
