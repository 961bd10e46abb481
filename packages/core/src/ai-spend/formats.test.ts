import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isCostLensError } from '../errors.ts';
import { SHARED_DATA, tempDir, writeTemp } from '../testing/fixtures.ts';
import { parseUsageFile } from './parse-usage-file.ts';
import { shippedPriceVersions } from './price-book.ts';
import type { ParsedUsage } from './usage-event.ts';

const SAMPLES = join(SHARED_DATA, 'llm-usage');
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const known = [...shippedPriceVersions()[0]!.entries.keys()];

/** Exact normalized rows out, against `__golden__/<name>.json` (UPDATE_GOLDEN=1 rewrites; review by hand). */
function assertGolden(name: string, parsed: ParsedUsage): void {
  const actual = {
    source: parsed.source,
    events: parsed.events,
    invoiceLines: parsed.invoiceLines,
  };
  const path = join(GOLDEN, `${name}.json`);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(readFileSync(path, 'utf8')));
}

function parseSample(rel: string): ParsedUsage {
  const p = parseUsageFile(join(SAMPLES, rel), { knownModels: known });
  assert.deepEqual(p.issues, [], `${rel} parses without issues`);
  return p;
}

for (const f of readdirSync(join(SAMPLES, 'openai')).filter((f) => f.startsWith('example_'))) {
  test(`OpenAI ${f} normalizes to its golden rows`, () => {
    assertGolden(`openai-${f.replace('.json', '')}`, parseSample(`openai/${f}`));
  });
}

test('OpenAI completions: cached and cache-write tokens are taken out of input (input includes them)', () => {
  const [e] = parseSample('openai/example_usage_completions.json').events;
  assert.equal(e?.inputTokens, 500);
  assert.equal(e?.cacheReadTokens, 400);
  assert.equal(e?.cacheWriteTokens, 100);
  assert.equal(e?.requests, 5);
  assert.equal(e?.startTime, '2024-11-01T00:00:00.000Z');
});

test('Anthropic usage report: uncached input stays as is; 5m and 1h cache writes add up', () => {
  const p = parseSample('anthropic/example_usage_report_messages.CONSTRUCTED.json');
  assertGolden('anthropic-usage-report', p);
  const [e] = p.events;
  assert.equal(e?.inputTokens, 1500);
  assert.equal(e?.cacheWriteTokens, 1500);
  assert.equal(e?.cacheReadTokens, 200);
});

test('Anthropic cost report: amount is a string in cents ("123.45" → $1.2345)', () => {
  const p = parseSample('anthropic/example_cost_report.CONSTRUCTED.json');
  assertGolden('anthropic-cost-report', p);
  assert.deepEqual(
    p.invoiceLines.map((l) => l.amount),
    ['1.2345', '0.5'],
  );
});

test('Bedrock invocation log (real record) normalizes to its golden row', () => {
  const p = parseSample('aws-bedrock/model-invocation-log-converse-stream-nova-lite.json');
  assertGolden('bedrock-invocation-log', p);
  assert.equal(p.events[0]?.model, 'amazon.nova-lite-v1:0');
  assert.equal(p.events[0]?.billedVia, 'cloud-bill');
});

test('Bedrock JSON lines: an application inference profile resolves through requestMetadata.model', () => {
  const dir = tempDir();
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
  const rec = (id: string, model?: string) =>
    JSON.stringify({
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      timestamp: '2026-01-02T03:04:05Z',
      accountId: '123456789012',
      region: 'us-east-1',
      requestId: id,
      operation: 'Converse',
      modelId: arn,
      input: { inputTokenCount: 10 },
      output: { outputTokenCount: 3 },
      requestMetadata: { app: 'assistant', team: 'ml', ...(model ? { model } : {}) },
    });
  const p = parseUsageFile(
    writeTemp(
      dir,
      'log.jsonl',
      `${rec('a', 'anthropic.claude-3-5-haiku-20241022-v1:0')}\n${rec('b')}\n`,
    ),
  );
  assert.deepEqual(p.issues, []);
  assert.deepEqual(
    p.events.map((e) => [e.model, e.sourceLine, e.app, e.team, e.tags.resource_id]),
    [
      ['anthropic.claude-3-5-haiku-20241022-v1:0', 1, 'assistant', 'ml', arn],
      [arn, 2, 'assistant', 'ml', arn],
    ],
  );
});

