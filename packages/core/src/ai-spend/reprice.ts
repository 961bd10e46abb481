/**
 * Reprices stored usage with the price book as it is now (new shipped version, new overrides)
 * and compares both views per provider and model. With `apply`, the new prices replace the stored
 * ones in one audited transaction and the affected direct-provider FOCUS rows are rebuilt.
 */
import { appendAudit } from '../audit/audit-log.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { AiScope } from './ai-scope.ts';
import { scopeWhere } from './ai-scope.ts';
import { sumDecimals } from './decimal-text.ts';
import { writeAiFocusRows } from './focus-rows.ts';
import type { PriceBook } from './price-book.ts';
import { priceEvent } from './price-event.ts';
import { loadPriceBook } from './price-overrides.ts';

export interface RepriceLine {
  provider: string;
  model: string | null;
  events: number;
  storedCost: string;
  repricedCost: string;
  delta: string;
  storedVersions: string[];
  newVersions: string[];
  /** Events whose priced/unpriced state changes. */
  newlyPriced: number;
  newlyUnpriced: number;
}

export interface RepriceResult {
  lines: RepriceLine[];
  storedCost: string;
  repricedCost: string;
  delta: string;
  applied: boolean;
  changedEvents: number;
}

interface StoredEvent {
  event_key: string;
  provider: string;
  model: string | null;
  start_time: string;
  day: string;
  billed_via: string;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  batch: boolean;
  other_quantity: string | null;
  other_unit: string | null;
  cost: string | null;
  price_version: string | null;
}

/** @example const r = await repriceUsage(wh, { from: '2026-01-01' }); // compare; add apply: true to store */
export async function repriceUsage(
  wh: Warehouse,
  o: AiScope & { apply?: boolean; actor?: string; book?: PriceBook } = {},
): Promise<RepriceResult> {
  const book = o.book ?? (await loadPriceBook(wh));
  const { where, params } = scopeWhere(o);
  const rows = await wh.query<StoredEvent>(
    `SELECT event_key, provider, model, strftime(start_time, '%Y-%m-%dT%H:%M:%S.000Z') AS start_time, day::VARCHAR AS day, billed_via,
       input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, batch,
       other_quantity::VARCHAR AS other_quantity, other_unit, cost::VARCHAR AS cost, price_version
     FROM llm_usage_event ${where}`,
    params,
  );
  const groups = new Map<
    string,
    RepriceLine & { stored: (string | null)[]; repriced: (string | null)[] }
  >();
  const changes: Record<string, unknown>[] = [];
  for (const r of rows) {
    const p = priceEvent(book, {
      provider: r.provider,
      model: r.model,
      startTime: r.start_time,
      inputTokens: Number(r.input_tokens),
      cacheReadTokens: Number(r.cache_read_tokens),
      cacheWriteTokens: Number(r.cache_write_tokens),
      outputTokens: Number(r.output_tokens),
      reasoningTokens: Number(r.reasoning_tokens),
      batch: r.batch === true,
      otherQuantity: r.other_quantity,
      otherUnit: r.other_unit,
    });
    const key = `${r.provider}|${r.model ?? ''}`;
    const g = groups.get(key) ?? {
      provider: r.provider,
      model: r.model,
      events: 0,
      storedCost: '0',
      repricedCost: '0',
      delta: '0',
      storedVersions: [],
      newVersions: [],
      newlyPriced: 0,
      newlyUnpriced: 0,
      stored: [],
      repriced: [],
    };
    g.events++;
    g.stored.push(r.cost);
    g.repriced.push(p.cost);
    if (r.price_version && !g.storedVersions.includes(r.price_version))
      g.storedVersions.push(r.price_version);
    if (!g.newVersions.includes(p.priceVersion)) g.newVersions.push(p.priceVersion);
    if (r.cost === null && p.cost !== null) g.newlyPriced++;
    if (r.cost !== null && p.cost === null) g.newlyUnpriced++;
    groups.set(key, g);
    const same =
      (r.cost === null ? null : sumDecimals([r.cost])) === p.cost &&
      r.price_version === p.priceVersion;
    if (!same)
      changes.push({
        event_key: r.event_key,
        provider: r.provider,
        day: r.day,
        billed_via: r.billed_via,
        cost: p.cost,
        cache_savings: p.cacheSavings,
        price_key: p.priceKey,
        price_version: p.priceVersion,
        unpriced_reason: p.unpricedReason,
      });
  }
  const lines = [...groups.values()].map(({ stored, repriced, ...g }) => {
    const s = sumDecimals(stored);
    const n = sumDecimals(repriced);
    return {
      ...g,
      storedCost: s,
      repricedCost: n,
      delta: sumDecimals([n, s.startsWith('-') ? s.slice(1) : `-${s}`]),
    };
  });
  lines.sort((a, b) => (a.provider + (a.model ?? '') < b.provider + (b.model ?? '') ? -1 : 1));
  const storedCost = sumDecimals(lines.map((l) => l.storedCost));
  const repricedCost = sumDecimals(lines.map((l) => l.repricedCost));
  if (o.apply && changes.length) {
    await wh.transaction(async (tx) => {
      for (let i = 0; i < changes.length; i += 20_000) {
        await tx.exec(
          `UPDATE llm_usage_event e SET cost = c.cost::DECIMAL(38, 15), cache_savings = c.cache_savings::DECIMAL(38, 15),
             price_key = c.price_key, price_version = c.price_version, unpriced_reason = c.unpriced_reason
           FROM (SELECT unnest(from_json($1::JSON, '[{"event_key":"VARCHAR","cost":"VARCHAR","cache_savings":"VARCHAR","price_key":"VARCHAR","price_version":"VARCHAR","unpriced_reason":"VARCHAR"}]'), recursive := true)) c
           WHERE e.event_key = c.event_key`,
          [JSON.stringify(changes.slice(i, i + 20_000))],
        );
      }
      const pairs = new Map<string, { provider: string; day: string }>();
      for (const c of changes)
        if (c.billed_via === 'direct')
          pairs.set(`${String(c.provider)}|${String(c.day)}`, {
            provider: String(c.provider),
            day: String(c.day),
          });
      await writeAiFocusRows(tx, [...pairs.values()]);
      await appendAudit(tx, {
        actor: o.actor ?? 'system',
        action: 'ai.reprice',
        target: null,
        detail: { changedEvents: changes.length, storedCost, repricedCost },
      });
    });
  }
  return {
    lines,
    storedCost,
    repricedCost,
    delta: sumDecimals([
      repricedCost,
      storedCost.startsWith('-') ? storedCost.slice(1) : `-${storedCost}`,
    ]),
    applied: Boolean(o.apply),
    changedEvents: changes.length,
  };
}
