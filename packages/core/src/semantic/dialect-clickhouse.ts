/**
 * The ClickHouse dialect of the semantic layer. Placeholders stay positional (`$n`): the
 * ClickHouse warehouse binds them as typed query parameters. Tags are JSON text: the first key
 * is an exact `JSONExtract` lookup, the fallback scans the key/value pairs for a lower-cased key
 * in the parameter list, earlier keys (then smaller values) winning, as the DuckDB dialect does.
 * Results equal DuckDB's given the session settings in store/clickhouse-executor.ts (NULL sums
 * over no rows, NULL-filled outer joins, decimals with full scale).
 */
import { registerDialect } from './dialect.ts';
import type { SemanticDialect } from './dialect.ts';
import type { Grain } from './types.ts';

// Buckets are Date32 (midnight UTC), so cur/prev/business-metric periods compare equal.
const BUCKET: Record<Grain, (e: string) => string> = {
  day: (e) => `toDate32(${e})`,
  week: (e) => `toDate32(toStartOfWeek(${e}, 1))`,
  month: (e) => `toDate32(toStartOfMonth(${e}))`,
  quarter: (e) => `toDate32(toStartOfQuarter(${e}))`,
  year: (e) => `toDate32(toStartOfYear(${e}))`,
};

const keyList = (p: string) => `JSONExtract(${p}, 'Array(String)')`;
// A JSON pointer (`/a~1b`) back to the key it names (`a/b`).
const pointerKey = (p: string) =>
  `replaceAll(replaceAll(substring(${p}, 2), '~1', '/'), '~0', '~')`;

export const clickhouseSemanticDialect: SemanticDialect = {
  name: 'clickhouse',
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  timestampParam: (p) => `toDateTime64(${p}, 6, 'UTC')`,
  timeBucket: (grain, expr) => BUCKET[grain](expr),
  dateBucket: (grain, expr) => BUCKET[grain](expr),
  addMonths: (expr, p) => `addMonths(${expr}, ${p})`,
  addDays: (expr, p) => `addDays(${expr}, ${p})`,
  tagValue: (tags, p, first) => {
    const json = `ifNull(${tags}, '')`;
    const hits = `arraySort(arrayMap(kv -> (indexOf(${keyList(p)}, lowerUTF8(kv.1)), kv.2), arrayFilter(kv -> has(${keyList(p)}, lowerUTF8(kv.1)), JSONExtractKeysAndValues(${json}, 'Nullable(String)'))))`;
    // Indexing an empty array yields the default tuple, whose Nullable value is NULL.
    return `COALESCE(JSONExtract(${json}, ${pointerKey(first)}, 'Nullable(String)'), ${hits}[1].2)`;
  },
  inList: (expr, p) => `has(${keyList(p)}, ${expr})`,
  containsText: (expr, p) => `(positionCaseInsensitiveUTF8(${expr}, ${p}) > 0)`,
  divide: (a, b) => `(toFloat64(${a}) / nullIf(toFloat64(${b}), 0))`,
  toText: (expr) => `toString(${expr})`,
  nullSafeEqual: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
};

registerDialect(clickhouseSemanticDialect);
