/**
 * Field access for Google Cloud's BigQuery billing export, however it reached a file: newline-
 * delimited JSON (nested records staged as JSON text), or CSV with nested records flattened to
 * `service.description` / `service_description` columns or kept as JSON text in a `service`
 * column. One declared list of the schema's fields; SQL per field, never a read of the data.
 */
import type { StageColumns } from '../source-format.ts';

/** Fields of Google's documented export schema that CostLens reads (standard + detailed). */
export const GCP_FIELDS = [
  'billing_account_id',
  'cost',
  'currency',
  'currency_conversion_rate',
  'cost_type',
  'cost_at_list',
  'usage_start_time',
  'usage_end_time',
  'export_time',
  'seller_name',
  'transaction_type',
  'service.id',
  'service.description',
  'sku.id',
  'sku.description',
  'project.id',
  'project.number',
  'project.name',
  'location.location',
  'location.country',
  'location.region',
  'location.zone',
  'resource.name',
  'resource.global_name',
  'usage.amount',
  'usage.unit',
  'usage.amount_in_pricing_units',
  'usage.pricing_unit',
  'invoice.month',
  'price.effective_price',
  'price.tier_start_amount',
] as const;

export type GcpField = (typeof GCP_FIELDS)[number];

/** Repeated records, always read as a JSON array of objects. */
export type GcpList = 'credits' | 'labels' | 'system_labels' | 'project.labels' | 'tags';

export interface GcpColumns {
  has(field: GcpField | GcpList): boolean;
  /** Nullable text of a field. */
  text(field: GcpField): string;
  /** A JSON array (never null: `[]` when absent) of a repeated record, as `JSON[]`. */
  list(field: GcpList): string;
  /** The raw text of a repeated record (NULL when absent), for checks on its shape. */
  listText(field: GcpList): string;
  /** The source column holding a top-level field, for value checks. */
  sourceColumn(field: GcpField): string | undefined;
}

/**
 * Resolves how each field is read from a staged header.
 * @example gcpColumns(stage.columns).text('service.description')
 */
export function gcpColumns(cols: StageColumns): GcpColumns {
  const direct = (field: string): string | undefined => {
    for (const name of [field, field.replaceAll('.', '_')]) {
      if (cols.has(name)) return name;
    }
    return undefined;
  };
  const access = (field: string): string | undefined => {
    const flat = direct(field);
    if (flat !== undefined) return `cl_null(${cols.ref(flat)})`;
    const [record, ...rest] = field.split('.');
    if (rest.length === 0 || record === undefined || !cols.has(record)) return undefined;
    return `cl_null(json_extract_string(cl_null(${cols.ref(record)}), ${`'$.${rest.join('.')}'`}))`;
  };
  const listText = (field: GcpList): string | undefined => {
    const flat = direct(field);
    if (flat !== undefined) return `cl_null(${cols.ref(flat)})`;
    const [record, key] = field.split('.');
    if (key === undefined || record === undefined || !cols.has(record)) return undefined;
    return `json_extract(cl_null(${cols.ref(record)}), '$.${key}')::VARCHAR`;
  };
  return {
    has: (field) => access(field) !== undefined,
    text: (field) => access(field) ?? 'NULL',
    list: (field) => {
      const text = listText(field);
      return text === undefined
        ? `CAST([] AS JSON[])`
        : `CASE WHEN json_valid(${text}) AND json_type(${text}::JSON) = 'ARRAY' THEN CAST(${text}::JSON AS JSON[]) ELSE CAST([] AS JSON[]) END`;
    },
    listText: (field) => listText(field) ?? 'NULL',
    sourceColumn: (field) => direct(field),
  };
}
