/**
 * OpenAI Usage API pages (`GET /organization/usage/{completions,embeddings,images,…}`) and Costs
 * API pages (`GET /organization/costs`). Completions `input_tokens` INCLUDES cached and cache-write
 * tokens; we store uncached input (`input_uncached_tokens`, or input − cached − cache-write).
 * A bucket result without `model` (not grouped by model) is kept, flagged unpriced at pricing.
 */
import { FieldReader, get } from '../field-reader.ts';
import { lineOf } from '../json-with-lines.ts';
import type { LlmInvoiceLine, LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

/** Non-token endpoints: which field holds the quantity and in what unit. */
const OTHER: Record<string, [field: string, unit: string]> = {
  images: ['images', 'images'],
  audio_speeches: ['characters', 'characters'],
  audio_transcriptions: ['seconds', 'seconds'],
  vector_stores: ['usage_bytes', 'bytes'],
  code_interpreter_sessions: ['num_sessions', 'sessions'],
  file_searches: ['num_requests', 'file search calls'],
  web_searches: ['num_requests', 'web search calls'],
};

interface Bucket {
  start_time?: unknown;
  results?: unknown;
}

function buckets(doc: unknown, r: FieldReader): { bucket: Bucket; line: number }[] {
  const data = get(doc, 'data');
  if (!Array.isArray(data)) {
    r.problem(1, 'data', 'no data array: not an OpenAI usage/costs page.');
    return [];
  }
  return data.map((b: unknown) => ({ bucket: b as Bucket, line: lineOf(b) ?? 1 }));
}

/** Kind of a usage result object: `organization.usage.completions.result` → `completions`. */
export function openAiUsageKind(object: unknown): string | null {
  const m = /^organization\.usage\.([a-z_]+)\.result$/.exec(String(object ?? ''));
  return m?.[1] ?? null;
}

export function parseOpenAiUsage(doc: unknown, file: string): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  for (const { bucket, line: bLine } of buckets(doc, r)) {
    const start = r.time(bucket, 'start_time', bLine);
    const results = Array.isArray(bucket.results) ? (bucket.results as unknown[]) : [];
    for (const res of results) {
      const line = lineOf(res) ?? bLine;
      const kind = openAiUsageKind(get(res, 'object'));
      if (!kind) {
        r.problem(
          line,
          'object',
          `result object ${JSON.stringify(get(res, 'object'))} is not a usage result.`,
        );
        continue;
      }
      const model = r.text(res, 'model', line);
      const project = r.text(res, 'project_id', line);
      const user = r.text(res, 'user_id', line);
      const apiKey = r.text(res, 'api_key_id', line);
      const batch = get(res, 'batch') === true;
      const tier = r.text(res, 'service_tier', line);
      const group = [
        project,
        user,
        apiKey,
        model,
        batch,
        tier,
        r.text(res, 'size', line),
        r.text(res, 'source', line),
        r.text(res, 'context_level', line),
        r.text(res, 'vector_store_id', line),
      ];
      const replaceKey = `openai-usage|${kind}|${start}`;
      const e = blankEvent({
        eventKey: `${replaceKey}|${group.map((g) => g ?? '').join('|')}`,
        replaceKey,
        source: 'openai-usage',
        sourceLine: line,
        startTime: start,
        provider: 'openai',
        billedVia: 'direct',
        model,
        operation: kind,
      });
      e.project = project;
      e.user = user;
      e.batch = batch;
      e.serviceTier = tier;
      if (apiKey) e.tags = { api_key_id: apiKey };
      e.requests = r.count(res, 'num_model_requests', line);
      const other = OTHER[kind];
      if (other) {
        e.otherQuantity = String(r.count(res, other[0], line, { required: true }));
        e.otherUnit = other[1];
      } else {
        const input = r.count(res, 'input_tokens', line, { required: true });
        const cached = r.count(res, 'input_cached_tokens', line);
        const write = r.count(res, 'input_cache_write_tokens', line);
        const uncached = get(res, 'input_uncached_tokens');
        e.inputTokens =
          uncached === undefined || uncached === null
            ? input - cached - write
            : r.count(res, 'input_uncached_tokens', line);
        if (e.inputTokens < 0 || e.inputTokens + cached + write !== input) {
          r.problem(
            line,
            'input_cached_tokens',
            `cached (${cached}) + cache-write (${write}) + uncached tokens do not add up to input_tokens (${input}).`,
            'OpenAI input_tokens includes cached and cache-write tokens; check the export was not edited.',
          );
          e.inputTokens = Math.max(0, e.inputTokens);
        }
        e.cacheReadTokens = cached;
        e.cacheWriteTokens = write;
        e.outputTokens = r.count(res, 'output_tokens', line);
      }
      events.push(e);
    }
  }
  return { source: 'openai-usage', events, invoiceLines: [], issues: r.issues };
}

export function parseOpenAiCosts(doc: unknown, file: string): ParsedUsage {
  const r = new FieldReader(file);
  const invoiceLines: LlmInvoiceLine[] = [];
  for (const { bucket, line: bLine } of buckets(doc, r)) {
    const day = r.time(bucket, 'start_time', bLine).slice(0, 10);
    const results = Array.isArray(bucket.results) ? (bucket.results as unknown[]) : [];
    for (const res of results) {
      const line = lineOf(res) ?? bLine;
      const amount = r.money(res, 'amount.value', line, { required: true });
      const item = r.text(res, 'line_item', line);
      const comma = item?.lastIndexOf(', ') ?? -1;
      invoiceLines.push({
        replaceKey: `openai-costs|${day}`,
        source: 'openai-costs',
        sourceLine: line,
        day,
        provider: 'openai',
        account: r.text(res, 'api_key_id', line),
        project: r.text(res, 'project_id', line),
        model: item && comma > 0 ? item.slice(0, comma) : null,
        description: item,
        tokenType: item && comma > 0 ? item.slice(comma + 2) : null,
        quantity: r.money(res, 'quantity', line),
        unit: r.text(res, 'quantity_unit', line),
        amount: amount ?? '0',
        currency: (r.text(res, 'amount.currency', line) ?? 'usd').toUpperCase(),
      });
    }
  }
  return { source: 'openai-costs', events: [], invoiceLines, issues: r.issues };
}
