import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DuckDbWarehouse } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { tempDir } from '../../../core/src/testing/fixtures.ts';

/** `13.000000` → `13`: compares decimals exactly whatever scale each side keeps. */
const trimDec = (d: string) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

describe('costlens mcp over stdio', () => {
  const db = join(tempDir(), 'mcp.duckdb');
  let expected: { service: string; cost: string }[] = [];
  let client: Client;

  before(async () => {
    const wh = await DuckDbWarehouse.open({ path: db });
    await insertCostRows(wh, [
      { day: '2025-03-01', cost: '12.345678', service: 'Amazon EC2' },
      { day: '2025-03-02', cost: '0.654322', service: 'Amazon EC2' },
      { day: '2025-03-02', cost: '7.10', service: 'Amazon S3', resource: 'b-1' },
    ]);
    expected = await wh.query(
      `SELECT "ServiceName" AS service, sum("EffectiveCost")::DECIMAL(38,6)::VARCHAR AS cost FROM focus_cost GROUP BY 1 ORDER BY 1`,
    );
    await wh.close();
    client = new Client({ name: 'costlens-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, '--db', db, 'mcp'],
        stderr: 'pipe',
      }),
    );
  });
  after(async () => client?.close());

  it('lists the read-only tools with JSON Schemas, and no mutating tool', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const n of [
      'query_costs',
      'explain_change',
      'list_anomalies',
      'forecast',
      'data_quality',
    ]) {
      assert.ok(names.includes(n), n);
    }
    assert.ok(!names.includes('approve_recommendation'));
    const q = tools.find((t) => t.name === 'query_costs')!;
    assert.equal(q.inputSchema.type, 'object');
    assert.ok(q.inputSchema.properties && 'metric' in q.inputSchema.properties);
  });

  it('query_costs answers with the sums SQL gives, in text and structured content', async () => {
    const r = await client.callTool({
      name: 'query_costs',
      arguments: {
        metric: 'effective_cost',
        groupBy: ['service'],
        orderBy: [{ field: 'service', direction: 'asc' }],
      },
    });
    assert.ok(!r.isError, JSON.stringify(r.content));
    const data = (r.structuredContent as { data: { rows: Record<string, string>[] } }).data;
    assert.deepEqual(
      data.rows.map((row) => ({
        service: row['service'],
        cost: trimDec(String(row['effective_cost'])),
      })),
      expected.map((e) => ({ service: e.service, cost: trimDec(e.cost) })),
    );
    assert.equal(expected[0]!.cost, '13.000000');
  });

  it('refuses a mutating tool to the read-only connection', async () => {
    const r = await client.callTool({
      name: 'approve_recommendation',
      arguments: { id: 'rec_1', reason: 'looks right' },
    });
    assert.equal(r.isError, true);
    assert.match(JSON.stringify(r.content), /FORBIDDEN.*approver/);
  });

  it('reports bad arguments naming the field', async () => {
    const r = await client.callTool({
      name: 'query_costs',
      arguments: { metric: 'no_such_metric' },
    });
    assert.equal(r.isError, true);
    assert.match(JSON.stringify(r.content), /no_such_metric/);
  });
});
