/**
 * LLM usage files → `llm_usage_event` / `llm_invoice_line`, priced with the price book, all or
 * nothing: every file is parsed and checked first; any issue stops the load with every problem
 * (file, line, field) and nothing is written. One transaction replaces what a re-ingest covers
 * (same request ids, same usage buckets, same cost days — never doubled), rebuilds the FOCUS rows
 * of the direct providers and days touched, and records the load in the manifest and audit log.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { sha256File } from '../ingest/file-hash.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { jsonParam } from '../util/json-param.ts';
import { sumDecimals } from './decimal-text.ts';
import { writeAiFocusRows } from './focus-rows.ts';
import { parseUsageFile } from './parse-usage-file.ts';
import type { PricedCost } from './price-event.ts';
import { priceEvent } from './price-event.ts';
import { loadPriceBook } from './price-overrides.ts';
import type { LlmInvoiceLine, LlmSource, LlmUsageEvent } from './usage-event.ts';

export interface LlmIngestOptions {
  /** Force the format instead of detecting it. */
  source?: LlmSource;
  /** `error`: a model the price book does not know stops the load (default `flag`: unpriced). */
  unknownModels?: 'flag' | 'error';
  actor?: string;
  newId?: () => string;
}

export interface LlmIngestedFile {
  file: string;
  source: LlmSource;
  events: number;
  invoiceLines: number;
  unpricedEvents: number;
  firstDay: string | null;
  lastDay: string | null;
}

export interface LlmIngestResult {
  ingestId: string;
  files: LlmIngestedFile[];
  events: number;
  invoiceLines: number;
  unpricedEvents: number;
  /** Token-priced cost of the events loaded (unpriced events excluded), exact. */
  pricedCost: string;
  replacedEvents: number;
  focusRows: number;
}

