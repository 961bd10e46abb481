/**
 * The one entry point every surface uses to ask a question: compile the semantic query, run it
 * on the warehouse, and return typed rows with the SQL and parameters that produced them (so
 * every number can be cited). Money stays an exact decimal string end to end.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { Catalog } from './catalog.ts';
import { compileQuery } from './compile-query.ts';
import { currencyWarning } from './currency-check.ts';
import type { CompiledColumn } from './compile-query.ts';
import { loadCatalog } from './load-catalog.ts';
import type { SemanticQuery, SemanticResult } from './types.ts';

export interface RunQueryOptions {
  /** The catalog to resolve names in (default: the one stored in `wh`). */
  catalog?: Catalog;
  /** The clock relative ranges resolve against (default: now). */
  now?: Date;
}

/**
 * Answers a semantic query.
 * @example
 * const r = await runQuery(wh, { metric: 'effective_cost', groupBy: ['service'], timeRange: { relative: 'last_n_days', n: 30 }, grain: 'day' });
 * r.rows[0] // { service: 'Amazon EC2', period: '2025-01-01', effective_cost: '12.340000000000000' }
 */
export async function runQuery(
  wh: Warehouse,
  query: SemanticQuery,
  opts: RunQueryOptions = {},
): Promise<SemanticResult> {
  const catalog = opts.catalog ?? (await loadCatalog(wh));
  const compiled = compileQuery(query, {
    catalog,
    dialect: wh.dialect.name,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const raw = await wh.query(compiled.sql, compiled.params);
  const warning = await currencyWarning(wh, query, catalog);
  const rows = raw.map((r) => {
    const out: Record<string, string | number | null> = {};
    for (const c of compiled.columns) out[c.name] = readValue(r[c.alias], c.read);
    return out;
  });
  return {
    columns: compiled.columns.map(({ name, role, unit }) => ({
      name,
      role,
      ...(unit ? { unit } : {}),
    })),
    rows,
    sql: compiled.sql,
    params: compiled.params,
    ...(compiled.timeRange ? { timeRange: compiled.timeRange } : {}),
    ...(warning ? { warnings: [warning] } : {}),
  };
}

function readValue(v: unknown, read: CompiledColumn['read']): string | number | null {
  if (v === null || v === undefined) return null;
  switch (read) {
    case 'count':
    case 'number': {
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
      return String(v).slice(0, 10);
    default:
      return String(v);
  }
}
