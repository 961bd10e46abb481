/**
 * LiteLLM proxy spend logs (`LiteLLM_SpendLogs` rows / the `/spend/logs` response). Tokens come in
 * OpenAI's convention: `prompt_tokens` INCLUDES cached tokens (`prompt_tokens_details.cached_tokens`)
 * and cache writes; we store uncached input. `spend` is LiteLLM's own estimate (`reportedCost`).
 * Allocation comes from the key's team, `end_user` and `request_tags` like `app:chatbot`.
 */
import { billedViaOf, normalizeProvider } from '../providers.ts';
import { FieldReader, get } from '../field-reader.ts';
import { lineOf } from '../json-with-lines.ts';
import type { LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

function tagMap(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = Array.isArray(tags)
    ? tags
    : typeof tags === 'string' && tags.startsWith('[')
      ? (JSON.parse(tags) as unknown[])
      : [];
  for (const t of list) {
    const s = String(t);
    const i = s.indexOf(':');
    if (i > 0) out[s.slice(0, i)] = s.slice(i + 1);
    else out[s] = 'true';
  }
  return out;
}

export function parseLiteLlmSpendLogs(rows: unknown[], file: string): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  rows.forEach((row, idx) => {
    const line = lineOf(row) ?? idx + 1;
    const requestId = r.text(row, 'request_id', line, { required: true });
    const provider = normalizeProvider(r.text(row, 'custom_llm_provider', line) ?? 'openai');
    const e = blankEvent({
      eventKey: `litellm|${requestId ?? line}`,
      replaceKey: `litellm|${requestId ?? line}`,
      source: 'litellm-spend-logs',
      sourceLine: line,
      startTime: r.time(row, 'startTime', line),
      provider,
      billedVia: billedViaOf(provider),
      model: r.text(row, 'model', line, {
        required: true,
        hint: 'Spend log rows name the model the proxy routed to.',
      }),
      operation: r.text(row, 'call_type', line) ?? 'completion',
    });
    const prompt = r.count(row, 'prompt_tokens', line, { required: true });
    const usage = get(row, 'metadata.usage_object');
    const cached = r.count(usage, 'prompt_tokens_details.cached_tokens', line);
    const write = r.count(usage, 'cache_creation_input_tokens', line);
    e.inputTokens = prompt - cached - write;
    if (e.inputTokens < 0) {
      r.problem(
        line,
        'prompt_tokens',
        `cached (${cached}) + cache-write (${write}) tokens exceed prompt_tokens (${prompt}).`,
      );
      e.inputTokens = 0;
    }
    e.cacheReadTokens = cached;
    e.cacheWriteTokens = write;
    e.outputTokens = r.count(row, 'completion_tokens', line, { required: true });
    e.reasoningTokens = r.count(usage, 'completion_tokens_details.reasoning_tokens', line);
    if (e.reasoningTokens > e.outputTokens)
      r.problem(line, 'reasoning_tokens', 'reasoning tokens exceed completion_tokens.');
    e.reportedCost = r.money(row, 'spend', line);
    const tags = tagMap(get(row, 'request_tags'));
    e.team = r.text(row, 'metadata.user_api_key_team_alias', line) ?? r.text(row, 'team_id', line);
    e.app = tags.app ?? null;
    e.feature = tags.feature ?? null;
    e.environment = tags.env ?? tags.environment ?? null;
    e.user = r.text(row, 'end_user', line) ?? r.text(row, 'user', line);
    e.conversation = r.text(row, 'session_id', line);
    const status = r.text(row, 'status', line);
    e.status = status === null ? null : status === 'success' ? 'success' : 'error';
    const alias = r.text(row, 'metadata.user_api_key_alias', line);
    e.tags = { ...tags, ...(alias ? { api_key_alias: alias } : {}) };
    events.push(e);
  });
  return { source: 'litellm-spend-logs', events, invoiceLines: [], issues: r.issues };
}
