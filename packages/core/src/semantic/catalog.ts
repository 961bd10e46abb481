/**
 * The catalog: every metric and dimension a query may name, built once from the built-ins, the
 * allocation config (normalized tag keys, virtual dimensions, shared-cost pools) and the
 * unit-cost metrics. Pure: `loadCatalog` (load-catalog.ts) reads the stored parts.
 * `tag:<key>` dimensions are open-ended and resolved on demand; the key never becomes SQL.
 */
import { DEFAULT_ALLOCATION_CONFIG } from '../allocation/allocation-config.ts';
import type {
  AllocationConfig,
  SharedCostRule,
  VirtualDimension,
} from '../allocation/allocation-config.ts';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { UnitMetric } from '../metrics/unit-metrics.ts';
import { BASE_DIMENSIONS, TAG_PREFIX } from './dimensions.ts';
import type { DimensionDef } from './dimensions.ts';
import { BASE_METRICS } from './metrics.ts';
import type { MetricDef } from './metrics.ts';

/** The dimension that names the shared-cost pool a row belongs to (NULL: direct cost). */
export const SHARED_POOL_DIMENSION = 'shared_pool';

export interface Catalog {
  readonly metrics: ReadonlyMap<string, MetricDef>;
  readonly dimensions: ReadonlyMap<string, DimensionDef>;
  readonly virtualDimensions: ReadonlyMap<string, VirtualDimension>;
  readonly sharedCosts: readonly SharedCostRule[];
  readonly tagAliases: Readonly<Record<string, readonly string[]>>;
  /**
   * Optional extension columns known to be missing from `focus_cost` (lower-case names); their
   * dimensions compile to NULL. Undefined: assume present (a missing one then fails loudly).
   */
  readonly absentColumns?: ReadonlySet<string>;
}

/**
 * Builds a catalog. Throws INVALID_INPUT when the allocation config names a dimension that does
 * not exist, or a unit metric shadows another metric.
 * @example const catalog = buildCatalog({ allocation: parseAllocationConfig(text) });
 */
