/**
 * Checks a staged source before anything is written: every number and date must parse. All
 * problems are collected in one pass and returned together, each with file, line and column;
 * also counts the lenient-read findings (one aggregate query for all of them).
 */
import type { Issue } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident } from '../util/sql.ts';
import type { LeniencyCheck, ValueCheck } from './source-format.ts';
import type { StagedSource } from './stage-source.ts';

export interface LeniencyFinding {
  id: string;
  column?: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  rowsAffected: number;
  /** Σ|BilledCost| of the affected rows (exact decimal text), when a cost expression was given. */
  costAffected?: string;
  example?: string;
  line?: number;
}

/** Where a data row sits in its file, for messages. */
export function lineOf(stage: StagedSource, row: number): number {
  return stage.kind === 'csv' ? row + 1 : row;
}

/** SQL that holds where a value check fails: text that is not null-ish but does not parse. */
export function badValuePredicate(check: ValueCheck, ref: string): string {
  return check.kind === 'decimal'
    ? `cl_null(${ref}) IS NOT NULL AND cl_dec(${ref}) IS NULL`
    : `cl_null(${ref}) IS NOT NULL AND cl_ts(${ref}) IS NULL`;
}

export async function validateValues(
  wh: Warehouse,
  stage: StagedSource,
  checks: readonly ValueCheck[],
): Promise<Issue[]> {
  if (checks.length === 0 || stage.rowCount === 0) return [];
  const parts = checks.flatMap((c, i) => {
    const ref = stage.columns.ref(c.column);
    const bad = badValuePredicate(c, ref);
    return [
      `count(*) FILTER (WHERE ${bad}) AS n${i}`,
      `min(__row) FILTER (WHERE ${bad}) AS r${i}`,
      `arg_min(${ref}, __row) FILTER (WHERE ${bad}) AS v${i}`,
    ];
  });
  const [row] = await wh.query(`SELECT ${parts.join(', ')} FROM ${ident(stage.table)}`);
  const issues: Issue[] = [];
  checks.forEach((c, i) => {
    const n = Number(row?.[`n${i}`] ?? 0);
    if (n === 0) return;
    issues.push(valueIssue(stage, c, n, Number(row?.[`r${i}`]), String(row?.[`v${i}`])));
  });
  return issues;
}

/** The Issue for a value check that failed on `n` rows, the first at `firstRow` with `value`. */
export function valueIssue(
  stage: StagedSource,
  c: ValueCheck,
  n: number,
  firstRow: number,
  value: string,
): Issue {
  const what = c.kind === 'decimal' ? 'a number' : 'a date/time';
  return {
    file: stage.file,
    line: lineOf(stage, firstRow),
    column: c.column,
    message: `"${value.slice(0, 60)}" is not ${what}${n > 1 ? ` (and ${n - 1} more rows in this column)` : ''}`,
    hint:
      c.kind === 'decimal' && /^-?\d+,\d+$/.test(value.trim())
        ? 'This looks like a decimal comma (a locale-specific export, often with ";" as delimiter). Re-export with "." as the decimal separator.'
        : c.kind === 'decimal'
          ? 'Numbers must be plain decimals such as 12.34 or 1.5E-7 (no currency symbols or thousands separators). Fix the export and ingest again.'
          : 'Dates must be ISO 8601 such as 2024-09-01T00:00:00Z. Fix the export and ingest again.',
  };
}

export async function countLeniency(
  wh: Warehouse,
  stage: StagedSource,
  checks: readonly LeniencyCheck[],
  /** SQL over the stage giving each row's BilledCost (e.g. the mapping's source total). */
  costExpr?: string,
): Promise<LeniencyFinding[]> {
  if (checks.length === 0 || stage.rowCount === 0) return [];
  const parts = checks.flatMap((c, i) => [
    `count(*) FILTER (WHERE ${c.predicate}) AS n${i}`,
    `min(__row) FILTER (WHERE ${c.predicate}) AS r${i}`,
    ...(c.example ? [`arg_min(${c.example}, __row) FILTER (WHERE ${c.predicate}) AS v${i}`] : []),
    ...(costExpr
      ? [`coalesce(sum(__cost) FILTER (WHERE ${c.predicate}), 0)::VARCHAR AS c${i}`]
      : []),
  ]);
  const from = costExpr
    ? `(SELECT *, abs(CAST(${costExpr} AS DECIMAL(38, 15))) AS __cost FROM ${ident(stage.table)})`
    : ident(stage.table);
  const [row] = await wh.query(`SELECT ${parts.join(', ')} FROM ${from}`);
  const findings: LeniencyFinding[] = [];
  checks.forEach((c, i) => {
    const n = Number(row?.[`n${i}`] ?? 0);
    if (n === 0) return;
    const example = row?.[`v${i}`];
    findings.push({
      id: c.id,
      ...(c.column ? { column: c.column } : {}),
      severity: c.severity,
      message: c.message,
      rowsAffected: n,
      ...(costExpr ? { costAffected: String(row?.[`c${i}`] ?? '0') } : {}),
      ...(example !== undefined && example !== null ? { example: String(example) } : {}),
      line: lineOf(stage, Number(row?.[`r${i}`])),
    });
  });
  return findings;
}
