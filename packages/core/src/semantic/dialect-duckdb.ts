/**
 * The DuckDB dialect of the semantic layer. Tags are read with an exact JSON-pointer lookup of
 * the first key, falling back to casting the JSON object to a MAP and picking the first entry
 * whose lower-cased key is in a parameter list; either way a tag key (user text) is a parameter,
 * never SQL text. Lists travel as one JSON-array parameter.
 */
import { registerDialect } from './dialect.ts';
import type { SemanticDialect } from './dialect.ts';

const GRAIN_UNIT = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

const jsonList = (p: string) => `CAST(from_json(${p}, '["VARCHAR"]') AS VARCHAR[])`;

export const duckdbSemanticDialect: SemanticDialect = {
  name: 'duckdb',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  timestampParam: (p) => `CAST(${p} AS TIMESTAMP)`,
  timeBucket: (grain, expr) => `date_trunc('${GRAIN_UNIT[grain]}', ${expr})`,
  dateBucket: (grain, expr) => `CAST(date_trunc('${GRAIN_UNIT[grain]}', ${expr}) AS TIMESTAMP)`,
  addMonths: (expr, p) => `(${expr} + to_months(CAST(${p} AS INTEGER)))`,
  addDays: (expr, p) => `(${expr} + to_days(CAST(${p} AS INTEGER)))`,
  // Exact-case hit first (cheap JSON lookup); the MAP scan only for rows it misses.
  tagValue: (tags, p, first) =>
    `COALESCE(json_extract_string(${tags}, ${first}), list_sort(list_transform(list_filter(map_entries(TRY_CAST(${tags} AS MAP(VARCHAR, VARCHAR))), e -> list_contains(${jsonList(p)}, lower(e.key))), e -> struct_pack(p := list_position(${jsonList(p)}, lower(e.key)), v := e.value)))[1].v)`,
  inList: (expr, p) => `list_contains(${jsonList(p)}, ${expr})`,
  containsText: (expr, p) => `contains(lower(${expr}), lower(${p}))`,
  divide: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(CAST(${b} AS DOUBLE), 0))`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
  nullSafeEqual: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
};

registerDialect(duckdbSemanticDialect);