const EVENT_COLUMNS: [string, string][] = [
  ['event_key', 'VARCHAR'],
  ['replace_key', 'VARCHAR'],
  ['source', 'VARCHAR'],
  ['source_file', 'VARCHAR'],
  ['source_line', 'BIGINT'],
  ['ingest_id', 'VARCHAR'],
  ['start_time', 'VARCHAR'],
  ['provider', 'VARCHAR'],
  ['billed_via', 'VARCHAR'],
  ['model', 'VARCHAR'],
  ['operation', 'VARCHAR'],
  ['requests', 'BIGINT'],
  ['input_tokens', 'BIGINT'],
  ['cache_read_tokens', 'BIGINT'],
  ['cache_write_tokens', 'BIGINT'],
  ['output_tokens', 'BIGINT'],
  ['reasoning_tokens', 'BIGINT'],
  ['other_quantity', 'VARCHAR'],
  ['other_unit', 'VARCHAR'],
  ['batch', 'BOOLEAN'],
  ['service_tier', 'VARCHAR'],
  ['account', 'VARCHAR'],
  ['project', 'VARCHAR'],
  ['team', 'VARCHAR'],
  ['app', 'VARCHAR'],
  ['feature', 'VARCHAR'],
  ['user_id', 'VARCHAR'],
  ['environment', 'VARCHAR'],
  ['conversation', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['tags', 'VARCHAR'],
  ['reported_cost', 'VARCHAR'],
  ['cost', 'VARCHAR'],
  ['cache_savings', 'VARCHAR'],
  ['price_key', 'VARCHAR'],
  ['price_version', 'VARCHAR'],
  ['unpriced_reason', 'VARCHAR'],
];

const DECIMAL_COLS = new Set(['other_quantity', 'reported_cost', 'cost', 'cache_savings']);

function eventRow(
  e: LlmUsageEvent,
  p: PricedCost,
  file: string,
  ingestId: string,
): Record<string, unknown> {
  return {
    event_key: e.eventKey,
    replace_key: e.replaceKey,
    source: e.source,
    source_file: file,
    source_line: e.sourceLine,
    ingest_id: ingestId,
    start_time: e.startTime,
    provider: e.provider,
    billed_via: e.billedVia,
    model: e.model,
    operation: e.operation,
    requests: e.requests,
    input_tokens: e.inputTokens,
    cache_read_tokens: e.cacheReadTokens,
    cache_write_tokens: e.cacheWriteTokens,
    output_tokens: e.outputTokens,
    reasoning_tokens: e.reasoningTokens,
    other_quantity: e.otherQuantity,
    other_unit: e.otherUnit,
    batch: e.batch,
    service_tier: e.serviceTier,
    account: e.account,
    project: e.project,
    team: e.team,
    app: e.app,
    feature: e.feature,
    user_id: e.user,
    environment: e.environment,
    conversation: e.conversation,
    status: e.status,
    tags: jsonParam(e.tags),
    reported_cost: e.reportedCost,
    cost: p.cost,
    cache_savings: p.cacheSavings,
    price_key: p.priceKey,
    price_version: p.priceVersion,
    unpriced_reason: p.unpricedReason,
  };
}

/** Inserts event rows (JSON objects keyed by column) in one statement. */
export async function insertEventRows(
  tx: Warehouse,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const spec = Object.fromEntries(EVENT_COLUMNS.map(([c, t]) => [c, t]));
  const select = EVENT_COLUMNS.map(([c]) =>
    c === 'start_time'
      ? `start_time::TIMESTAMPTZ AT TIME ZONE 'UTC', (start_time::TIMESTAMPTZ AT TIME ZONE 'UTC')::DATE`
      : c === 'tags'
        ? 'tags::JSON'
        : DECIMAL_COLS.has(c)
          ? `${c}::DECIMAL(38, 15)`
          : c,
  );
  const names = EVENT_COLUMNS.flatMap(([c]) => (c === 'start_time' ? ['start_time', 'day'] : [c]));
  for (let i = 0; i < rows.length; i += 20_000) {
    await tx.exec(
      `INSERT INTO llm_usage_event (${names.join(', ')})
       SELECT ${select.join(', ')} FROM (SELECT unnest(from_json($1::JSON, $2), recursive := true))`,
      [jsonParam(rows.slice(i, i + 20_000)), JSON.stringify([spec])],
    );
  }
}

async function insertInvoiceLines(
  tx: Warehouse,
  lines: LlmInvoiceLine[],
  file: string,
  ingestId: string,
): Promise<void> {
  if (lines.length === 0) return;
  const rows = lines.map((l) => ({
    replace_key: l.replaceKey,
    source: l.source,
    source_file: file,
    source_line: l.sourceLine,
    ingest_id: ingestId,
    day: l.day,
    provider: l.provider,
    account: l.account,
    project: l.project,
    model: l.model,
    description: l.description,
    token_type: l.tokenType,
    quantity: l.quantity,
    unit: l.unit,
    amount: l.amount,
    currency: l.currency,
  }));
  const cols = Object.keys(rows[0]!);
  const spec = Object.fromEntries(cols.map((c) => [c, c === 'source_line' ? 'BIGINT' : 'VARCHAR']));
  await tx.exec(
    `INSERT INTO llm_invoice_line (${cols.join(', ')})
     SELECT ${cols.map((c) => (c === 'day' ? 'day::DATE' : c === 'quantity' || c === 'amount' ? `${c}::DECIMAL(38, 15)` : c)).join(', ')}
     FROM (SELECT unnest(from_json($1::JSON, $2), recursive := true))`,
    [jsonParam(rows), JSON.stringify([spec])],
  );
}

/**
 * Loads LLM usage / cost files in one transaction.
 * @example await ingestLlmUsage(wh, ['usage-completions-page-001.json', 'costs-page-001.json']);
 */
export async function ingestLlmUsage(
  wh: Warehouse,
  files: readonly string[],
  opts: LlmIngestOptions = {},
): Promise<LlmIngestResult> {
  if (files.length === 0)
    throw new CostLensError({ code: 'INVALID_INPUT', message: 'no LLM usage files to ingest.' });
  const book = await loadPriceBook(wh);
  const known = [...(book.versions[book.versions.length - 1]?.entries.keys() ?? [])];
  const issues: Issue[] = [];
  const parsed = files.map((file) => {
    const p = parseUsageFile(file, { source: opts.source, knownModels: known });
    issues.push(...p.issues);
    const priced = p.events.map((e) => priceEvent(book, e));
    if (opts.unknownModels === 'error') {
      p.events.forEach((e, i) => {
        const why = priced[i]!.unpricedReason;
        if (why && e.otherQuantity === null)
          issues.push({
            file,
            line: e.sourceLine,
            column: 'model',
            message: why,
            hint: 'Add a price with `costlens ai prices set`, or ingest without --strict-models to load it flagged unpriced.',
          });
      });
    }
    return { file, p, priced };
  });
  if (issues.length) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${issues.length} problem(s) in the LLM usage file(s); nothing was loaded.`,
      hint: issues[0]?.hint,
      issues: issues.slice(0, 100),
    });
  }
  const ingestId = (opts.newId ?? (() => `llm_${randomUUID().slice(0, 12)}`))();
  const result: LlmIngestResult = {
    ingestId,
    files: [],
    events: 0,
    invoiceLines: 0,
    unpricedEvents: 0,
    pricedCost: '0',
    replacedEvents: 0,
    focusRows: 0,
  };
  const hashes = await Promise.all(files.map((f) => sha256File(f)));
  const touched = new Set<string>();
  await wh.transaction(async (tx) => {
    for (const [i, { file, p, priced }] of parsed.entries()) {
      const keys = JSON.stringify([...new Set(p.events.map((e) => e.replaceKey))]);
      const [before] = await tx.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM llm_usage_event WHERE (replace_key) IN (SELECT unnest($1::VARCHAR[]))`,
        [keys],
      );
      result.replacedEvents += Number(before?.n ?? 0);
      for (const r of await tx.query<{ provider: string; day: string }>(
        `SELECT DISTINCT provider, day::VARCHAR AS day FROM llm_usage_event WHERE (replace_key) IN (SELECT unnest($1::VARCHAR[]))
         UNION SELECT DISTINCT provider, day::VARCHAR FROM llm_invoice_line WHERE (replace_key) IN (SELECT unnest($2::VARCHAR[]))`,
        [keys, JSON.stringify([...new Set(p.invoiceLines.map((l) => l.replaceKey))])],
      ))
        touched.add(`${r.provider}|${r.day}`);
      await tx.exec(
        `DELETE FROM llm_usage_event WHERE (replace_key) IN (SELECT unnest($1::VARCHAR[]))`,
        [keys],
      );
      await tx.exec(
        `DELETE FROM llm_invoice_line WHERE (replace_key) IN (SELECT unnest($1::VARCHAR[]))`,
        [JSON.stringify([...new Set(p.invoiceLines.map((l) => l.replaceKey))])],
      );
      await insertEventRows(
        tx,
        p.events.map((e, j) => eventRow(e, priced[j]!, file, ingestId)),
      );
      await insertInvoiceLines(tx, p.invoiceLines, file, ingestId);
      const days = [
        ...p.events.map((e) => e.startTime.slice(0, 10)),
        ...p.invoiceLines.map((l) => l.day),
      ].sort();
      for (const e of p.events) touched.add(`${e.provider}|${e.startTime.slice(0, 10)}`);
      for (const l of p.invoiceLines) touched.add(`${l.provider}|${l.day}`);
      const unpriced = priced.filter((x) => x.cost === null).length;
      await tx.exec(
        `INSERT INTO llm_usage_ingest VALUES ($1, $2, $3, $4, $5, $6, $7::DATE, $8::DATE, now()::TIMESTAMP)`,
        [
          ingestId,
          p.source,
          file,
          hashes[i]!,
          p.events.length,
          p.invoiceLines.length,
          days[0] ?? null,
          days[days.length - 1] ?? null,
        ],
      );
      result.files.push({
        file,
        source: p.source,
        events: p.events.length,
        invoiceLines: p.invoiceLines.length,
        unpricedEvents: unpriced,
        firstDay: days[0] ?? null,
        lastDay: days[days.length - 1] ?? null,
      });
      result.events += p.events.length;
      result.invoiceLines += p.invoiceLines.length;
      result.unpricedEvents += unpriced;
    }
    result.focusRows = await writeAiFocusRows(
      tx,
      [...touched].map((t) => {
        const [provider = '', day = ''] = t.split('|');
        return { provider, day };
      }),
    );
    await appendAudit(tx, {
      actor: opts.actor ?? 'system',
      action: 'ai.ingest',
      target: ingestId,
      detail: {
        files: result.files.map((f) => ({
          file: f.file,
          source: f.source,
          events: f.events,
          invoiceLines: f.invoiceLines,
        })),
      },
    });
  });
  result.pricedCost = sumDecimals(parsed.flatMap((x) => x.priced.map((p) => p.cost)));
  return result;
}
