/**
 * The DuckDB dialect of the semantic layer. Tags are read by casting the JSON object to a
 * MAP and picking the first entry whose lower-cased key is in a parameter list, so a tag key
 * (user text) never reaches the SQL text. Lists travel as one JSON-array parameter.
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
  tagValue: (tags, p) =>
    `list_sort(list_transform(list_filter(map_entries(TRY_CAST(${tags} AS MAP(VARCHAR, VARCHAR))), e -> list_contains(${jsonList(p)}, lower(e.key))), e -> struct_pack(p := list_position(${jsonList(p)}, lower(e.key)), v := e.value)))[1].v`,
  inList: (expr, p) => `list_contains(${jsonList(p)}, ${expr})`,
  containsText: (expr, p) => `contains(lower(${expr}), lower(${p}))`,
  divide: (a, b) => `(CAST(${a} AS DOUBLE) / NULLIF(CAST(${b} AS DOUBLE), 0))`,
  toText: (expr) => `CAST(${expr} AS VARCHAR)`,
};

registerDialect(duckdbSemanticDialect);
