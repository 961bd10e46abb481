/**
 * Loads a utilization CSV (CloudWatch-style, one row per instance and day, or a Prometheus long
 * export of samples, see pivot-long-utilization.ts) into `ec2_utilization`. All rows are checked first; any bad row stops the load
 * with every issue (file, line, field, hint) and nothing is written. Re-loading a day replaces it.
 */
import { readFileSync } from 'node:fs';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { dayOf, pivotLongUtilization } from './pivot-long-utilization.ts';

/** Accepted header spellings for each field (lower-cased, non-alphanumerics dropped). */
const ALIASES: Record<string, readonly string[]> = {
  resource_id: ['resourceid', 'instanceid', 'instance', 'id'],
  day: ['date', 'day', 'timestamp', 'time'],
  instance_type: ['instancetype', 'type'],
  cpu_avg: ['cpuavg', 'cpuaverage', 'cpuutilizationaverage'],
  cpu_p95: ['cpup95', 'cpuutilizationp95', 'cpu95', 'p95cpu'],
  mem_p95: ['memp95', 'memoryp95', 'memutilizationp95', 'mem95', 'p95mem'],
  network_out_gb: ['networkoutgb', 'netoutgb'],
};

export interface UtilizationIngestResult {
  file: string;
  rowCount: number;
  resources: number;
  firstDay: string;
  lastDay: string;
}

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Reads and loads one CSV file; throws INVALID_INPUT with every issue when a row is bad. */
export async function ingestUtilization(
  wh: Warehouse,
  file: string,
): Promise<UtilizationIngestResult> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)}).`,
      cause: e,
    });
  }
  const rows = parseUtilizationCsv(text, file);
  await wh.transaction(async (tx) => {
    await tx.exec(
      `DELETE FROM ec2_utilization WHERE (resource_id, day) IN (
         SELECT (r.resource_id, r.day::DATE) FROM (SELECT unnest(from_json($1::JSON, '[{"resource_id":"VARCHAR","day":"VARCHAR"}]'), recursive := true)) r)`,
      [JSON.stringify(rows.map((r) => ({ resource_id: r.resource_id, day: r.day })))],
    );
    await tx.exec(
      `INSERT INTO ec2_utilization
       SELECT resource_id, day::DATE, instance_type, cpu_avg, cpu_p95, mem_p95, network_out_gb, $2
       FROM (SELECT unnest(from_json($1::JSON, '[{"resource_id":"VARCHAR","day":"VARCHAR","instance_type":"VARCHAR","cpu_avg":"DOUBLE","cpu_p95":"DOUBLE","mem_p95":"DOUBLE","network_out_gb":"DOUBLE"}]'), recursive := true))`,
      [JSON.stringify(rows), file],
    );
  });
  const days = rows.map((r) => r.day).sort();
  return {
    file,
    rowCount: rows.length,
    resources: new Set(rows.map((r) => r.resource_id)).size,
    firstDay: days[0] ?? '',
    lastDay: days[days.length - 1] ?? '',
  };
}

export interface UtilizationRow {
  resource_id: string;
  day: string;
  instance_type: string | null;
  cpu_avg: number | null;
  cpu_p95: number;
  mem_p95: number | null;
  network_out_gb: number | null;
}

/** Parses and validates the CSV text (no quoting: ids, dates and numbers only). */
export function parseUtilizationCsv(text: string, file: string): UtilizationRow[] {
  const longIssues: Issue[] = [];
  const wide = pivotLongUtilization(text, file, longIssues);
  if (longIssues.length) throw invalid(file, longIssues);
  const lines = (wide ?? text).split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map(norm);
  const col = (field: string) =>
    header.findIndex((h) => h === norm(field) || (ALIASES[field] ?? []).includes(h));
  const at = Object.fromEntries(Object.keys(ALIASES).map((f) => [f, col(f)]));
  const issues: Issue[] = [];
  for (const required of ['resource_id', 'day', 'cpu_p95']) {
    if (at[required] === -1) {
      issues.push({
        file,
        line: 1,
        column: required,
        message: `missing column ${required}.`,
        hint: `The header needs resource_id, date and cpu_p95 (mem_p95, cpu_avg, instance_type, network_out_gb optional); found: ${lines[0] ?? '(empty)'}.`,
      });
    }
  }
  if (issues.length) throw invalid(file, issues);
  const rows: UtilizationRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const f = line.split(',');
    const get = (field: string) => {
      const idx = at[field] ?? -1;
      return idx === -1 ? '' : (f[idx] ?? '').trim();
    };
    const num = (field: string, required: boolean): number | null => {
      const v = get(field);
      if (v === '' && !required) return null;
      const n = Number(v);
      if (v === '' || !Number.isFinite(n) || n < 0 || (field !== 'network_out_gb' && n > 100)) {
        issues.push({
          file,
          line: i + 1,
          column: field,
          message: `${field} "${v}" is not a percentage.`,
          hint: 'Utilization values are percentages from 0 to 100 (network in GB).',
        });
        return null;
      }
      return n;
    };
    const id = get('resource_id');
    const dayRaw = get('day');
    const day = dayOf(dayRaw);
    if (!id)
      issues.push({ file, line: i + 1, column: 'resource_id', message: 'empty resource id.' });
    if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      issues.push({
        file,
        line: i + 1,
        column: 'date',
        message: `date "${dayRaw}" is not an ISO date.`,
        hint: 'Use YYYY-MM-DD, an ISO timestamp or Unix seconds (truncated to the UTC day).',
      });
    }
    const cpuP95 = num('cpu_p95', true);
    const row: UtilizationRow = {
      resource_id: id,
      day,
      instance_type: get('instance_type') || null,
      cpu_avg: num('cpu_avg', false),
      cpu_p95: cpuP95 ?? 0,
      mem_p95: num('mem_p95', false),
      network_out_gb: num('network_out_gb', false),
    };
    if (issues.length > 50) break;
    rows.push(row);
  }
  if (issues.length) throw invalid(file, issues);
  if (rows.length === 0) {
    throw invalid(file, [
      { file, line: 2, message: 'no data rows.', hint: 'Export at least one day.' },
    ]);
  }
  return rows;
}

function invalid(file: string, issues: Issue[]): CostLensError {
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}: ${issues.length} problem(s) in the utilization file; nothing was loaded.`,
    hint: issues[0]?.hint,
    issues,
  });
}
