/**
 * Monitor scopes (semantic-layer filters) and driver dimensions compiled to SQL over `focus_cost`.
 * Identifiers come only from the declared maps below (the same dimension ids as the semantic layer:
 * provider, sub_account, service, region, sku, resource_id, team, tag:<key>); every value is a
 * positional parameter. Not a general query compiler: monitors and drivers need only these.
 */
import { CostLensError } from '../errors.ts';
import type { Filter } from '../semantic/types.ts';

/** Keys tried, in order, for the `team` dimension. */
export const TEAM_TAG_KEYS = ['team', 'Team', 'owner', 'Owner', 'cost_center', 'costcenter'];

const COLUMN_DIMENSIONS: Record<string, string> = {
  provider: `coalesce("ServiceProviderName", "ProviderName")`,
  billing_account: `"BillingAccountId"`,
  sub_account: `"SubAccountId"`,
  service: `"ServiceName"`,
  service_category: `"ServiceCategory"`,
  region: `coalesce("RegionId", "RegionName")`,
  sku: `coalesce("SkuId", "ChargeDescription")`,
  resource_id: `"ResourceId"`,
  charge_category: `"ChargeCategory"`,
  pricing_category: `"PricingCategory"`,
};

const METRIC_COLUMNS: Record<string, string> = {
  effective_cost: '"EffectiveCost"',
  billed_cost: '"BilledCost"',
  list_cost: '"ListCost"',
  contracted_cost: '"ContractedCost"',
};

/** Dimension ids a scope or a driver may use (plus any `tag:<key>`). */
export const SCOPE_DIMENSIONS = [...Object.keys(COLUMN_DIMENSIONS), 'team'] as const;

/** Dimensions drivers are ranked across (tags are added per key found in the data). */
export const DRIVER_DIMENSIONS = [
  'provider',
  'sub_account',
  'service',
  'region',
  'sku',
  'resource_id',
  'team',
] as const;

/** Params collected while compiling; `$n` placeholders refer to them in order. */
export class SqlParams {
  readonly values: (string | number)[] = [];
  add(v: string | number): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function tagPath(key: string): string {
  return `$."${key.replaceAll('"', '\\"')}"`;
}

/** The SQL expression for a dimension id; tag keys become parameters. */
export function dimensionSql(dimension: string, params: SqlParams): string {
  const col = COLUMN_DIMENSIONS[dimension];
  if (col) return col;
  if (dimension === 'team') {
    return `coalesce(${TEAM_TAG_KEYS.map((k) => `json_extract_string("Tags", ${params.add(tagPath(k))})`).join(', ')})`;
  }
  if (dimension.startsWith('tag:') && dimension.length > 4) {
    return `json_extract_string("Tags", ${params.add(tagPath(dimension.slice(4)))})`;
  }
  throw new CostLensError({
    code: 'INVALID_INPUT',
    message: `unknown dimension "${dimension}"`,
    hint: `Use one of ${SCOPE_DIMENSIONS.join(', ')}, or tag:<key>.`,
  });
}

/** The SQL column for a cost metric id. */
export function metricSql(metric: string): string {
  const col = METRIC_COLUMNS[metric];
  if (!col) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown metric "${metric}" for a monitor`,
      hint: `Use one of ${Object.keys(METRIC_COLUMNS).join(', ')}.`,
    });
  }
  return col;
}

/** `WHERE`-ready conjunction for a scope (`true` for the total). */
export function scopeSql(filters: readonly Filter[], params: SqlParams): string {
  const parts = filters.map((f) => {
    const d = dimensionSql(f.dimension, params);
    const list = () => {
      const values = Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value];
      return values.map((v) => params.add(String(v))).join(', ');
    };
    switch (f.op) {
      case 'eq':
        return `${d} = ${params.add(String(f.value ?? ''))}`;
      case 'neq':
        return `${d} IS DISTINCT FROM ${params.add(String(f.value ?? ''))}`;
      case 'in':
        return `${d} IN (${list() || 'NULL'})`;
      case 'not_in':
        return `${d} NOT IN (${list() || 'NULL'})`;
      case 'contains':
        return `contains(lower(${d}), lower(${params.add(String(f.value ?? ''))}))`;
      case 'is_null':
        return `${d} IS NULL`;
      case 'is_not_null':
        return `${d} IS NOT NULL`;
    }
  });
  return parts.length === 0 ? 'true' : parts.map((p) => `(${p})`).join(' AND ');
}
