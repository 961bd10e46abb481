/**
 * Matches filter values typed by a person to the stored spelling: `provider=aws` finds `AWS`.
 * Only an exact match ignoring case is substituted; anything else is left as typed (and will
 * simply match nothing), so a filter never silently widens.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { Catalog } from './catalog.ts';
import { dimensionValues } from './dimension-values.ts';
import type { Filter, SemanticQuery } from './types.ts';

export interface ValueResolution {
  dimension: string;
  from: string;
  to: string;
}

/**
 * Returns the query with eq/neq/in/not_in values respelled where a stored value matches ignoring
 * case, and the list of substitutions made.
 * @example await resolveFilterValues(wh, { metric: 'billed_cost', filters: [{ dimension: 'provider', op: 'eq', value: 'aws' }] })
 */
export async function resolveFilterValues(
  wh: Warehouse,
  query: SemanticQuery,
  opts: { catalog?: Catalog } = {},
): Promise<{ query: SemanticQuery; changes: ValueResolution[] }> {
  const changes: ValueResolution[] = [];
  const filters: Filter[] = [];
  for (const f of query.filters ?? []) {
    if (
      f.op === 'contains' ||
      f.op === 'is_null' ||
      f.op === 'is_not_null' ||
      f.value === undefined
    ) {
      filters.push(f);
      continue;
    }
    const typed = Array.isArray(f.value) ? [...f.value] : [f.value as string];
    const resolved: string[] = [];
    for (const v of typed) {
      const found = await dimensionValues(wh, f.dimension, {
        search: v,
        limit: 200,
        ...(opts.catalog ? { catalog: opts.catalog } : {}),
      });
      const values = found.map((x) => x.value).filter((x): x is string => x !== null);
      if (values.includes(v)) {
        resolved.push(v);
        continue;
      }
      const match = values.find((x) => x.toLowerCase() === v.toLowerCase());
      if (match !== undefined) changes.push({ dimension: f.dimension, from: v, to: match });
      resolved.push(match ?? v);
    }
    filters.push({ ...f, value: Array.isArray(f.value) ? resolved : resolved[0]! });
  }
  return { query: query.filters ? { ...query, filters } : query, changes };
}
