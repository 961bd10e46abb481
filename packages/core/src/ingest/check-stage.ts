/**
 * Checks a staged source in one pass: the value checks (every number and date must parse; each
 * failure becomes an Issue with file, line and column) and the lenient-read findings are computed
 * as boolean columns of one projection and counted by one aggregate, instead of one scan each with
 * every predicate evaluated per aggregate. Example values are then read for the few checks that
 * hit, by row number. Same results as validateValues + countLeniency (validate-stage.ts).
 */
import type { Issue } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident } from '../util/sql.ts';
import type { LeniencyCheck, ValueCheck } from './source-format.ts';
import type { StagedSource } from './stage-source.ts';
import { badValuePredicate, lineOf, valueIssue } from './validate-stage.ts';
import type { LeniencyFinding } from './validate-stage.ts';

export interface StageCheckResult {
  issues: Issue[];
  findings: LeniencyFinding[];
}

interface Probe {
  predicate: string;
  example?: string;
}

/**
 * Runs value checks and leniency checks over one staged file.
 * @example const { issues, findings } = await checkStage(tx, stage, m.valueChecks, m.leniency, cost);
 */
export async function checkStage(
  wh: Warehouse,
  stage: StagedSource,
  valueChecks: readonly ValueCheck[],
  leniency: readonly LeniencyCheck[],
  /** SQL over the stage giving each row's BilledCost, to price the findings. */
  costExpr?: string,
): Promise<StageCheckResult> {
  if (stage.rowCount === 0 || valueChecks.length + leniency.length === 0) {
    return { issues: [], findings: [] };
  }
  const probes: Probe[] = [
    ...valueChecks.map((c) => {
      const ref = stage.columns.ref(c.column);
      return { predicate: badValuePredicate(c, ref), example: ref };
    }),
    ...leniency.map((c) => ({
      predicate: c.predicate,
      ...(c.example ? { example: c.example } : {}),
    })),
  ];
  // Each predicate is evaluated once per row, as a boolean column; the aggregates only read it.
  const cost = costExpr ? `, abs(CAST(${costExpr} AS DECIMAL(38, 15))) AS __cost` : '';
  const flags = probes.map((p, i) => `(${p.predicate}) AS __b${i}`).join(', ');
  // CASE inside the aggregate rather than FILTER (WHERE …): same counts, but DuckDB runs each
  // FILTER clause as its own selection pass, and with ~80 probes × 3 aggregates that made this
  // query ~6× slower than the CASE form — seconds per file even for a few hundred rows.
  const aggs = probes.flatMap((_, i) => [
    `count(CASE WHEN __b${i} THEN 1 END) AS n${i}`,
    `min(CASE WHEN __b${i} THEN __row END) AS r${i}`,
    ...(costExpr && i >= valueChecks.length
      ? [`coalesce(sum(CASE WHEN __b${i} THEN __cost END), 0)::VARCHAR AS c${i}`]
      : []),
  ]);
  const [row] = await wh.query<Record<string, unknown>>(
    `SELECT ${aggs.join(', ')} FROM (SELECT __row${cost}, ${flags} FROM ${ident(stage.table)})`,
  );
  const hits = probes.flatMap((p, i) => {
    const n = Number(row?.[`n${i}`] ?? 0);
    return n > 0 ? [{ i, n, first: Number(row?.[`r${i}`]), example: p.example }] : [];
  });
  const examples = await exampleValues(wh, stage, hits);

  const issues: Issue[] = [];
  const findings: LeniencyFinding[] = [];
  for (const h of hits) {
    if (h.i < valueChecks.length) {
      issues.push(valueIssue(stage, valueChecks[h.i]!, h.n, h.first, String(examples.get(h.i))));
      continue;
    }
    const c = leniency[h.i - valueChecks.length]!;
    const example = examples.get(h.i);
    findings.push({
      id: c.id,
      ...(c.column ? { column: c.column } : {}),
      severity: c.severity,
      message: c.message,
      rowsAffected: h.n,
      ...(costExpr ? { costAffected: String(row?.[`c${h.i}`] ?? '0') } : {}),
      ...(example !== undefined && example !== null ? { example: String(example) } : {}),
      line: lineOf(stage, h.first),
    });
  }
  return { issues, findings };
}

/** Reads each hit's example expression at its first failing row (one query for all). */
async function exampleValues(
  wh: Warehouse,
  stage: StagedSource,
  hits: readonly { i: number; first: number; example?: string | undefined }[],
): Promise<Map<number, unknown>> {
  const wanted = hits.filter((h) => h.example !== undefined && Number.isSafeInteger(h.first));
  if (wanted.length === 0) return new Map();
  const rows = await wh.query<Record<string, unknown>>(
    `SELECT __row, ${wanted.map((h) => `${h.example} AS e${h.i}`).join(', ')}
     FROM ${ident(stage.table)} WHERE __row IN (${[...new Set(wanted.map((h) => h.first))].join(', ')})`,
  );
  const byRow = new Map(rows.map((r) => [Number(r['__row']), r]));
  return new Map(wanted.map((h) => [h.i, byRow.get(h.first)?.[`e${h.i}`]]));
}
