/**
 * Small LLM usage fixtures for tests: Bedrock invocation-log lines and OpenAI usage/costs pages
 * with hand-chosen token counts. Not part of the public API.
 */

const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
export const MODELS = { SONNET, HAIKU } as const;

export interface BedrockFixture {
  id: string;
  ts: string;
  model: string;
  input: number;
  output: number;
  cacheRead?: number;
  meta?: Record<string, string>;
}

export function bedrockLine(r: BedrockFixture): string {
  return JSON.stringify({
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: r.ts,
    accountId: '123456789012',
    region: 'us-east-1',
    requestId: r.id,
    operation: 'Converse',
    modelId: r.model,
    input: {
      inputTokenCount: r.input,
      cacheReadInputTokenCount: r.cacheRead ?? 0,
      cacheWriteInputTokenCount: 0,
    },
    output: { outputTokenCount: r.output },
    requestMetadata: r.meta ?? {},
  });
}

/**
 * Three requests over two days: assistant on Sonnet 4 (day 1: 1000 in / 200 out = $0.006; day 2:
 * 2000 in + 1000 cache reads / 100 out = $0.0078) and search on Haiku 3.5 (5000 / 1000 = $0.008).
 */
export const BEDROCK_REQUESTS: readonly BedrockFixture[] = [
  {
    id: 'r1',
    ts: '2026-01-10T08:00:00Z',
    model: SONNET,
    input: 1000,
    output: 200,
    meta: { app: 'assistant', team: 'ml', feature: 'chat', conversation: 'c1' },
  },
  {
    id: 'r2',
    ts: '2026-01-10T09:00:00Z',
    model: HAIKU,
    input: 5000,
    output: 1000,
    meta: { app: 'search', team: 'search', feature: 'rewrite' },
  },
  {
    id: 'r3',
    ts: '2026-01-11T10:00:00Z',
    model: SONNET,
    input: 2000,
    output: 100,
    cacheRead: 1000,
    meta: { app: 'assistant', team: 'ml', feature: 'chat', conversation: 'c1' },
  },
];

export function bedrockLog(rows: readonly BedrockFixture[] = BEDROCK_REQUESTS): string {
  return `${rows.map(bedrockLine).join('\n')}\n`;
}

/** One OpenAI completions usage page: one daily bucket per entry. */
export function openAiUsagePage(
  buckets: {
    day: string;
    model: string;
    input: number;
    cached: number;
    output: number;
    requests: number;
    project?: string;
  }[],
): string {
  return JSON.stringify(
    {
      object: 'page',
      data: buckets.map((b) => {
        const start = Date.parse(`${b.day}T00:00:00Z`) / 1000;
        return {
          object: 'bucket',
          start_time: start,
          end_time: start + 86400,
          results: [
            {
              object: 'organization.usage.completions.result',
              input_tokens: b.input,
              input_cached_tokens: b.cached,
              output_tokens: b.output,
              num_model_requests: b.requests,
              project_id: b.project ?? 'proj_a',
              user_id: null,
              api_key_id: null,
              model: b.model,
              batch: false,
              service_tier: 'default',
            },
          ],
        };
      }),
      has_more: false,
      next_page: null,
    },
    null,
    2,
  );
}

export function openAiCostsPage(
  days: { day: string; lines: [item: string, value: number][] }[],
): string {
  return JSON.stringify(
    {
      object: 'page',
      data: days.map((d) => {
        const start = Date.parse(`${d.day}T00:00:00Z`) / 1000;
        return {
          object: 'bucket',
          start_time: start,
          end_time: start + 86400,
          results: d.lines.map(([item, value]) => ({
            object: 'organization.costs.result',
            amount: { value, currency: 'usd' },
            line_item: item,
            project_id: 'proj_a',
            api_key_id: null,
            quantity: null,
            quantity_unit: null,
          })),
        };
      }),
      has_more: false,
      next_page: null,
    },
    null,
    2,
  );
}
