/**
 * Lenient-read findings recorded at ingest (literal "NULL" strings, timestamps without T/Z,
 * allowed values in the wrong case, unprefixed custom columns…), for ingests still active, merged
 * per check and column across ingests. Their example is the source value with its file and line.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { QualityFinding, Severity } from './quality-finding.ts';

interface Row {
  check_id: string;
  column_name: string | null;
  severity: string;
  message: string;
  n: number;
  c: string;
  file: string | null;
  line: number | null;
  example: string | null;
  ingests: number;
}

/** Reads the active ingests' read findings. */
export async function ingestFindings(wh: Warehouse): Promise<QualityFinding[]> {
  const rows = await wh.query<Row>(
    `SELECT f.check_id, f.column_name, any_value(f.severity) AS severity,
       arg_min(f.message, f.ingest_id) AS message, sum(f.rows_affected) AS n,
       coalesce(sum(f.cost_affected), 0)::VARCHAR AS c, arg_min(f.file, f.ingest_id) AS file,
       arg_min(f.line, f.ingest_id) AS line, arg_min(f.example, f.ingest_id) AS example,
       count(DISTINCT f.ingest_id) AS ingests
     FROM ingest_finding f JOIN ingest i USING (ingest_id)
     WHERE i.status = 'active'
     GROUP BY f.check_id, f.column_name ORDER BY f.check_id, f.column_name`,
  );
  return rows.map((r): QualityFinding => {
    const prefix = r.file ? `${r.file}${r.line ? `:${r.line}` : ''}: ` : '';
    const message =
      prefix && r.message.startsWith(prefix) ? r.message.slice(prefix.length) : r.message;
    return {
      id: `ingest:${r.check_id}${r.column_name ? `:${r.column_name}` : ''}`,
      source: 'ingest',
      severity: (['error', 'warning', 'info'].includes(r.severity)
        ? r.severity
        : 'warning') as Severity,
      ...(r.column_name ? { column: r.column_name } : {}),
      check: r.check_id,
      message,
      rowsAffected: Number(r.n),
      costAffected: String(r.c),
      example: r.file
        ? {
            x_source_file: r.file,
            x_source_line: r.line === null ? null : Number(r.line),
            value: r.example,
          }
        : r.example === null
          ? null
          : { value: r.example },
      ...(Number(r.ingests) > 1 ? { detail: { ingests: Number(r.ingests) } } : {}),
    };
  });
}
