/**
 * OpenTelemetry GenAI telemetry in OTLP JSON: spans (`resourceSpans`) carrying `gen_ai.usage.*`
 * attributes, or — when a file has no spans — the `gen_ai.client.token.usage` histogram, whose data
 * points are summed per attribute set. OTel's `gen_ai.usage.input_tokens` SHOULD include cached
 * tokens; we store uncached input. Deprecated names (`gen_ai.system`, `prompt_tokens`) are read too.
 */
import { billedViaOf, normalizeProvider } from '../providers.ts';
import { FieldReader, get, isoTime } from '../field-reader.ts';
import { lineOf } from '../json-with-lines.ts';
import type { LlmUsageEvent, ParsedUsage } from '../usage-event.ts';
import { blankEvent } from '../usage-event.ts';

type Attrs = Record<string, unknown>;

/** OTLP `[{key, value: {stringValue|intValue|…}}]` or a plain map → a plain map. */
export function attributesOf(a: unknown): Attrs {
  if (!Array.isArray(a)) return a && typeof a === 'object' ? (a as Attrs) : {};
  const out: Attrs = {};
  for (const kv of a) {
    const v = get(kv, 'value') as Attrs | undefined;
    const val =
      v?.stringValue ??
      v?.intValue ??
      v?.doubleValue ??
      v?.boolValue ??
      get(v, 'arrayValue.values');
    out[String(get(kv, 'key'))] =
      typeof val === 'string' && /^\d+$/.test(val) && v?.intValue !== undefined ? Number(val) : val;
  }
  return out;
}

const pick = (a: Attrs, ...keys: string[]) => {
  for (const k of keys) if (a[k] !== undefined && a[k] !== null && a[k] !== '') return a[k];
  return undefined;
};

function nanoTime(r: FieldReader, obj: unknown, line: number, ...fields: string[]): string {
  for (const f of fields) {
    const v = get(obj, f);
    if (v === undefined || v === null) continue;
    const text = String(v).trim();
    const iso = /^-?\d+$/.test(text) ? isoTime(Number(BigInt(text) / 1_000_000n)) : null;
    if (iso !== null) return iso;
    r.problem(
      line,
      f,
      `${f} ${JSON.stringify(v).slice(0, 40)} is not a time in Unix nanoseconds.`,
      'OTLP spans and data points carry their time in Unix nanoseconds.',
    );
    return '1970-01-01T00:00:00.000Z';
  }
  r.problem(
    line,
    fields[0] ?? 'time',
    `missing ${fields.join(' / ')}.`,
    'OTLP spans and data points carry their time in Unix nanoseconds.',
  );
  return '1970-01-01T00:00:00.000Z';
}

function fillEvent(e: LlmUsageEvent, r: FieldReader, a: Attrs, line: number): void {
  const num = (field: string, ...alts: string[]) =>
    r.count({ v: pick(a, field, ...alts) }, 'v', line);
  const input = num('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens');
  const read = num('gen_ai.usage.cache_read.input_tokens');
  const write = num('gen_ai.usage.cache_creation.input_tokens');
  e.inputTokens = input - read - write;
  if (e.inputTokens < 0) {
    r.problem(
      line,
      'gen_ai.usage.input_tokens',
      `cache read (${read}) + creation (${write}) exceed input tokens (${input}).`,
      'OTel input tokens include cached tokens.',
    );
    e.inputTokens = 0;
  }
  e.cacheReadTokens = read;
  e.cacheWriteTokens = write;
  e.outputTokens = num('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens');
  e.reasoningTokens = num('gen_ai.usage.reasoning.output_tokens');
  const s = (k: string, ...alts: string[]) => {
    const v = pick(a, k, ...alts);
    return v === undefined ? null : String(v);
  };
  e.app = s('app', 'service.name');
  e.team = s('team', 'team.name');
  e.feature = s('feature');
  e.environment = s('deployment.environment.name', 'deployment.environment', 'environment');
  e.user = s('user.id', 'enduser.id');
  e.conversation = s('gen_ai.conversation.id');
}

interface SpanAt {
  span: unknown;
  resource: Attrs;
}

function spansOf(doc: unknown): SpanAt[] {
  const out: SpanAt[] = [];
  const single = get(doc, 'span');
  if (single) out.push({ span: single, resource: {} });
  const rs = get(doc, 'resourceSpans');
  if (Array.isArray(rs)) {
    for (const r of rs) {
      const resource = attributesOf(get(r, 'resource.attributes'));
      for (const ss of (get(r, 'scopeSpans') as unknown[] | undefined) ?? []) {
        for (const span of (get(ss, 'spans') as unknown[] | undefined) ?? [])
          out.push({ span, resource });
      }
    }
  }
  return out;
}

