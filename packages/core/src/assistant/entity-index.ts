/**
 * The values a question may name, read from the data itself through the semantic layer's
 * dimension-values helper: providers, services, categories, regions, accounts, teams, resources
 * and tag values. Cached per warehouse until the next ingest, so matching costs no queries.
 * Values are data, never instructions: they are only compared with the question's words.
 */
import { COST_TABLE } from '../focus/schema.ts';
import { dimensionValues } from '../semantic/dimension-values.ts';
import type { Catalog } from '../semantic/catalog.ts';
import { loadCatalog } from '../semantic/load-catalog.ts';
import type { Warehouse } from '../store/warehouse.ts';

export interface IndexedValue {
  dimension: string;
  value: string;
  /** Lower case, whitespace collapsed. */
  norm: string;
  /** Effective cost, for ordering options biggest first. */
  costRank: number;
}

export interface EntityIndex {
  values: IndexedValue[];
  /** Tag keys found in the data (as stored). */
  tagKeys: string[];
  /** The tag dimension environments are read from (`tag:environment`), if any. */
  envDimension?: string;
  catalog: Catalog;
}

/** Dimensions matched by their values, with how many values to read (biggest spend first). */
const DIMENSIONS: readonly [string, number][] = [
  ['provider', 50],
  ['service', 500],
  ['service_category', 50],
  ['region', 200],
  ['sub_account_name', 500],
  ['sub_account', 500],
  ['team', 200],
  ['charge_category', 20],
  ['pricing_category', 20],
  ['resource_name', 300],
];
/** Tag keys read by other dimensions (team) and keys too free-form to list. */
const SKIP_TAG_KEYS = new Set(['team', 'owner']);
const ENV_KEYS = ['environment', 'env', 'stage'];

const cache = new WeakMap<Warehouse, { version: string; index: Promise<EntityIndex> }>();

/** Lower case and single spaces, for comparing names. */
export function normalizeName(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

async function dataVersion(wh: Warehouse): Promise<string> {
  const [row] = await wh.query<{ v: string }>(
    `SELECT count(*)::VARCHAR || ':' || coalesce(max(started_at)::VARCHAR, '') AS v FROM ingest`,
  );
  return row?.v ?? '';
}

/**
 * The entity index for `wh`, rebuilt when an ingest has happened since the last call.
 * @example const index = await loadEntityIndex(wh); index.values.find((v) => v.norm === 'aws')
 */
export async function loadEntityIndex(wh: Warehouse): Promise<EntityIndex> {
  const version = await dataVersion(wh);
  const hit = cache.get(wh);
  if (hit && hit.version === version) return hit.index;
  const index = buildIndex(wh);
  cache.set(wh, { version, index });
  try {
    return await index;
  } catch (e) {
    cache.delete(wh);
    throw e;
  }
}

async function buildIndex(wh: Warehouse): Promise<EntityIndex> {
  const catalog = await loadCatalog(wh);
  const values: IndexedValue[] = [];
  const add = (dimension: string, list: { value: string | null }[]) =>
    list.forEach((v, i) => {
      if (v.value === null || v.value.trim() === '') return;
      values.push({ dimension, value: v.value, norm: normalizeName(v.value), costRank: i });
    });
  for (const [dim, limit] of DIMENSIONS) {
    if (!catalog.dimensions.has(dim)) continue;
    add(dim, await dimensionValues(wh, dim, { limit, catalog }));
  }
  const keys = (
    await wh.query<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys("Tags")) AS k FROM ${COST_TABLE} WHERE "Tags" IS NOT NULL ORDER BY 1`,
    )
  ).map((r) => r.k);
  const lowerKeys = [...new Set(keys.map((k) => k.toLowerCase()))];
  const envKey = ENV_KEYS.find((k) => lowerKeys.includes(k));
  for (const key of lowerKeys) {
    if (SKIP_TAG_KEYS.has(key) || catalog.tagAliases[key]) continue;
    add(`tag:${key}`, await dimensionValues(wh, `tag:${key}`, { limit: 100, catalog }));
  }
  return {
    values,
    tagKeys: keys,
    ...(envKey ? { envDimension: `tag:${envKey}` } : {}),
    catalog,
  };
}
