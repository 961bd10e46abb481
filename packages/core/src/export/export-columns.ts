/**
 * How each stored column is written in a FOCUS export: timestamps as ISO 8601 UTC text with `Z`
 * (in Parquet too, so every reader — CostLens's own lenient FOCUS reader included — sees FOCUS's
 * date/time format), decimals as plain text without exponent or trailing zeros (CSV) or
 * DECIMAL(38,15) (Parquet), JSON columns as JSON text. Lineage columns never leave CostLens.
 */
import { FOCUS_COLUMNS, LINEAGE_COLUMNS } from '../focus/schema.ts';
import type { FocusColumnSpec } from '../focus/schema.ts';
import { ident } from '../util/sql.ts';

export type ExportFormat = 'csv' | 'parquet';

/** SQL for one FOCUS column as written in `format`, aliased to its FOCUS name. */
export function focusColumnExpr(spec: FocusColumnSpec, format: ExportFormat): string {
  const col = ident(spec.name);
  switch (spec.dataType) {
    case 'Date/Time':
      return `strftime(${col}, '%Y-%m-%dT%H:%M:%SZ') AS ${col}`;
    case 'Decimal':
      return format === 'parquet'
        ? `${col} AS ${col}`
        : `CASE WHEN ${col} IS NULL THEN NULL ELSE rtrim(rtrim(CAST(${col} AS VARCHAR), '0'), '.') END AS ${col}`;
    case 'JSON':
      return `CAST(${col} AS VARCHAR) AS ${col}`;
    default:
      return `${col} AS ${col}`;
  }
}

const LINEAGE = new Set<string>(LINEAGE_COLUMNS.map((c) => c.name.toLowerCase()));

/**
 * The select list of an export: every FOCUS 1.3 column (deprecated ones included, as 1.3 keeps
 * them), then — when asked — the provider `x_` columns present in the store.
 */
export function exportSelectList(
  format: ExportFormat,
  extensionColumns: readonly string[],
): string {
  const focus = FOCUS_COLUMNS.map((spec) => focusColumnExpr(spec, format));
  const extras = extensionColumns
    .filter((c) => /^x_/i.test(c) && !LINEAGE.has(c.toLowerCase()))
    .map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`);
  return [...focus, ...extras].join(', ');
}