export function buildCatalog(
  parts: {
    allocation?: AllocationConfig;
    unitMetrics?: readonly UnitMetric[];
    absentColumns?: ReadonlySet<string>;
  } = {},
): Catalog {
  const allocation = parts.allocation ?? DEFAULT_ALLOCATION_CONFIG;
  const metrics = new Map(BASE_METRICS.map((m) => [m.id, m]));
  const issues: Issue[] = [];
  for (const u of parts.unitMetrics ?? []) {
    if (metrics.has(u.id)) {
      issues.push({
        column: 'unit metric',
        message: `unit metric "${u.id}" shadows another metric`,
      });
      continue;
    }
    metrics.set(u.id, {
      id: u.id,
      label: u.label,
      unit: 'ratio',
      kind: 'unit_cost',
      unitCost: { costMetric: u.costMetric, businessMetric: u.businessMetric, per: u.per },
      description:
        u.description ??
        `${metrics.get(u.costMetric)?.label ?? u.costMetric} per ${u.per === 1 ? '' : `${u.per} `}${u.businessMetric}.`,
    });
  }

  const dimensions = new Map(BASE_DIMENSIONS.map((d) => [d.id, d]));
  const tagAliases: Record<string, readonly string[]> = {};
  for (const [key, sources] of Object.entries({
    ...DEFAULT_ALLOCATION_CONFIG.tagAliases,
    ...allocation.tagAliases,
  })) {
    // Listed source keys win in their order; the canonical key itself is always looked up.
    tagAliases[key] = [...new Set([...sources, key].map((k) => k.toLowerCase()))];
    if (dimensions.has(key)) {
      issues.push({
        column: `tagAliases.${key}`,
        message: `"${key}" is already a built-in dimension`,
      });
      continue;
    }
    dimensions.set(key, {
      id: key,
      label: key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()),
      description: `The ${key} tag after normalization (keys ${tagAliases[key]!.join(', ')}, any case).`,
      kind: 'tag',
      tagKeys: tagAliases[key],
    });
  }
  const virtualDimensions = new Map<string, VirtualDimension>();
  for (const v of allocation.virtualDimensions) {
    if (dimensions.has(v.id)) {
      issues.push({
        column: `virtualDimensions.${v.id}`,
        message: `"${v.id}" is already a dimension`,
      });
      continue;
    }
    virtualDimensions.set(v.id, v);
    dimensions.set(v.id, {
      id: v.id,
      label: v.label ?? v.id,
      description:
        v.description ??
        `Virtual dimension ${v.id}, mapped by ${v.rules.length} allocation rule(s).`,
      kind: 'virtual',
    });
  }
  if (allocation.sharedCosts.length > 0) {
    dimensions.set(SHARED_POOL_DIMENSION, {
      id: SHARED_POOL_DIMENSION,
      label: 'Shared-cost pool',
      description: `The shared-cost rule whose pool a row falls in (${allocation.sharedCosts.map((r) => r.id).join(', ')}); empty for direct cost.`,
      kind: 'pool',
    });
  }
  const catalog: Catalog = {
    metrics,
    dimensions,
    virtualDimensions,
    sharedCosts: allocation.sharedCosts,
    tagAliases,
    ...(parts.absentColumns ? { absentColumns: parts.absentColumns } : {}),
  };

  // Rules may reference built-in, tag and normalized-tag dimensions, never other allocation ones.
  const ruleFilters = [
    ...allocation.virtualDimensions.flatMap((v, i) =>
      v.rules.flatMap((r, j) =>
        r.when.map((f) => ({ f, at: `virtualDimensions.${i}.rules.${j}.when` })),
      ),
    ),
    ...allocation.sharedCosts.flatMap((r, i) =>
      r.match.map((f) => ({ f, at: `sharedCosts.${i}.match` })),
    ),
  ];
  for (const { f, at } of ruleFilters) {
    const d = resolveDimension(catalog, f.dimension);
    if (!d || d.kind === 'virtual' || d.kind === 'pool') {
      issues.push({
        column: at,
        message: `unknown or allocation dimension "${f.dimension}" in a rule`,
        hint: 'Rules match on built-in dimensions and tags.',
      });
    }
  }
  for (const r of allocation.sharedCosts) {
    const d = resolveDimension(catalog, r.across);
    if (!d || d.kind === 'pool')
      issues.push({
        column: `sharedCosts.${r.id}.across`,
        message: `unknown dimension "${r.across}"`,
      });
  }
  if (issues.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `the allocation config or unit metrics do not fit the catalog: ${issues[0]!.message}${issues.length > 1 ? ` (${issues.length} problems in all)` : ''}`,
      issues,
    });
  }
  return catalog;
}

/** The default catalog: built-in metrics and dimensions, `team` from the `team` tag. */
export const DEFAULT_CATALOG: Catalog = buildCatalog();

/** Finds a dimension, including open-ended `tag:<key>` ones; undefined when unknown. */
export function resolveDimension(catalog: Catalog, id: string): DimensionDef | undefined {
  const found = catalog.dimensions.get(id);
  if (found) return found;
  if (!id.startsWith(TAG_PREFIX) || id.length === TAG_PREFIX.length) return undefined;
  const key = id.slice(TAG_PREFIX.length);
  const aliases = catalog.tagAliases[key.toLowerCase()];
  return {
    id,
    label: `Tag ${key}`,
    description: `The value of tag "${key}" (any case${aliases ? `; also ${aliases.join(', ')}` : ''}).`,
    kind: 'tag',
    tagKeys: aliases ?? [key.toLowerCase()],
  };
}

/** A metric or dimension as UIs and the assistant show it. */
export interface CatalogEntry {
  id: string;
  label: string;
  description: string;
  unit?: string;
  kind: string;
}

/** The metrics a query may name, with labels, units and descriptions. */
export function listMetrics(catalog: Catalog = DEFAULT_CATALOG): CatalogEntry[] {
  return [...catalog.metrics.values()].map((m) => ({
    id: m.id,
    label: m.label,
    description: m.description,
    unit: m.unit,
    kind: m.kind,
  }));
}

/** The dimensions a query may name; `tag:<key>` stands for any tag key. */
export function listDimensions(catalog: Catalog = DEFAULT_CATALOG): CatalogEntry[] {
  return [
    ...[...catalog.dimensions.values()].map((d) => ({
      id: d.id,
      label: d.label,
      description: d.description,
      kind: d.kind,
    })),
    {
      id: `${TAG_PREFIX}<key>`,
      label: 'Any tag',
      description: 'The value of any tag key, matched ignoring case, e.g. tag:environment.',
      kind: 'tag',
    },
  ];
}