function tokenMetricPoints(doc: unknown): { point: unknown; resource: Attrs }[] {
  const out: { point: unknown; resource: Attrs }[] = [];
  const take = (metric: unknown, resource: Attrs) => {
    if (get(metric, 'name') !== 'gen_ai.client.token.usage') return;
    const pts =
      get(metric, 'data_points') ??
      get(metric, 'histogram.dataPoints') ??
      get(metric, 'sum.dataPoints');
    for (const point of Array.isArray(pts) ? pts : []) out.push({ point, resource });
  };
  const single = get(doc, 'metric');
  if (single) take(single, {});
  const rm = get(doc, 'resourceMetrics');
  if (Array.isArray(rm)) {
    for (const r of rm) {
      const resource = attributesOf(get(r, 'resource.attributes'));
      for (const sm of (get(r, 'scopeMetrics') as unknown[] | undefined) ?? []) {
        for (const m of (get(sm, 'metrics') as unknown[] | undefined) ?? []) take(m, resource);
      }
    }
  }
  return out;
}

export function parseOtelGenAi(doc: unknown, file: string): ParsedUsage {
  const r = new FieldReader(file);
  const events: LlmUsageEvent[] = [];
  const spans = spansOf(doc).filter(({ span }) => {
    const a = attributesOf(get(span, 'attributes'));
    return Object.keys(a).some((k) => k.startsWith('gen_ai.usage.'));
  });
  for (const { span, resource } of spans) {
    const line = lineOf(span) ?? 1;
    const a = { ...resource, ...attributesOf(get(span, 'attributes')) };
    const provider = normalizeProvider(
      String(pick(a, 'gen_ai.provider.name', 'gen_ai.system') ?? ''),
    );
    const model = pick(a, 'gen_ai.response.model', 'gen_ai.request.model');
    if (model === undefined)
      r.problem(
        line,
        'gen_ai.request.model',
        'missing gen_ai.request.model / gen_ai.response.model.',
        'GenAI spans must name the model.',
      );
    const id = String(pick(a, 'gen_ai.response.id') ?? get(span, 'spanId') ?? `line-${line}`);
    const e = blankEvent({
      eventKey: `otel|${id}`,
      replaceKey: `otel|${id}`,
      source: 'otel-genai',
      sourceLine: line,
      startTime: nanoTime(r, span, line, 'startTimeUnixNano', 'endTimeUnixNano'),
      provider,
      billedVia: billedViaOf(provider),
      model: model === undefined ? null : String(model),
      operation: String(pick(a, 'gen_ai.operation.name') ?? 'chat'),
    });
    fillEvent(e, r, a, line);
    const code = get(span, 'status.code');
    e.status =
      code === 2 || code === 'STATUS_CODE_ERROR' || a['error.type'] !== undefined
        ? 'error'
        : 'success';
    events.push(e);
  }
  if (spans.length === 0) {
    // Metrics only: sum input/output points that share every other attribute.
    const groups = new Map<
      string,
      { a: Attrs; line: number; input: number; output: number; count: number; time: string }
    >();
    for (const { point, resource } of tokenMetricPoints(doc)) {
      const line = lineOf(point) ?? 1;
      const a = { ...resource, ...attributesOf(get(point, 'attributes')) };
      const type = a['gen_ai.token.type'];
      const rest = Object.fromEntries(
        Object.entries(a)
          .filter(([k]) => k !== 'gen_ai.token.type')
          .sort(),
      );
      const time = nanoTime(r, point, line, 'startTimeUnixNano', 'timeUnixNano');
      const key = `${time}|${JSON.stringify(rest)}`;
      const g = groups.get(key) ?? { a: rest, line, input: 0, output: 0, count: 0, time };
      const sum = r.count(point, 'sum', line, { required: true });
      if (type === 'input') {
        g.input += sum;
        g.count += r.count(point, 'count', line);
      } else if (type === 'output') g.output += sum;
      else
        r.problem(
          line,
          'gen_ai.token.type',
          `token type ${JSON.stringify(type)} is not input or output.`,
        );
      groups.set(key, g);
    }
    for (const [key, g] of groups) {
      const provider = normalizeProvider(
        String(pick(g.a, 'gen_ai.provider.name', 'gen_ai.system') ?? ''),
      );
      const model = pick(g.a, 'gen_ai.response.model', 'gen_ai.request.model');
      if (model === undefined)
        r.problem(
          g.line,
          'gen_ai.request.model',
          'missing gen_ai.request.model on a token usage data point.',
        );
      const e = blankEvent({
        eventKey: `otel-metric|${key}`,
        replaceKey: `otel-metric|${key}`,
        source: 'otel-genai',
        sourceLine: g.line,
        startTime: g.time,
        provider,
        billedVia: billedViaOf(provider),
        model: model === undefined ? null : String(model),
        operation: String(pick(g.a, 'gen_ai.operation.name') ?? 'chat'),
      });
      fillEvent(
        e,
        r,
        { ...g.a, 'gen_ai.usage.input_tokens': g.input, 'gen_ai.usage.output_tokens': g.output },
        g.line,
      );
      e.requests = g.count;
      events.push(e);
    }
  }
  return { source: 'otel-genai', events, invoiceLines: [], issues: r.issues };
}
