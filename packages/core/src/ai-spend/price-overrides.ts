/**
 * Negotiated-rate overrides for the price book, stored in `llm_price_override` (one row per
 * provider, model and effective date; saving the same key again replaces it) and audited.
 * `loadPriceBook` is the shipped versions plus these overrides.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { decimalText } from './decimal-text.ts';
import type { PriceBook, PriceOverride, TokenPrices } from './price-book.ts';
import { shippedPriceVersions } from './price-book.ts';

const FIELDS: [keyof TokenPrices, string][] = [
  ['input', 'input'],
  ['output', 'output'],
  ['cacheRead', 'cache_read'],
  ['cacheWrite', 'cache_write'],
  ['batchInput', 'batch_input'],
  ['batchOutput', 'batch_output'],
  ['reasoning', 'reasoning'],
];

export async function listPriceOverrides(wh: Warehouse): Promise<PriceOverride[]> {
  const rows = await wh.query<Record<string, string | null>>(
    `SELECT provider, model, effective_from::VARCHAR AS effective_from, note, ${FIELDS.map(([, c]) => `${c}::VARCHAR AS ${c}`).join(', ')}
     FROM llm_price_override ORDER BY provider, model, effective_from`,
  );
  return rows.map((r) => {
    const o: PriceOverride = {
      provider: r.provider!,
      model: r.model!,
      effectiveFrom: r.effective_from!,
      note: r.note,
    };
    for (const [k, c] of FIELDS) if (r[c] !== null && r[c] !== undefined) o[k] = trimDec(r[c]);
    return o;
  });
}

const trimDec = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

/** The shipped price-book versions plus the stored overrides. */
export async function loadPriceBook(wh: Warehouse): Promise<PriceBook> {
  return { versions: shippedPriceVersions(), overrides: await listPriceOverrides(wh) };
}

/**
 * Saves a negotiated price (USD per token) in force from `effectiveFrom`; audited.
 * @example await setPriceOverride(wh, { provider: 'openai', model: 'gpt-4.1', effectiveFrom: '2026-01-01', input: '0.0000015' }, 'cli:alice');
 */
export async function setPriceOverride(
  wh: Warehouse,
  o: PriceOverride,
  actor: string,
): Promise<void> {
  const problems: string[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.effectiveFrom))
    problems.push(`effective date "${o.effectiveFrom}" is not YYYY-MM-DD`);
  if (!o.provider || !o.model) problems.push('provider and model are required');
  const values = FIELDS.map(([k]) => {
    const v = o[k];
    if (v === undefined || v === null) return null;
    const d = decimalText(v);
    if (d === null || d.startsWith('-'))
      problems.push(`${k} price "${v}" is not a non-negative number`);
    return d;
  });
  if (values.every((v) => v === null))
    problems.push('give at least one price (input, output, cache read/write, batch, reasoning)');
  if (problems.length) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `price override: ${problems.join('; ')}.`,
      hint: 'Prices are USD per token, e.g. 0.0000025 for $2.50 per million.',
    });
  }
  await wh.transaction(async (tx) => {
    await tx.exec(
      'DELETE FROM llm_price_override WHERE provider = $1 AND model = $2 AND effective_from = $3::DATE',
      [o.provider, o.model, o.effectiveFrom],
    );
    await tx.exec(
      `INSERT INTO llm_price_override (provider, model, effective_from, ${FIELDS.map(([, c]) => c).join(', ')}, note, created_at, created_by)
       VALUES ($1, $2, $3::DATE, ${FIELDS.map((_, i) => `$${i + 4}::DECIMAL(38, 15)`).join(', ')}, $11, now()::TIMESTAMP, $12)`,
      [o.provider, o.model, o.effectiveFrom, ...values, o.note ?? null, actor],
    );
    await appendAudit(tx, {
      actor,
      action: 'ai.price.set',
      target: `${o.provider}/${o.model}@${o.effectiveFrom}`,
      detail: Object.fromEntries(FIELDS.map(([k], i) => [k, values[i]])),
    });
  });
}
