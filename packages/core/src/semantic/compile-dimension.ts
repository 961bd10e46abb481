/**
 * Dimensions and filters as SQL expressions over `focus_cost`. Column names come from the
 * catalog; tag keys, filter values and allocation-rule values become parameters, so the SQL text
 * depends only on which declared dimensions and operators a query uses.
 */
import { CostLensError } from '../errors.ts';
import type { Catalog } from './catalog.ts';
import { resolveDimension } from './catalog.ts';
import type { SemanticDialect } from './dialect.ts';
import type { DimensionDef } from './dimensions.ts';
import type { SqlParams } from './sql-params.ts';
import type { Filter } from './types.ts';

export interface CompileEnv {
  catalog: Catalog;
  dialect: SemanticDialect;
  params: SqlParams;
}

/** The SQL expression of a dimension (a VARCHAR, NULL when the row has no value). */
export function dimensionSql(dim: DimensionDef, env: CompileEnv): string {
  const { dialect, params, catalog } = env;
  switch (dim.kind) {
    case 'column': {
      const cols = (dim.columns ?? [])
        .filter((c) => !dim.optional || !catalog.absentColumns?.has(c.toLowerCase()))
        .map((c) => dialect.quoteIdent(c));
      if (cols.length === 0) return 'CAST(NULL AS VARCHAR)';
      return cols.length === 1 ? cols[0]! : `COALESCE(${cols.join(', ')})`;
    }
    case 'tag':
      return tagSql(dim, dialect.quoteIdent('Tags'), env);
    case 'virtual': {
      const v = catalog.virtualDimensions.get(dim.id);
      if (!v) throw internal(`virtual dimension ${dim.id} has no rules`);
      const whens = v.rules.map(
        (r) =>
          `WHEN ${r.when.map((f) => filterSql(f, env)).join(' AND ')} THEN ${params.add(r.value)}`,
      );
      return `(CASE ${whens.join(' ')} ELSE ${v.default == null ? 'CAST(NULL AS VARCHAR)' : params.add(v.default)} END)`;
    }
    case 'pool': {
      const whens = catalog.sharedCosts.map(
        (r) =>
          `WHEN ${r.match.map((f) => filterSql(f, env)).join(' AND ')} THEN ${params.add(r.id)}`,
      );
      return `(CASE ${whens.join(' ')} ELSE CAST(NULL AS VARCHAR) END)`;
    }
  }
}

/** A tag dimension read from a Tags JSON expression (the column, or a pre-grouped copy of it). */
export function tagSql(dim: DimensionDef, tagsExpr: string, env: CompileEnv): string {
  const keys = dim.tagKeys ?? [];
  const first = keys[0] ?? '';
  const pointer = `/${first.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return env.dialect.tagValue(tagsExpr, env.params.addList(keys), env.params.add(pointer));
}

/** A filter as a boolean SQL expression. NULL values count as "not equal" for neq and not_in. */
export function filterSql(filter: Filter, env: CompileEnv): string {
  const dim = resolveDimension(env.catalog, filter.dimension);
  if (!dim) throw internal(`unknown dimension ${filter.dimension} reached the compiler`);
  const expr = dimensionSql(dim, env);
  const { dialect, params } = env;
  const list = () =>
    (Array.isArray(filter.value) ? filter.value : [filter.value ?? '']) as string[];
  const one = () => (Array.isArray(filter.value) ? (filter.value[0] ?? '') : (filter.value ?? ''));
  switch (filter.op) {
    case 'eq':
      return `(${expr} = ${params.add(one())})`;
    case 'neq':
      return `(${expr} IS DISTINCT FROM ${params.add(one())})`;
    case 'in':
      return `COALESCE(${dialect.inList(expr, params.addList(list()))}, FALSE)`;
    case 'not_in':
      return `(NOT COALESCE(${dialect.inList(expr, params.addList(list()))}, FALSE))`;
    case 'contains':
      return `COALESCE(${dialect.containsText(expr, params.add(one()))}, FALSE)`;
    case 'is_null':
      return `(${expr} IS NULL)`;
    case 'is_not_null':
      return `(${expr} IS NOT NULL)`;
  }
}

function internal(message: string): CostLensError {
  return new CostLensError({ code: 'INTERNAL', message });
}
