/**
 * Positional parameters (`$1`, `$2`, …, the Warehouse contract) → ClickHouse typed query
 * parameters (`{p1:String}`), which the engine binds server-side: values never become SQL text.
 * `$n` inside string literals, quoted identifiers and comments is left alone. The type comes from
 * the JS value (string → String, integer → Int64, other numbers → Float64, boolean → Bool,
 * null → Nullable(String)); SQL that needs another type casts the parameter explicitly.
 */
import { CostLensError } from '../errors.ts';
import type { SqlValue } from './warehouse.ts';

export interface BoundQuery {
  sql: string;
  /** `p1` → value, as ClickHouse's `param_p1` expects. */
  params: Record<string, unknown>;
}

/** The ClickHouse type a positional value is bound as. */
export function clickHouseParamType(value: SqlValue): string {
  if (value === null) return 'Nullable(String)';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Bool';
    case 'bigint':
      return 'Int64';
    case 'number':
      return Number.isSafeInteger(value) ? 'Int64' : 'Float64';
  }
}

/**
 * Rewrites `$n` placeholders into typed ClickHouse parameters.
 * @example bindPositional('SELECT $1 AS a', ['x']) // { sql: 'SELECT {p1:String} AS a', params: { p1: 'x' } }
 */
export function bindPositional(sql: string, values: readonly SqlValue[] = []): BoundQuery {
  const params: Record<string, unknown> = {};
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      const n = Number(sql.slice(i + 1, j));
      if (n < 1 || n > values.length) {
        throw new CostLensError({
          code: 'INTERNAL',
          message: `parameter $${n} has no value (${values.length} given)`,
        });
      }
      const v = values[n - 1]!;
      params[`p${n}`] = typeof v === 'bigint' ? v.toString() : v;
      out += `{p${n}:${clickHouseParamType(v)}}`;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return { sql: out, params };
}

/** Index just past the quote that closes the one at `start` (doubled or backslashed quotes skip). */
function closingQuote(sql: string, start: number, q: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\') i += 2;
    else if (sql[i] === q && sql[i + 1] === q) i += 2;
    else if (sql[i] === q) return i + 1;
    else i++;
  }
  return sql.length;
}
