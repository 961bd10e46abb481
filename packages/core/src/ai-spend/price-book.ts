/**
 * The LLM price book: shipped versions of LiteLLM's price map (data/llm-prices/litellm-<date>.json,
 * each in force from its date; the oldest also prices anything earlier) plus negotiated-rate
 * overrides per provider/model with an effective date (stored, see price-overrides.ts). Prices are
 * exact decimal strings per token. A model the book cannot price is "unpriced" — never $0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decimalText } from './decimal-text.ts';

export interface TokenPrices {
  input: string | null;
  output: string | null;
  cacheRead: string | null;
  cacheWrite: string | null;
  batchInput: string | null;
  batchOutput: string | null;
  reasoning: string | null;
}

export interface PriceEntry extends TokenPrices {
  key: string;
  provider: string | null;
  mode: string | null;
}

export interface PriceBookVersion {
  /** e.g. `litellm-2026-07-24`. */
  id: string;
  effectiveFrom: string;
  entries: ReadonlyMap<string, PriceEntry>;
}

export interface PriceOverride extends Partial<TokenPrices> {
  provider: string;
  model: string;
  effectiveFrom: string;
  note?: string | null;
}

export interface PriceBook {
  versions: readonly PriceBookVersion[];
  overrides: readonly PriceOverride[];
}

export type ResolvedPrice =
  | { ok: true; prices: TokenPrices; key: string; version: string }
  | { ok: false; reason: string; version: string };

const DATA_DIR = fileURLToPath(new URL('../../data/llm-prices/', import.meta.url));
let shipped: PriceBookVersion[] | undefined;

/** Turns one LiteLLM-shaped map (`{ model: { input_cost_per_token, … } }`) into a version. */
export function priceBookVersion(
  id: string,
  effectiveFrom: string,
  map: Record<string, unknown>,
): PriceBookVersion {
  const entries = new Map<string, PriceEntry>();
  for (const [key, raw] of Object.entries(map)) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const d = (f: string) => decimalText(e[f]);
    entries.set(key, {
      key,
      provider: typeof e.litellm_provider === 'string' ? e.litellm_provider : null,
      mode: typeof e.mode === 'string' ? e.mode : null,
      input: d('input_cost_per_token'),
      output: d('output_cost_per_token'),
      cacheRead: d('cache_read_input_token_cost'),
      cacheWrite: d('cache_creation_input_token_cost'),
      batchInput: d('input_cost_per_token_batches'),
      batchOutput: d('output_cost_per_token_batches'),
      reasoning: d('output_cost_per_reasoning_token'),
    });
  }
  return { id, effectiveFrom, entries };
}

/** The versions shipped with CostLens, oldest first (read once). */
export function shippedPriceVersions(): readonly PriceBookVersion[] {
  if (!shipped) {
    shipped = readdirSync(DATA_DIR)
      .map((f) => /^litellm-(\d{4}-\d{2}-\d{2})\.json$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => (a[1]! < b[1]! ? -1 : 1))
      .map((m) =>
        priceBookVersion(
          `litellm-${m[1]}`,
          m[1]!,
          JSON.parse(readFileSync(DATA_DIR + m[0], 'utf8')) as Record<string, unknown>,
        ),
      );
  }
  return shipped;
}

/** The version in force on `day` (YYYY-MM-DD). */
export function versionFor(book: PriceBook, day: string): PriceBookVersion {
  let v = book.versions[0];
  if (!v) throw new Error('price book has no versions');
  for (const x of book.versions) if (x.effectiveFrom <= day) v = x;
  return v;
}

const REGION_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\./;

/** Price-book keys to try for a provider's model name, most specific first. */
export function candidateKeys(provider: string, model: string): string[] {
  const m = model.trim();
  const bare = m.includes('/') ? m.slice(m.lastIndexOf('/') + 1) : m;
  const keys: string[] = [];
  if (provider === 'azure-openai') keys.push(`azure/${m}`, `azure/${bare}`);
  if (provider === 'aws-bedrock') keys.push(m, m.replace(REGION_PREFIX, ''), `bedrock/${m}`);
  if (provider === 'gcp-vertex') keys.push(`vertex_ai/${m}`);
  keys.push(m, `${provider}/${m}`, bare, m.toLowerCase(), bare.toLowerCase());
  return [...new Set(keys)];
}

/** Finds the prices for a model on a day: the latest override in force wins over the book. */
export function resolvePrice(
  book: PriceBook,
  q: { provider: string; model: string | null; day: string },
): ResolvedPrice {
  const version = versionFor(book, q.day);
  if (!q.model)
    return { ok: false, reason: 'the source did not name the model', version: version.id };
  let entry: PriceEntry | undefined;
  for (const k of candidateKeys(q.provider, q.model)) {
    entry = version.entries.get(k);
    if (entry) break;
  }
  const override = book.overrides
    .filter(
      (o) =>
        o.provider === q.provider &&
        (o.model === q.model || o.model === entry?.key) &&
        o.effectiveFrom <= q.day,
    )
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  if (!entry && !override) {
    return {
      ok: false,
      reason: `model ${q.model} is not in price book ${version.id}; add a price with costlens ai prices set`,
      version: version.id,
    };
  }
  const base: TokenPrices = entry ?? {
    input: null,
    output: null,
    cacheRead: null,
    cacheWrite: null,
    batchInput: null,
    batchOutput: null,
    reasoning: null,
  };
  const prices: TokenPrices = { ...base };
  if (override) {
    for (const k of Object.keys(prices) as (keyof TokenPrices)[]) {
      const v = override[k];
      if (v !== undefined && v !== null) prices[k] = v;
    }
  }
  if (prices.input === null && prices.output === null) {
    return {
      ok: false,
      reason: `${entry?.key ?? q.model} has no token price in ${version.id}`,
      version: version.id,
    };
  }
  return {
    ok: true,
    prices,
    key: override
      ? `override:${q.provider}/${override.model}@${override.effectiveFrom}`
      : entry!.key,
    version: override ? `${version.id}+override` : version.id,
  };
}

export interface PriceListing extends TokenPrices {
  key: string;
  provider: string | null;
  mode: string | null;
  version: string;
  override: boolean;
}

/** Price-book entries (latest version) whose key contains `search`, plus matching overrides. */
export function listPrices(
  book: PriceBook,
  o: { search?: string; limit?: number } = {},
): PriceListing[] {
  const latest = book.versions[book.versions.length - 1];
  const q = (o.search ?? '').toLowerCase();
  const out: PriceListing[] = [];
  for (const ov of book.overrides) {
    if (q && !`${ov.provider}/${ov.model}`.toLowerCase().includes(q)) continue;
    const { provider, model, effectiveFrom, note: _note, ...p } = ov;
    out.push({
      key: `${provider}/${model}`,
      provider,
      mode: null,
      version: `override from ${effectiveFrom}`,
      override: true,
      input: p.input ?? null,
      output: p.output ?? null,
      cacheRead: p.cacheRead ?? null,
      cacheWrite: p.cacheWrite ?? null,
      batchInput: p.batchInput ?? null,
      batchOutput: p.batchOutput ?? null,
      reasoning: p.reasoning ?? null,
    });
  }
  for (const e of latest?.entries.values() ?? []) {
    if (q && !e.key.toLowerCase().includes(q)) continue;
    out.push({ ...e, version: latest!.id, override: false });
    if (out.length >= (o.limit ?? 50)) break;
  }
  return out;
}
