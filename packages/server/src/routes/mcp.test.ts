import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  createApiToken,
  DuckDbWarehouse,
  getRecommendation,
  listAudit,
  saveRecommendations,
} from '@costlens/core';
import type { RecommendationDraftInput } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import type { App } from '../app-types.ts';
import { createServer } from '../create-server.ts';

const REC: RecommendationDraftInput = {
  kind: 'idle_resource',
  title: 'Stop idle i-1',
  provider: 'aws',
  service: 'Amazon EC2',
  action: 'terminate_idle',
  targets: ['i-1'],
  estimatedMonthlySavingsUsd: 70.08,
  calculation: '0.096 × 730',
  why: ['p95 CPU 1 %'],
  evidence: [{ metric: 'effective_cost', groupBy: ['resource_id'] }],
  risk: 'something may depend on it',
  confidence: 0.8,
  plan: { commands: ['aws ec2 stop-instances --instance-ids i-1'], steps: ['stop it'] },
};

const trimDec = (d: string) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

describe('MCP over streamable HTTP at /mcp', () => {
  let wh: DuckDbWarehouse;
  let app: App;
  let url: URL;
  let recId: string;
  const tokens: Record<string, string> = {};

  const connect = async (token?: string) => {
    const client = new Client({ name: 'costlens-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
      }),
    );
    return client;
  };

  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      { day: '2025-04-01', cost: '100.01', region: 'us-east-1' },
      { day: '2025-04-02', cost: '0.02', region: 'eu-west-1' },
      { day: '2025-04-03', cost: '33.333333', region: 'eu-west-1' },
    ]);
    recId = (await saveRecommendations(wh, [REC])).ids[0]!;
    for (const role of ['viewer', 'approver']) {
      tokens[role] = (await createApiToken(wh, { role, actor: 'test' })).token;
    }
    app = await createServer({ warehouse: wh, services: {} });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
  });
  after(async () => {
    await app.close();
    await wh.close();
  });

  it('answers 401 without a token, before any MCP message is read', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(res.status, 401);
    await assert.rejects(connect(), /401|Unauthorized|API token/i);
  });

  it('a viewer lists read-only tools and query_costs matches SQL', async () => {
    const client = await connect(tokens['viewer']);
    const names = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(names.includes('query_costs') && names.includes('list_recommendations'));
    assert.ok(!names.includes('approve_recommendation'));
    const r = await client.callTool({
      name: 'query_costs',
      arguments: { metric: 'billed_cost', groupBy: ['region'] },
    });
    assert.ok(!r.isError, JSON.stringify(r.content));
    const rows = (r.structuredContent as { data: { rows: Record<string, string>[] } }).data.rows;
    const sql = await wh.query<{ region: string; cost: string }>(
      `SELECT "RegionId" AS region, sum("BilledCost")::VARCHAR AS cost FROM focus_cost GROUP BY 1`,
    );
    assert.equal(rows.length, sql.length);
    for (const s of sql) {
      const row = rows.find((x) => x['region'] === s.region);
      assert.equal(trimDec(String(row?.['billed_cost'])), trimDec(s.cost), s.region);
    }
    await client.close();
  });

  it('a viewer calling the mutating tool is refused and nothing changes', async () => {
    const client = await connect(tokens['viewer']);
    const r = await client.callTool({
      name: 'approve_recommendation',
      arguments: { id: recId, reason: 'fits the budget' },
    });
    assert.equal(r.isError, true);
    assert.match(JSON.stringify(r.content), /FORBIDDEN/);
    assert.equal((await getRecommendation(wh, recId)).status, 'proposed');
    await client.close();
  });

  it('an approver may approve, and the audit log names the token', async () => {
    const client = await connect(tokens['approver']);
    assert.ok((await client.listTools()).tools.some((t) => t.name === 'approve_recommendation'));
    const r = await client.callTool({
      name: 'approve_recommendation',
      arguments: { id: recId, reason: 'fits the budget' },
    });
    assert.ok(!r.isError, JSON.stringify(r.content));
    assert.equal((await getRecommendation(wh, recId)).status, 'approved');
    const audit = await listAudit(wh, { actionPrefix: 'recommendation.' });
    assert.ok(audit.some((a) => a.actor.startsWith('token:') && /approv/.test(a.action)));
    await client.close();
  });
});
