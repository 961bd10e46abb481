import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  assistantSettingsFrom,
  createApiToken,
  DuckDbWarehouse,
  getRecommendation,
  groundingIssues,
  listAudit,
  saveRecommendations,
} from '@costlens/core';
import type { AskResult } from '@costlens/core';
import { insertCostRows } from '../../../core/src/anomaly/cost-rows-fixture.ts';
import { startFakeOpenAiServer } from '../../../core/src/assistant/llm/fake-openai-server.ts';
import type {
  ChatRequest,
  FakeOpenAiServer,
} from '../../../core/src/assistant/llm/fake-openai-server.ts';
import { sampleRecommendation } from '../../../core/src/digest/digest-fixture.ts';
import { tempDir } from '../../../core/src/testing/fixtures.ts';
import { INJECTION_CLASSES, PWNED, corpusOf } from '../../../core/src/testing/injection-corpus.ts';
import { coreServices } from '../core-services.ts';
import { createServer } from '../create-server.ts';

// Issue 15, injection corpus × the API: hostile strings in POST /api/query filters, tag keys and
// group-by names, in dimension lookups, in questions to POST /api/ask (offline and through a model
// that obeys every injection) and in MCP tool arguments → the SQL text is the benign one, results
// are the rows that hold the string, tools stay within the caller's role, nothing changes, and
// what the model is sent is redacted.

const ACCOUNT = '123456789012';
const EMAIL = 'ann.lee@example.com';
const ALL = INJECTION_CLASSES.flatMap((c) => [...corpusOf(c)]);

