/**
 * The stored shape of FOCUS rows: one `focus_cost` table with every FOCUS column (1.3 plus the
 * deprecated 1.2 ones), money and quantities as DECIMAL(38,15) so totals never drift, Tags and
 * other JSON columns as JSON, and CostLens lineage/extension columns prefixed `x_`.
 * Provider extras found in a source become `x_…` VARCHAR columns added on demand.
 */
import { FOCUS_COLUMNS } from './focus-columns.generated.ts';
import type { FocusColumnSpec } from './focus-column-spec.ts';

export { FOCUS_COLUMNS };
export type { FocusColumnSpec };

export const COST_TABLE = 'focus_cost';
export const DECIMAL_TYPE = 'DECIMAL(38, 15)';

/** Lineage and CostLens-defined extension columns, always present. */
export const LINEAGE_COLUMNS = [
  { name: 'x_ingest_id', sqlType: 'VARCHAR' },
  { name: 'x_source_file', sqlType: 'VARCHAR' },
  { name: 'x_source_line', sqlType: 'BIGINT' },
  { name: 'x_source_format', sqlType: 'VARCHAR' },
] as const;

const BY_NAME = new Map(FOCUS_COLUMNS.map((c) => [c.name.toLowerCase(), c]));

/** Finds a FOCUS column by name, ignoring case. */
export function focusColumn(name: string): FocusColumnSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function sqlTypeOf(col: FocusColumnSpec): string {
  switch (col.dataType) {
    case 'Decimal':
      return DECIMAL_TYPE;
    case 'Date/Time':
      return 'TIMESTAMP';
    case 'JSON':
      return 'JSON';
    default:
      return 'VARCHAR';
  }
}

/** Money columns reconciled against the source after every ingest. */
export const RECONCILED_METRICS = ['BilledCost', 'EffectiveCost'] as const;

/** Normalizes a source column name into a safe extension column name (`x_Name`). */
export function extensionColumnName(sourceName: string): string {
  const cleaned = sourceName.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const base = cleaned.length > 0 ? cleaned : 'column';
  return /^x_/i.test(base) ? `x_${base.slice(2)}` : `x_${base}`;
}

export function costTableDdl(): string {
  const cols = [
    ...FOCUS_COLUMNS.map((c) => `"${c.name}" ${sqlTypeOf(c)}`),
    ...LINEAGE_COLUMNS.map((c) => `"${c.name}" ${c.sqlType}`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${COST_TABLE} (\n  ${cols.join(',\n  ')}\n)`;
}
