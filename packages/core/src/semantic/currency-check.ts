/**
 * Money in different billing currencies must not be added up. When the stored data holds more
 * than one currency and a money query neither groups nor filters by `billing_currency`, the
 * result carries a warning. Reads the ingest manifest (a few rows), not the cost table, so the
 * check costs nothing next to the query; rows written outside `ingestFiles` are not seen.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { Catalog } from './catalog.ts';
import type { SemanticQuery } from './types.ts';

/**
 * A warning when a money metric mixes billing currencies, or undefined.
 * @example await currencyWarning(wh, { metric: 'billed_cost' }, catalog)
 */
export async function currencyWarning(
  wh: Warehouse,
  query: SemanticQuery,
  catalog: Catalog,
): Promise<string | undefined> {
  const metrics = [query.metric, ...(query.metrics ?? [])].map((m) => catalog.metrics.get(m));
  const money = metrics.some((m) => m?.unit === 'currency' || m?.kind === 'unit_cost');
  const split =
    (query.groupBy ?? []).includes('billing_currency') ||
    (query.filters ?? []).some(
      (f) =>
        f.dimension === 'billing_currency' &&
        (f.op === 'eq' || (f.op === 'in' && Array.isArray(f.value) && f.value.length === 1)),
    );
  if (!money || split) return undefined;
  const rows = await wh.query<{ c: string | null }>(
    'SELECT DISTINCT billing_currency AS c FROM ingest_partition WHERE replaced_by IS NULL',
  );
  const currencies = rows
    .map((r) => r.c)
    .filter((c): c is string => c !== null)
    .sort();
  if (currencies.length <= 1) return undefined;
  return `The data holds costs in ${currencies.length} billing currencies (${currencies.join(', ')}); this result adds them together. Group or filter by billing_currency.`;
}
