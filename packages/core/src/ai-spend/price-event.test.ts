import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PriceBook } from './price-book.ts';
import { priceBookVersion, resolvePrice, shippedPriceVersions } from './price-book.ts';
import { priceEvent } from './price-event.ts';
import type { LlmUsageEvent } from './usage-event.ts';
import { blankEvent } from './usage-event.ts';

const v1 = priceBookVersion('test-2025-01-01', '2025-01-01', {
  'm-std': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 2e-6,
    output_cost_per_token: 8e-6,
    cache_read_input_token_cost: 5e-7,
    cache_creation_input_token_cost: 2.5e-6,
    input_cost_per_token_batches: 1e-6,
    output_cost_per_token_batches: 4e-6,
  },
  'm-reason': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 1e-6,
    output_cost_per_token: 4e-6,
    output_cost_per_reasoning_token: 6e-6,
  },
  'm-image': { litellm_provider: 'openai', mode: 'image_generation', output_cost_per_image: 0.04 },
});
const v2 = priceBookVersion('test-2026-03-01', '2026-03-01', {
  'm-std': { litellm_provider: 'openai', input_cost_per_token: 3e-6, output_cost_per_token: 8e-6 },
});
const book: PriceBook = { versions: [v1, v2], overrides: [] };

function ev(p: Partial<LlmUsageEvent>): LlmUsageEvent {
  return {
    ...blankEvent({
      eventKey: 'k',
      replaceKey: 'k',
      source: 'openai-usage',
      sourceLine: 1,
      startTime: '2026-01-15T00:00:00.000Z',
      provider: 'openai',
      billedVia: 'direct',
      model: 'm-std',
      operation: 'chat',
    }),
    ...p,
  };
}

test('hand-computed: uncached input, cache reads, cache writes and output each at their own price', () => {
  const p = priceEvent(
    book,
    ev({ inputTokens: 1000, cacheReadTokens: 4000, cacheWriteTokens: 200, outputTokens: 500 }),
  );
  // 1000×0.000002 + 4000×0.0000005 + 200×0.0000025 + 500×0.000008 = 0.002 + 0.002 + 0.0005 + 0.004
  assert.equal(p.cost, '0.0085');
  // cache reads saved 4000 × (0.000002 − 0.0000005)
  assert.equal(p.cacheSavings, '0.006');
  assert.equal(p.priceKey, 'm-std');
  assert.equal(p.priceVersion, 'test-2025-01-01');
});

test('hand-computed: batch traffic uses the batch prices', () => {
  const p = priceEvent(book, ev({ inputTokens: 10_000, outputTokens: 2000, batch: true }));
  assert.equal(p.cost, '0.018'); // 10000×0.000001 + 2000×0.000004
});

test('hand-computed: reasoning tokens (part of output) at the reasoning price', () => {
  const p = priceEvent(
    book,
    ev({ model: 'm-reason', inputTokens: 100, outputTokens: 1000, reasoningTokens: 600 }),
  );
  assert.equal(p.cost, '0.0053'); // 100×0.000001 + 400×0.000004 + 600×0.000006
});

test('a model the book does not know, one without token prices, or none at all is unpriced — never $0', () => {
  for (const [model, reason] of [
    ['mystery-model', /not in price book test-2025-01-01/],
    ['m-image', /has no token price/],
    [null, /did not name the model/],
  ] as const) {
    const p = priceEvent(book, ev({ model, inputTokens: 10, outputTokens: 10 }));
    assert.equal(p.cost, null);
    assert.match(p.unpricedReason ?? '', reason);
  }
  const images = priceEvent(book, ev({ otherQuantity: '2', otherUnit: 'images' }));
  assert.equal(images.cost, null);
  assert.match(images.unpricedReason ?? '', /non-token usage \(images\)/);
});

test('the version in force on the usage day prices it; the oldest version prices anything earlier', () => {
  const at = (day: string) =>
    priceEvent(book, ev({ startTime: `${day}T12:00:00.000Z`, inputTokens: 1_000_000 }));
  assert.deepEqual(
    [at('2026-02-28').cost, at('2026-02-28').priceVersion],
    ['2', 'test-2025-01-01'],
  );
  assert.deepEqual(
    [at('2026-03-01').cost, at('2026-03-01').priceVersion],
    ['3', 'test-2026-03-01'],
  );
  assert.equal(at('2020-06-01').priceVersion, 'test-2025-01-01');
});

test('a negotiated override wins from its effective date; fields it leaves out come from the book', () => {
  const withOverride: PriceBook = {
    ...book,
    overrides: [
      { provider: 'openai', model: 'm-std', effectiveFrom: '2026-02-01', input: '0.0000015' },
    ],
  };
  const before = priceEvent(
    withOverride,
    ev({ startTime: '2026-01-31T00:00:00.000Z', inputTokens: 1_000_000, outputTokens: 1000 }),
  );
  const after = priceEvent(
    withOverride,
    ev({ startTime: '2026-02-10T00:00:00.000Z', inputTokens: 1_000_000, outputTokens: 1000 }),
  );
  assert.equal(before.cost, '2.008');
  assert.equal(after.cost, '1.508'); // 1M × 0.0000015 + 1000 × 0.000008 (output from the book)
  assert.equal(after.priceKey, 'override:openai/m-std@2026-02-01');
  // An override can price a model the book lacks.
  const custom: PriceBook = {
    ...book,
    overrides: [
      {
        provider: 'openai',
        model: 'ft:my-model',
        effectiveFrom: '2025-01-01',
        input: '0.00001',
        output: '0.00002',
      },
    ],
  };
  assert.equal(
    priceEvent(custom, ev({ model: 'ft:my-model', inputTokens: 100, outputTokens: 100 })).cost,
    '0.003',
  );
});

test('the shipped LiteLLM book resolves provider spellings: Azure deployments and Bedrock cross-region profiles', () => {
  const shipped: PriceBook = { versions: shippedPriceVersions(), overrides: [] };
  const r = (provider: string, model: string) => {
    const x = resolvePrice(shipped, { provider, model, day: '2026-08-01' });
    return x.ok ? [x.key, x.prices.input, x.prices.output] : [x.reason];
  };
  assert.deepEqual(r('azure-openai', 'gpt-4o-2024-05-13'), [
    'azure/gpt-4o-2024-05-13',
    '0.000005',
    '0.000015',
  ]);
  assert.deepEqual(r('openai', 'gpt-4.1-mini-2025-04-14'), [
    'gpt-4.1-mini-2025-04-14',
    '0.0000004',
    '0.0000016',
  ]);
  assert.deepEqual(r('aws-bedrock', 'amazon.nova-lite-v1:0'), [
    'amazon.nova-lite-v1:0',
    '0.00000006',
    '0.00000024',
  ]);
});
