/**
 * Reads one LLM usage file and picks its parser from the content (not the name): OpenAI usage or
 * costs pages, Anthropic usage or cost reports, Bedrock invocation logs (JSON lines or one record),
 * LiteLLM spend logs, OTLP GenAI spans/metrics, or an Azure cost export (CSV). Pure apart from
 * reading the file; returns every issue found.
 */
import { readFileSync } from 'node:fs';
import { CostLensError } from '../errors.ts';
import { get } from './field-reader.ts';
import { parseAnthropicCosts, parseAnthropicUsage } from './formats/anthropic.ts';
import { parseAzureOpenAiExport } from './formats/azure.ts';
import { parseBedrockLog } from './formats/bedrock.ts';
import { parseLiteLlmSpendLogs } from './formats/litellm.ts';
import { openAiUsageKind, parseOpenAiCosts, parseOpenAiUsage } from './formats/openai.ts';
import { parseOtelGenAi } from './formats/otel.ts';
import { parseJsonWithLines } from './json-with-lines.ts';
import { storeLimitIssues } from './store-limits.ts';
import type { LlmSource, ParsedUsage } from './usage-event.ts';

export const LLM_SOURCES: readonly LlmSource[] = [
  'openai-usage',
  'openai-costs',
  'anthropic-usage',
  'anthropic-costs',
  'bedrock-invocation-log',
  'azure-openai-export',
  'litellm-spend-logs',
  'otel-genai',
];

export interface ParseOptions {
  /** Force a format instead of detecting it. */
  source?: LlmSource;
  /** Model ids the price book knows (Azure meters name models loosely). */
  knownModels?: Iterable<string>;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)}).`,
      cause: e,
    });
  }
}

/** Parses JSON lines (one record per line) with their line numbers. */
function jsonLines(text: string, file: string): { value: unknown; line: number }[] {
  const out: { value: unknown; line: number }[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() !== '') out.push({ value: parseJsonWithLines(l, file, i + 1), line: i + 1 });
  });
  return out;
}

/** Which source a parsed JSON document is, or null. */
export function detectJsonSource(doc: unknown): LlmSource | null {
  const first = Array.isArray(doc) ? doc[0] : doc;
  if (get(first, 'schemaType') === 'ModelInvocationLog') return 'bedrock-invocation-log';
  if (
    get(doc, 'resourceSpans') ||
    get(doc, 'resourceMetrics') ||
    get(doc, 'span.attributes') ||
    get(doc, 'metric.data_points')
  )
    return 'otel-genai';
  const rows = Array.isArray(doc) ? doc : get(doc, 'data');
  if (Array.isArray(rows)) {
    const r0 = rows[0] as unknown;
    if (
      get(r0, 'request_id') !== undefined &&
      (get(r0, 'spend') !== undefined || get(r0, 'call_type') !== undefined)
    )
      return 'litellm-spend-logs';
    const res = get(r0, 'results');
    const x = Array.isArray(res) ? (res[0] as unknown) : undefined;
    if (get(x, 'object') === 'organization.costs.result') return 'openai-costs';
    if (openAiUsageKind(get(x, 'object'))) return 'openai-usage';
    if (get(x, 'uncached_input_tokens') !== undefined) return 'anthropic-usage';
    if (typeof get(x, 'amount') === 'string' && get(x, 'cost_type') !== undefined)
      return 'anthropic-costs';
    if (get(doc, 'object') === 'page') return 'openai-usage';
  }
  return null;
}

/**
 * Reads and parses one file; throws UNKNOWN_FORMAT when nothing recognizes it. Values the store
 * cannot hold (counts past 2^53, years past 9999, money past DECIMAL(38, 15)) come back as issues.
 */
export function parseUsageFile(file: string, o: ParseOptions = {}): ParsedUsage {
  const parsed = parseUsageText(readText(file), file, o);
  return { ...parsed, issues: [...parsed.issues, ...storeLimitIssues(parsed, file)] };
}

function parseUsageText(text: string, file: string, o: ParseOptions): ParsedUsage {
  const trimmed = text.trimStart().replace(/^\uFEFF/, '');
  const known = o.knownModels ?? [];
  if (o.source === 'azure-openai-export' || (!o.source && !/^[[{]/.test(trimmed))) {
    return parseAzureOpenAiExport(text, file, known);
  }
  // JSON lines: the first non-empty line is a whole JSON value on its own.
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  let isLines = false;
  if (firstLine.trim() !== trimmed.trim()) {
    try {
      JSON.parse(firstLine);
      isLines = true;
    } catch {
      isLines = false;
    }
  }
  const records = isLines
    ? jsonLines(text, file)
    : [{ value: parseJsonWithLines(text, file), line: 1 }];
  const doc = isLines ? records.map((r) => r.value) : records[0]!.value;
  const source = o.source ?? detectJsonSource(doc);
  switch (source) {
    case 'openai-usage':
      return parseOpenAiUsage(doc, file);
    case 'openai-costs':
      return parseOpenAiCosts(doc, file);
    case 'anthropic-usage':
      return parseAnthropicUsage(doc, file);
    case 'anthropic-costs':
      return parseAnthropicCosts(doc, file);
    case 'bedrock-invocation-log':
      return parseBedrockLog(
        Array.isArray(doc) && !isLines ? doc.map((value, i) => ({ value, line: i + 1 })) : records,
        file,
      );
    case 'litellm-spend-logs': {
      const rows = Array.isArray(doc) ? doc : get(doc, 'data');
      return parseLiteLlmSpendLogs(Array.isArray(rows) ? rows : [], file);
    }
    case 'otel-genai':
      return parseOtelGenAi(doc, file);
    default:
      throw new CostLensError({
        code: 'UNKNOWN_FORMAT',
        message: `${file}: not a known LLM usage format.`,
        hint: `Known formats: ${LLM_SOURCES.join(', ')}. Pass --format to force one.`,
      });
  }
}