test('Azure OpenAI export rows: meters name model and token type; other services are skipped', () => {
  const p = parseSample('azure/azure-openai-cost-export-rows.CONSTRUCTED.csv');
  assertGolden('azure-openai-export', p);
  assert.deepEqual(
    p.events.map((e) => [e.model, e.inputTokens, e.outputTokens, e.reportedCost, e.sourceLine]),
    [
      ['gpt-4o-2024-05-13', 58554000, 0, '292.77', 3],
      ['gpt-4o-2024-05-13', 0, 1560000, '23.40', 4],
    ],
  );
});

test('LiteLLM spend logs: team, app and environment come from the key and request tags', () => {
  const p = parseSample('litellm/example_spend_logs.CONSTRUCTED.json');
  assertGolden('litellm-spend-logs', p);
  const [e] = p.events;
  assert.deepEqual(
    [e?.team, e?.app, e?.environment, e?.user, e?.reportedCost, e?.sourceLine],
    ['Team A', 'chatbot', 'prod', 'customer-42', '0.000415', 2],
  );
});

test('OTel GenAI sample without span times is refused naming the field; with times it normalizes', () => {
  const raw = join(SAMPLES, 'otel-genai/example_span_and_metric.CONSTRUCTED.json');
  const bad = parseUsageFile(raw);
  assert.ok(
    bad.issues.some((i) => i.column === 'startTimeUnixNano' && i.line === 3),
    JSON.stringify(bad.issues),
  );
  const doc = JSON.parse(readFileSync(raw, 'utf8')) as { span: Record<string, unknown> };
  doc.span.startTimeUnixNano = '1767225600000000000';
  const p = parseUsageFile(writeTemp(tempDir(), 'otel.json', JSON.stringify(doc, null, 2)));
  assert.deepEqual(p.issues, []);
  assertGolden('otel-genai-span', p);
  assert.deepEqual(
    [p.events.length, p.events[0]?.model, p.events[0]?.inputTokens, p.events[0]?.outputTokens],
    [1, 'gpt-4-0613', 52, 47],
  );
});

test('OTLP JSON spans: cached tokens are taken out of input and resource attributes allocate', () => {
  const kv = (key: string, v: string | number) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  });
  const doc = {
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv('service.name', 'support-bot'),
            kv('deployment.environment.name', 'prod'),
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                spanId: 's1',
                startTimeUnixNano: '1767225600000000000',
                attributes: [
                  kv('gen_ai.provider.name', 'anthropic'),
                  kv('gen_ai.request.model', 'claude-sonnet-4-20250514'),
                  kv('gen_ai.usage.input_tokens', 1000),
                  kv('gen_ai.usage.cache_read.input_tokens', 600),
                  kv('gen_ai.usage.output_tokens', 50),
                  kv('gen_ai.conversation.id', 'c-1'),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  const p = parseUsageFile(writeTemp(tempDir(), 'otlp.json', JSON.stringify(doc)));
  assert.deepEqual(p.issues, []);
  const [e] = p.events;
  assert.deepEqual(
    [e?.provider, e?.inputTokens, e?.cacheReadTokens, e?.app, e?.environment, e?.conversation],
    ['anthropic', 400, 600, 'support-bot', 'prod', 'c-1'],
  );
});

test('an unrecognized JSON file is refused as UNKNOWN_FORMAT', () => {
  const path = writeTemp(tempDir(), 'x.json', '{"hello": 1}');
  assert.throws(
    () => parseUsageFile(path),
    (e: unknown) => isCostLensError(e) && e.code === 'UNKNOWN_FORMAT',
  );
});
