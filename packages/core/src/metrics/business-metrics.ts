/**
 * Business metrics (requests, customers, orders…) for unit economics: a CSV of
 * `date,metric,value[,dimension…]` lands in `business_metric`, all or nothing. Extra columns are
 * kept as dimensions (JSON). Re-ingesting a metric's days replaces them, never doubles them.
 * Bad rows are rejected together, each naming the file, line and column.
 */
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { stageSource } from '../ingest/stage-source.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';

export interface BusinessMetricSummary {
  metric: string;
  rows: number;
  from: string;
  to: string;
  /** The sum over all rows, as an exact decimal string. */
  total: string;
}

export interface BusinessMetricIngestResult {
  file: string;
  rowCount: number;
  /** Stored rows of the same metric and day that this file replaced. */
  replacedRows: number;
  dimensions: string[];
  metrics: BusinessMetricSummary[];
}

const REQUIRED = ['date', 'metric', 'value'] as const;
const MAX_ISSUES = 50;

/**
 * Ingests a business-metric CSV.
 * @example await ingestBusinessMetrics(wh, 'requests.csv') // date,metric,value,region
 */
export async function ingestBusinessMetrics(
  wh: Warehouse,
  path: string,
  opts: { now?: () => Date } = {},
): Promise<BusinessMetricIngestResult> {
  const now = (opts.now ?? (() => new Date()))();
  return wh.transaction(async (tx) => {
    const stage = await stageSource(tx, path, '__business_metric_stage', 'csv');
    try {
      const names = stage.columns.names;
      const missing = REQUIRED.filter((r) => !stage.columns.has(r));
      if (missing.length > 0) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `${path}:1: missing column(s) ${missing.join(', ')}`,
          hint: 'A business-metric file has the header date,metric,value and optional dimension columns, e.g. date,metric,value,region.',
          issues: missing.map((m) => ({
            file: path,
            line: 1,
            column: m,
            message: `missing column "${m}"`,
          })),
        });
      }
      const dims = names.filter(
        (n) => !REQUIRED.includes(n.toLowerCase() as (typeof REQUIRED)[number]),
      );
      const d = stage.columns.ref('date');
      const m = stage.columns.ref('metric');
      const v = stage.columns.ref('value');
      const dateExpr = `COALESCE(TRY_CAST(cl_null(${d}) AS DATE), CAST(cl_ts(${d}) AS DATE))`;
      const valueExpr = `cl_dec(${v})`;
      const bad = await tx.query<{ line: number; col: string; raw: string | null }>(
        `SELECT * FROM (
           SELECT __row + 1 AS line, 'date' AS col, ${d} AS raw FROM ${ident(stage.table)} WHERE ${dateExpr} IS NULL
           UNION ALL SELECT __row + 1, 'metric', ${m} FROM ${ident(stage.table)} WHERE cl_null(${m}) IS NULL
           UNION ALL SELECT __row + 1, 'value', ${v} FROM ${ident(stage.table)} WHERE ${valueExpr} IS NULL
         ) ORDER BY line, col LIMIT ${MAX_ISSUES}`,
      );
      if (bad.length > 0) {
        const issues: Issue[] = bad.map((b) => ({
          file: path,
          line: Number(b.line),
          column: b.col,
          message:
            b.raw === null || b.raw.trim() === ''
              ? `empty ${b.col}`
              : `"${b.raw}" is not a valid ${b.col}`,
          hint: HINTS[b.col],
        }));
        const first = issues[0]!;
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `${path}:${first.line} column ${first.column}: ${first.message}${bad.length > 1 ? ` (${bad.length}${bad.length === MAX_ISSUES ? '+' : ''} problems)` : ''}; nothing was written`,
          ...(first.hint ? { hint: first.hint } : {}),
          issues,
        });
      }
      const dimJson =
        dims.length === 0
          ? 'NULL'
          : `json_object(${dims.map((c) => `${literal(c)}, cl_null(${ident(c)})`).join(', ')})`;
      await tx.exec(
        `CREATE OR REPLACE TEMP TABLE __business_metric_rows AS
         SELECT ${dateExpr} AS "date", cl_null(${m}) AS metric, ${valueExpr} AS value, ${dimJson} AS dimensions, __row + 1 AS line
         FROM ${ident(stage.table)}`,
      );
      const [rep] = await tx.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM business_metric b WHERE EXISTS (
           SELECT 1 FROM __business_metric_rows r WHERE r.metric = b.metric AND r."date" = b."date")`,
      );
      await tx.exec(
        `DELETE FROM business_metric b WHERE EXISTS (
           SELECT 1 FROM __business_metric_rows r WHERE r.metric = b.metric AND r."date" = b."date")`,
      );
      await tx.exec(
        `INSERT INTO business_metric SELECT "date", metric, value, dimensions, $1, line, $2::TIMESTAMP FROM __business_metric_rows`,
        [path, now.toISOString()],
      );
      const metrics = await summarize(
        tx,
        `WHERE metric IN (SELECT DISTINCT metric FROM __business_metric_rows)`,
      );
      await tx.exec('DROP TABLE IF EXISTS __business_metric_rows');
      return {
        file: path,
        rowCount: stage.rowCount,
        replacedRows: Number(rep?.n ?? 0),
        dimensions: dims,
        metrics,
      };
    } finally {
      await tx.exec(`DROP TABLE IF EXISTS ${ident(stage.table)}`).catch(() => undefined);
    }
  });
}

const HINTS: Record<string, string> = {
  date: 'Write dates as YYYY-MM-DD.',
  metric: 'Name the metric on every row, e.g. requests.',
  value: 'Write values as plain decimals, e.g. 1234.5.',
};

async function summarize(wh: Warehouse, where = ''): Promise<BusinessMetricSummary[]> {
  const rows = await wh.query<{
    metric: string;
    rows: number;
    from: string;
    to: string;
    total: string;
  }>(
    `SELECT metric, count(*)::INTEGER AS rows, CAST(min("date") AS VARCHAR) AS "from", CAST(max("date") AS VARCHAR) AS "to",
       CAST(sum(value) AS VARCHAR) AS total FROM business_metric ${where} GROUP BY metric ORDER BY metric`,
  );
  return rows.map((r) => ({
    metric: r.metric,
    rows: Number(r.rows),
    from: r.from,
    to: r.to,
    total: r.total,
  }));
}

/** Every business metric stored, with its date range and total. */
export function listBusinessMetrics(wh: Warehouse): Promise<BusinessMetricSummary[]> {
  return summarize(wh);
}