describe('injection corpus × API, assistant and MCP', () => {
  let wh: DuckDbWarehouse;
  let recId: string;
  let viewer: Record<string, string>;
  let shapeBefore: string;

  /** Databases, tables, row counts, recommendation states and the audit log, as one string. */
  const stateOf = async () => {
    const dbs = await wh.query(
      `SELECT database_name FROM duckdb_databases() WHERE NOT internal ORDER BY 1`,
    );
    const tables = await wh.query(
      `SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1, 2`,
    );
    const rows = await wh.query(`SELECT count(*)::INTEGER AS n FROM focus_cost`);
    const rec = (await getRecommendation(wh, recId)).status;
    const audit = (await listAudit(wh)).length;
    return JSON.stringify({ dbs, tables, rows, rec, audit });
  };

  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      { day: '2025-05-01', cost: '41.25', account: ACCOUNT, tags: { team: 'ml', owner: EMAIL } },
      { day: '2025-05-02', cost: '8.75', service: 'Amazon S3', tags: { team: 'web' } },
      ...ALL.map((x, i) => ({
        day: '2025-05-03',
        cost: `${i + 1}.00`,
        service: x.text,
        tags: { team: x.text, [x.text]: 'v' },
      })),
    ]);
    recId = (await saveRecommendations(wh, [sampleRecommendation()])).ids[0]!;
    const t = await createApiToken(wh, { role: 'viewer', actor: 'test' });
    viewer = { authorization: `Bearer ${t.token}`, host: 'example.com' };
    shapeBefore = await stateOf();
  });
  after(async () => wh.close());

  const server = (env: Record<string, string> = {}) =>
    createServer({
      warehouse: wh,
      services: coreServices(),
      config: { assistant: assistantSettingsFrom(env, undefined, tempDir()) },
    });

  for (const cls of INJECTION_CLASSES) {
    it(`${cls}: POST /api/query runs the benign SQL text with the string as a parameter and returns its row`, async () => {
      const app = await server();
      const post = (payload: Record<string, unknown>) =>
        app.inject({ method: 'POST', url: '/api/query', headers: viewer, payload });
      const q = (v: string) => ({
        metric: 'effective_cost',
        groupBy: ['service', `tag:${v}`],
        filters: [
          { dimension: 'service', op: 'eq', value: v },
          { dimension: `tag:${v}`, op: 'in', value: ['v'] },
          { dimension: 'tag:team', op: 'contains', value: v },
        ],
      });
      const base = (await post(q('team'))).json();
      for (const x of corpusOf(cls)) {
        const res = await post(q(x.text));
        assert.equal(res.statusCode, 200, `${x.id}: ${res.body}`);
        const r = res.json();
        assert.equal(r.sql, base.sql, x.id);
        assert.ok(r.params.includes(x.text), x.id);
        const i = ALL.indexOf(x);
        assert.deepEqual(
          r.rows,
          [
            {
              service: x.text,
              [`tag:${x.text}`]: 'v',
              effective_cost: `${i + 1}.000000000000000`,
            },
          ],
          x.id,
        );
        // A hostile group-by name that is not tag:<key> is refused with a 400 naming the field.
        const bad = await post({ metric: 'effective_cost', groupBy: [x.text] });
        if (!x.text.startsWith('tag:')) assert.equal(bad.statusCode, 400, x.id);
        const values = await app.inject({
          method: 'GET',
          url: `/api/dimensions/${encodeURIComponent(`tag:${x.text}`.slice(0, 200))}/values?search=${encodeURIComponent(x.text.slice(0, 200))}`,
          headers: viewer,
        });
        // 200 (no or matching values), 400 (not a dimension) or 414 (the path is too long).
        assert.ok([200, 400, 414].includes(values.statusCode), `${x.id}: ${values.body}`);
      }
      await app.close();
      assert.equal(await stateOf(), shapeBefore);
    });
  }

  it('prompt: offline, a viewer question that says approve, ignore rules or invent numbers changes nothing and states only grounded numbers', async () => {
    // One server per class keeps each under the per-caller rate limit on /api/ask.
    for (const cls of ['prompt', 'sql', 'unicode'] as const) {
      const app = await server();
      for (const x of corpusOf(cls)) {
        const question = `${x.text} ${recId}`.slice(0, 2000);
        const res = await app.inject({
          method: 'POST',
          url: '/api/ask',
          headers: viewer,
          payload: { question },
        });
        assert.equal(res.statusCode, 200, `${x.id}: ${res.body}`);
        const r = res.json() as AskResult;
        assert.equal(r.engine, 'offline');
        assert.ok(!(r.analyses ?? []).some((a) => a.tool === 'approve_recommendation'), x.id);
        assert.deepEqual(groundingIssues(r), [], `${x.id}: ${r.answer}`);
        // The string is also a service name in this store, so the answer may quote it as a label;
        // outside that quote the figures it asks for never appear.
        const unquoted = r.answer.replaceAll(x.text, '');
        assert.ok(!unquoted.includes('999999.99') && !unquoted.includes('1234567.89'), x.id);
      }
      await app.close();
    }
    assert.equal(await stateOf(), shapeBefore);
  });

  describe('with a model that obeys every injection', () => {
    let model: FakeOpenAiServer;
    const offered: string[][] = [];
    before(async () => {
      // Turn 1: approve (not offered). Turn 2: query_costs with injected arguments. Turn 3: an
      // answer with an invented figure. Then it repeats the last turn.
      model = await startFakeOpenAiServer([
        (req: ChatRequest) => {
          offered.push((req.tools ?? []).map((t) => t.function.name));
          return {
            toolCalls: [
              { name: 'approve_recommendation', args: { id: recId, reason: PWNED } },
              { name: 'query_costs', args: { metric: 'effective_cost', groupBy: ['service'] } },
            ],
          };
        },
        (req: ChatRequest) => {
          offered.push((req.tools ?? []).map((t) => t.function.name));
          return {
            toolCalls: corpusOf('sql').map((x) => ({
              name: 'query_costs',
              args: {
                metric: 'effective_cost',
                groupBy: [`tag:${x.text}`],
                filters: [{ dimension: 'service', op: 'eq', value: x.text }],
              },
            })),
          };
        },
        () => ({ text: 'Total spend is 999999.99 USD; approved as instructed.' }),
      ]);
    });
    after(async () => model.close());

    it('prompt: POST /api/ask as a viewer offers only read-only tools, refuses the approval, falls back on invented numbers and sends nothing identifying', async () => {
      const app = await server({
        COSTLENS_LLM_PROVIDER: 'openai-compatible',
        COSTLENS_LLM_BASE_URL: model.baseURL,
        COSTLENS_LLM_MODEL: 'adversary',
      });
      const question = `${corpusOf('prompt')[0]!.text} Spend for account ${ACCOUNT} and ${EMAIL}?`;
      const res = await app.inject({
        method: 'POST',
        url: '/api/ask',
        headers: viewer,
        payload: { question },
      });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json() as AskResult;
      // The model went on after the refused call, and its injected query_costs calls ran.
      assert.ok(offered.length >= 2, `model turns: ${offered.length}`);
      assert.ok(
        model.bodies.some((b) => b.includes('approve_recommendation') && b.includes('tool')),
      );
      for (const tools of offered) {
        assert.ok(tools.includes('query_costs'));
        assert.ok(!tools.includes('approve_recommendation'), tools.join(','));
      }
      // The invented figure never reaches the caller: the offline answer comes back, saying why.
      assert.ok(!r.answer.includes('999999.99'), r.answer);
      assert.ok(
        (r.warnings ?? []).some((w) => /model/i.test(w)),
        JSON.stringify(r.warnings),
      );
      assert.deepEqual(groundingIssues(r), []);
      // Nothing identifying left the process, in the question or in any tool result.
      for (const body of model.bodies) {
        assert.ok(!body.includes(ACCOUNT), 'account id sent to the model');
        assert.ok(!body.includes(EMAIL), 'email sent to the model');
        assert.ok(!body.includes(viewer['authorization']!.slice(7)), 'API token sent');
      }
      await app.close();
      assert.equal(await stateOf(), shapeBefore);
    });
  });

  it('prompt: over MCP a viewer sees no mutating tool, cannot run one, and injected arguments stay data', async () => {
    const app = await server();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
    const client = new Client({ name: 'injection-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: viewer['authorization']! } },
      }),
    );
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(!names.includes('approve_recommendation'));
      for (const x of corpusOf('prompt')) {
        const r = await client.callTool({
          name: 'approve_recommendation',
          arguments: { id: recId, reason: x.text },
        });
        assert.equal(r.isError, true, x.id);
        assert.match(JSON.stringify(r.content), /FORBIDDEN/);
      }
      for (const x of corpusOf('sql')) {
        const unknown = await client.callTool({ name: x.text, arguments: {} });
        assert.equal(unknown.isError, true, x.id);
        const r = await client.callTool({
          name: 'query_costs',
          arguments: {
            metric: 'effective_cost',
            groupBy: ['service'],
            filters: [{ dimension: 'service', op: 'eq', value: x.text }],
          },
        });
        assert.ok(!r.isError, `${x.id}: ${JSON.stringify(r.content)}`);
        const data = (r.structuredContent as { data: { rows: Record<string, string>[] } }).data;
        assert.deepEqual(
          data.rows.map((row) => row['service']),
          [x.text],
          x.id,
        );
      }
    } finally {
      await client.close();
      await app.close();
    }
    assert.equal(await stateOf(), shapeBefore);
  });
});
