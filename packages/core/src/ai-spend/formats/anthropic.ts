/**
 * Anthropic Admin API reports: the usage report (`/v1/organizations/usage_report/messages`) and the
 * cost report (`/v1/organizations/cost_report`). Anthropic's `uncached_input_tokens` already
 * excludes cache reads and writes (unlike OpenAI), so it is stored as is; cache writes are the sum
 * of the 5-minute and 1-hour ephemeral counts. Cost `amount` is a decimal STRING IN CENTS.
 */
import { toUnits } from '../../allocation/exact-decimal.ts';
import { unitsToText } from '../decimal-text.ts';
import { FieldReader, get } from '../field-reader.ts';
import { lineOf } from '../json-with-lines.ts';
import type { LlmInvoiceLine, LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

function buckets(
  doc: unknown,
  r: FieldReader,
): { bucket: unknown; line: number; results: unknown[] }[] {
  const data = get(doc, 'data');
  if (!Array.isArray(data)) {
    r.problem(1, 'data', 'no data array: not an Anthropic usage or cost report.');
    return [];
  }
  return data.map((b: unknown) => {
    const res = get(b, 'results');
    return { bucket: b, line: lineOf(b) ?? 1, results: Array.isArray(res) ? res : [] };
  });
}

export function parseAnthropicUsage(doc: unknown, file: string): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  for (const { bucket, line: bLine, results } of buckets(doc, r)) {
    const start = r.time(bucket, 'starting_at', bLine);
    for (const res of results) {
      const line = lineOf(res) ?? bLine;
      const model = r.text(res, 'model', line, {
        required: true,
        hint: 'Request the usage report with group_by[]=model so each row names its model.',
      });
      const workspace = r.text(res, 'workspace_id', line);
      const apiKey = r.text(res, 'api_key_id', line);
      const tier = r.text(res, 'service_tier', line);
      const ctx = r.text(res, 'context_window', line);
      const replaceKey = `anthropic-usage|messages|${start}`;
      const e = blankEvent({
        eventKey: `${replaceKey}|${[workspace, apiKey, model, tier, ctx].map((g) => g ?? '').join('|')}`,
        replaceKey,
        source: 'anthropic-usage',
        sourceLine: line,
        startTime: start,
        provider: 'anthropic',
        billedVia: 'direct',
        model,
        operation: 'messages',
      });
      e.requests = 0;
      e.project = workspace;
      e.serviceTier = tier;
      e.batch = tier === 'batch';
      e.tags = Object.fromEntries(
        [
          ['api_key_id', apiKey],
          ['context_window', ctx],
          ['web_search_requests', get(res, 'server_tool_use.web_search_requests')],
        ]
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      e.inputTokens = r.count(res, 'uncached_input_tokens', line, { required: true });
      e.cacheReadTokens = r.count(res, 'cache_read_input_tokens', line);
      e.cacheWriteTokens =
        r.count(res, 'cache_creation.ephemeral_5m_input_tokens', line) +
        r.count(res, 'cache_creation.ephemeral_1h_input_tokens', line);
      e.outputTokens = r.count(res, 'output_tokens', line, { required: true });
      events.push(e);
    }
  }
  return { source: 'anthropic-usage', events, invoiceLines: [], issues: r.issues };
}

export function parseAnthropicCosts(doc: unknown, file: string): ParsedUsage {
  const r = new FieldReader(file);
  const invoiceLines: LlmInvoiceLine[] = [];
  for (const { bucket, line: bLine, results } of buckets(doc, r)) {
    const day = r.time(bucket, 'starting_at', bLine).slice(0, 10);
    for (const res of results) {
      const line = lineOf(res) ?? bLine;
      const cents = r.money(res, 'amount', line, { required: true });
      invoiceLines.push({
        replaceKey: `anthropic-costs|${day}`,
        source: 'anthropic-costs',
        sourceLine: line,
        day,
        provider: 'anthropic',
        account: null,
        project: r.text(res, 'workspace_id', line),
        model: r.text(res, 'model', line),
        description: r.text(res, 'description', line),
        tokenType: r.text(res, 'token_type', line) ?? r.text(res, 'cost_type', line),
        quantity: null,
        unit: null,
        // Cents → currency units, exactly.
        amount: cents === null ? '0' : unitsToText(toUnits(cents) / 100n),
        currency: (r.text(res, 'currency', line) ?? 'USD').toUpperCase(),
      });
    }
  }
  return { source: 'anthropic-costs', events: [], invoiceLines, issues: r.issues };
}
