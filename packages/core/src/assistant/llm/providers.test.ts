import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { insertCostRows } from '../../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { answerWithModel } from './answer-with-model.ts';
import { modelConfigFrom } from './model-config.ts';
import { memorySendLog } from './send-log.ts';

/** Minimal Anthropic Messages and Bedrock Converse replies: a plain answer without numbers. */
const TEXT = 'Spend is concentrated in one account.';
const REPLIES: Record<string, unknown> = {
  anthropic: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content: [{ type: 'text', text: TEXT }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  },
  bedrock: {
    output: { message: { role: 'assistant', content: [{ text: TEXT }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
  },
};

describe('Anthropic and Bedrock go through the same redaction and send log', () => {
  let wh: DuckDbWarehouse;
  let base: string;
  const seen: { url: string; body: string; auth: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = req.url ?? '';
      seen.push({ url, body, auth: String(req.headers['x-api-key'] ?? req.headers.authorization) });
      const reply = url.startsWith('/anthropic') ? REPLIES['anthropic'] : REPLIES['bedrock'];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });

  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [{ day: '2025-05-01', cost: '41.25', account: '123456789012' }]);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await wh.close();
  });

  for (const provider of ['anthropic', 'bedrock'] as const) {
    it(`${provider}: the request is redacted, logged without the key, and answered`, async () => {
      const model = modelConfigFrom({
        COSTLENS_LLM_PROVIDER: provider,
        COSTLENS_LLM_MODEL: `${provider}-test`,
        COSTLENS_LLM_BASE_URL: `${base}/${provider}`,
        COSTLENS_LLM_API_KEY: 'secret-api-key-value-123',
        COSTLENS_LLM_REGION: 'us-east-1',
      })!;
      const log = memorySendLog();
      const before = seen.length;
      const r = await answerWithModel(wh, 'Why is account 123456789012 so expensive?', {
        model,
        sendLog: log,
        log: false,
      });
      assert.equal(r.engine, `model:${provider}/${provider}-test`, JSON.stringify(r.warnings));
      assert.equal(r.answer, TEXT);
      const mine = seen.slice(before);
      assert.equal(mine.length, 1);
      assert.match(mine[0]!.url, provider === 'anthropic' ? /\/messages$/ : /\/converse$/);
      assert.match(mine[0]!.auth, /secret-api-key-value-123/);
      assert.ok(!mine[0]!.body.includes('123456789012'));
      assert.match(mine[0]!.body, /<account>/);
      assert.equal(log.entries.length, 1);
      assert.ok(!JSON.stringify(log.entries).includes('secret-api-key-value-123'));
      assert.deepEqual(log.entries[0]!.body, JSON.parse(mine[0]!.body));
    });
  }
});
