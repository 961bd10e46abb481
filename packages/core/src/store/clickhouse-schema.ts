/**
 * The ClickHouse shape of the CostLens store: `focus_cost` as a MergeTree partitioned by billing
 * period month and ordered by (billing period, charge period, billing account), the ingest
 * manifest, and the small tables the semantic layer reads (allocation config, unit and business
 * metrics). Money is Decimal with the same precision and scale as DuckDB's DECIMAL_TYPE, so sums
 * are exact and print identically. With a cluster, `focus_cost` is a Replicated local table per
 * shard plus a `Distributed` table of the plain name, sharded by billing account (so a partition
 * replace stays per shard); the small tables are one Replicated copy on every node.
 */
import { DECIMAL_TYPE, FOCUS_COLUMNS, LINEAGE_COLUMNS } from '../focus/schema.ts';
import type { FocusColumnSpec } from '../focus/schema.ts';

export interface ClickHouseSchemaOptions {
  /** Create `Distributed` tables over this cluster (ON CLUSTER DDL, Replicated local tables). */
  cluster?: string;
}

/** `Decimal(38, 15)`: DuckDB's DECIMAL_TYPE spelled for ClickHouse. */
export const CH_DECIMAL = DECIMAL_TYPE.replace(/^DECIMAL/i, 'Decimal');
export const CH_TIMESTAMP = `DateTime64(6, 'UTC')`;

/** The per-shard table behind the Distributed `focus_cost` on a cluster. */
export const COST_LOCAL_TABLE = 'focus_cost_local';

/** The partition key expression of `focus_cost`: the billing period's month (yyyymm). */
export const PARTITION_EXPR = `toYYYYMM(ifNull("BillingPeriodStart", toDateTime64(0, 6, 'UTC')))`;
const ORDER_EXPR = `(ifNull("BillingPeriodStart", toDateTime64(0, 6, 'UTC')), ifNull("ChargePeriodStart", toDateTime64(0, 6, 'UTC')), ifNull("BillingAccountId", ''))`;
const SHARDING_EXPR = `cityHash64(ifNull("BillingAccountId", ''))`;

/** The ClickHouse type of a FOCUS column (all nullable, as in DuckDB). */
export function clickHouseTypeOf(col: FocusColumnSpec): string {
  switch (col.dataType) {
    case 'Decimal':
      return `Nullable(${CH_DECIMAL})`;
    case 'Date/Time':
      return `Nullable(${CH_TIMESTAMP})`;
    default:
      // JSON is kept as its text: tag lookups parse it, and the source spelling is preserved.
      return 'Nullable(String)';
  }
}

function costColumns(): string[] {
  return [
    ...FOCUS_COLUMNS.map((c) => `"${c.name}" ${clickHouseTypeOf(c)}`),
    ...LINEAGE_COLUMNS.map(
      (c) => `"${c.name}" ${c.sqlType === 'BIGINT' ? 'Nullable(Int64)' : 'Nullable(String)'}`,
    ),
  ];
}

/** The manifest and catalog tables: name → column list. */
const SMALL_TABLES: readonly [string, string, string][] = [
  [
    'ingest',
    `ingest_id String, started_at ${CH_TIMESTAMP}, finished_at Nullable(${CH_TIMESTAMP}), format String, status String, row_count Int64, replaced_partitions Int32`,
    'ingest_id',
  ],
  [
    'ingest_file',
    'ingest_id String, path String, format String, sha256 String, bytes Int64, row_count Int64',
    'ingest_id',
  ],
  [
    'ingest_partition',
    `ingest_id String, billing_account_id Nullable(String), billing_period_start Nullable(${CH_TIMESTAMP}), billing_period_end Nullable(${CH_TIMESTAMP}), billing_currency Nullable(String), row_count Int64, billed_cost ${CH_DECIMAL}, effective_cost ${CH_DECIMAL}, source_billed_cost ${CH_DECIMAL}, source_effective_cost ${CH_DECIMAL}, replaced_by Nullable(String)`,
    'ingest_id',
  ],
  [
    'ingest_finding',
    `ingest_id String, check_id String, column_name Nullable(String), severity String, message String, rows_affected Int64, example Nullable(String), file Nullable(String), line Nullable(Int64), cost_affected Nullable(${CH_DECIMAL})`,
    'ingest_id',
  ],
  [
    'ingest_column',
    'ingest_id String, column_name String, source_column Nullable(String)',
    'ingest_id',
  ],
  [
    'allocation_config',
    `version Int32, config String, source Nullable(String), saved_at ${CH_TIMESTAMP}`,
    'version',
  ],
  [
    'unit_metric',
    `id String, label String, cost_metric String, business_metric String, per Float64, description Nullable(String), created_at ${CH_TIMESTAMP}`,
    'id',
  ],
  [
    'business_metric',
    `"date" Date32, metric String, value ${CH_DECIMAL}, dimensions Nullable(String), source_file Nullable(String), source_line Nullable(Int64), ingested_at ${CH_TIMESTAMP}`,
    '(metric, "date")',
  ],
];

/** Every table CostLens creates in ClickHouse. */
export const CLICKHOUSE_TABLES = ['focus_cost', ...SMALL_TABLES.map(([name]) => name)] as const;

/**
 * CREATE statements for the whole store, idempotent (IF NOT EXISTS).
 * @example clickHouseSchemaDdl({ cluster: 'finops' })
 */
export function clickHouseSchemaDdl(opts: ClickHouseSchemaOptions = {}): string[] {
  const { cluster } = opts;
  const onCluster = cluster ? ` ON CLUSTER ${quoteCluster(cluster)}` : '';
  const engine = (name: string, sharded: boolean) =>
    cluster
      ? // Sharded tables keep one copy per shard; small tables are a full copy on every node.
        `ReplicatedMergeTree('/clickhouse/tables/${sharded ? '{shard}/' : ''}{database}/${name}', '{replica}')`
      : 'MergeTree';
  const out = [
    `CREATE TABLE IF NOT EXISTS ${cluster ? COST_LOCAL_TABLE : 'focus_cost'}${onCluster} (\n  ${costColumns().join(',\n  ')}\n) ENGINE = ${engine('focus_cost', true)} PARTITION BY ${PARTITION_EXPR} ORDER BY ${ORDER_EXPR}`,
    ...SMALL_TABLES.map(
      ([name, cols, order]) =>
        `CREATE TABLE IF NOT EXISTS ${name}${onCluster} (${cols}) ENGINE = ${engine(name, false)} ORDER BY ${order}`,
    ),
  ];
  if (cluster) {
    out.push(
      `CREATE TABLE IF NOT EXISTS focus_cost${onCluster} AS ${COST_LOCAL_TABLE} ENGINE = Distributed(${quoteCluster(cluster)}, currentDatabase(), ${COST_LOCAL_TABLE}, ${SHARDING_EXPR})`,
    );
  }
  return out;
}

/** A cluster name as a ClickHouse string literal (it comes from config, not from a request). */
export function quoteCluster(cluster: string): string {
  return `'${cluster.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
