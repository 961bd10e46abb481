/**
 * LLM usage in the formats later issues ingest: AWS Bedrock model-invocation logs (JSON lines,
 * metadata only, with `requestMetadata` app/team/feature) whose token counts add up exactly to the
 * bill's Bedrock token rows for the days they cover, and OpenAI Usage/Costs API pages (daily
 * buckets by project and model) for the company's direct OpenAI account, which no cloud bill holds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../store/warehouse.ts';
import { dayFactor } from './cost-profiles.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import { decAdd, decMul } from './decimal-text.ts';
import { LLM_PRICES } from './price-book.ts';
import type { SeededRandom } from './seeded-random.ts';

interface BedrockDay {
  day: number;
  resource_id: string;
  account: string;
  model: string;
  app: string;
  team: string;
  feature: string | null;
  input: string;
  output: string;
}

/** Splits `total` into `n` positive-or-zero integers that add up to it exactly. */
export function splitExactly(total: number, n: number, rnd: SeededRandom): number[] {
  const weights = Array.from({ length: n }, () => rnd.range(0.3, 1.7));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[n - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** Writes one JSON-lines file per day for the last `days` days; returns the paths. */
export async function writeBedrockLogs(
  wh: Warehouse,
  o: { dir: string; cal: DemoCalendar; days: number; scale: number; rnd: SeededRandom },
): Promise<string[]> {
  const first = o.cal.days.length - o.days;
  const rows = await wh.query<BedrockDay>(
    `SELECT _day AS day, ResourceId AS resource_id, SubAccountId AS account,
       regexp_extract(ChargeDescription, '\\(([^)]+)\\)', 1) AS model, _app AS app, _team AS team,
       json_extract_string(Tags, '$.feature') AS feature,
       sum(CASE WHEN _usage_type LIKE '%-input-tokens' THEN ConsumedQuantity ELSE 0 END)::BIGINT::VARCHAR AS input,
       sum(CASE WHEN _usage_type LIKE '%-output-tokens' THEN ConsumedQuantity ELSE 0 END)::BIGINT::VARCHAR AS output
     FROM demo_cost WHERE ServiceName = 'Amazon Bedrock' AND ChargeCategory = 'Usage' AND _day >= $1
     GROUP BY ALL ORDER BY day, resource_id`,
    [first],
  );
  mkdirSync(o.dir, { recursive: true });
  const perCall = 3000 / Math.max(o.scale, 0.05);
  const paths: string[] = [];
  for (let day = first; day < o.cal.days.length; day++) {
    const date = o.cal.days[day]!;
    const records: { t: number; line: string }[] = [];
    for (const r of rows.filter((x) => Number(x.day) === day)) {
      const input = Number(r.input);
      const output = Number(r.output);
      const n = Math.max(1, Math.round(input / perCall));
      const ins = splitExactly(input, n, o.rnd);
      const outs = splitExactly(output, n, o.rnd);
      for (let i = 0; i < n; i++) {
        const t = Math.floor(o.rnd.next() * 86_400);
        const ts = new Date(Date.parse(`${date}T00:00:00Z`) + t * 1000)
          .toISOString()
          .replace('.000Z', 'Z');
        records.push({
          t,
          line: JSON.stringify({
            schemaType: 'ModelInvocationLog',
            schemaVersion: '1.0',
            timestamp: ts,
            accountId: r.account,
            identity: { arn: `arn:aws:sts::${r.account}:assumed-role/${r.app}-service/${r.app}` },
            region: 'us-east-1',
            requestId: o.rnd.uuid(),
            operation: 'Converse',
            modelId: r.resource_id,
            input: {
              inputContentType: 'application/json',
              inputTokenCount: ins[i],
              cacheReadInputTokenCount: 0,
              cacheWriteInputTokenCount: 0,
            },
            output: { outputContentType: 'application/json', outputTokenCount: outs[i] },
            inferenceRegion: 'us-east-1',
            requestMetadata: {
              app: r.app,
              team: r.team,
              feature: r.feature ?? 'default',
              model: r.model,
            },
          }),
        });
      }
    }
    records.sort((a, b) => a.t - b.t);
    const path = join(o.dir, `model-invocation-logs-${date}.jsonl`);
    writeFileSync(path, records.map((x) => x.line).join('\n') + (records.length ? '\n' : ''));
    paths.push(path);
  }
  return paths;
}

const PROJECTS = [
  { id: 'proj_fh_support_assistant', app: 'assistant', inputPerDay: 2_500_000, model: 0 },
  { id: 'proj_fh_email_copy', app: 'email', inputPerDay: 900_000, model: 1 },
  { id: 'proj_fh_support_assistant', app: 'assistant', inputPerDay: 400_000, model: 1 },
] as const;

/** Writes the OpenAI usage (completions) and costs pages, 31 daily buckets a page. */
export function writeOpenAiUsage(o: {
  dir: string;
  cal: DemoCalendar;
  scale: number;
  rnd: SeededRandom;
}): string[] {
  mkdirSync(o.dir, { recursive: true });
  const usageBuckets: unknown[] = [];
  const costBuckets: unknown[] = [];
  for (let day = 0; day < o.cal.days.length; day++) {
    const start = Date.parse(`${o.cal.days[day]}T00:00:00Z`) / 1000;
    const usage: unknown[] = [];
    const costs: unknown[] = [];
    for (const p of PROJECTS) {
      const model = LLM_PRICES.openai[p.model]!;
      const input = Math.round(
        p.inputPerDay *
          Math.max(o.scale, 0.05) *
          dayFactor('ai', o.cal, day) *
          o.rnd.range(0.9, 1.1),
      );
      const cached = Math.round(input * 0.3);
      const output = Math.round(input * 0.22);
      const requests = Math.max(1, Math.round(input / 1800));
      usage.push({
        object: 'organization.usage.completions.result',
        input_tokens: input,
        input_cached_tokens: cached,
        input_uncached_tokens: input - cached,
        output_tokens: output,
        input_audio_tokens: 0,
        output_audio_tokens: 0,
        num_model_requests: requests,
        project_id: p.id,
        user_id: null,
        api_key_id: null,
        model: model.model,
        batch: false,
        service_tier: 'default',
      });
      const inputCost = decAdd(
        [
          decMul(input - cached, model.input, 6),
          decMul(cached, decMul(model.input, '0.25', 12), 6),
        ],
        6,
      );
      for (const [item, value, quantity] of [
        ['input', inputCost, input],
        ['output', decMul(output, model.output, 6), output],
      ] as const) {
        costs.push({
          object: 'organization.costs.result',
          amount: { value: Number(value), currency: 'usd' },
          line_item: `${model.model}, ${item}`,
          project_id: p.id,
          api_key_id: null,
          quantity,
          quantity_unit: 'tokens',
        });
      }
    }
    usageBuckets.push({
      object: 'bucket',
      start_time: start,
      end_time: start + 86_400,
      results: usage,
    });
    costBuckets.push({
      object: 'bucket',
      start_time: start,
      end_time: start + 86_400,
      results: costs,
    });
  }
  const paths: string[] = [];
  for (const [name, buckets] of [
    ['usage-completions', usageBuckets],
    ['costs', costBuckets],
  ] as const) {
    const pages = Math.ceil(buckets.length / 31);
    for (let i = 0; i < pages; i++) {
      const path = join(o.dir, `${name}-page-${String(i + 1).padStart(3, '0')}.json`);
      const hasMore = i < pages - 1;
      writeFileSync(
        path,
        `${JSON.stringify(
          {
            object: 'page',
            data: buckets.slice(i * 31, i * 31 + 31),
            has_more: hasMore,
            next_page: hasMore
              ? `page_${Buffer.from(`${name}:${i + 1}`).toString('base64url')}`
              : null,
          },
          null,
          2,
        )}\n`,
      );
      paths.push(path);
    }
  }
  return paths;
}
