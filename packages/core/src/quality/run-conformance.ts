/**
 * Evaluates a conformance plan against the store. Row rules become predicates counted together in
 * few scans (scan-row-checks.ts); presence rules are judged per ingest from what its source
 * provided; distinct-count rules get one grouped query each; date/time format rules read what the
 * ingest recorded about the source text (the store holds parsed TIMESTAMPs). Column rules only
 * look at rows of ingests whose source had the column — its absence is the presence rule's finding.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { ident, literal } from '../util/sql.ts';
import { sumDecimals } from './decimal-text.ts';
import type { PlannedRule } from './plan-conformance.ts';
import type { RowCheck } from './scan-row-checks.ts';
import type { SourceColumns } from './source-columns.ts';

/** A rule's outcome before example rows are attached. */
export interface RuleOutcome {
  rule: PlannedRule;
  rows: number;
  cost: string;
  exampleRowId: number | null;
  /** Example taken from the ingest record instead of a stored row (source-format rules). */
  sourceExample?: { file: string | null; line: number | null; value: string | null };
  detail?: Record<string, unknown>;
}

export interface ConformanceRun {
  /** Row checks to count in the shared scan; `finish` turns their counts into outcomes. */
  rowChecks: RowCheck[];
  finish(
    counts: ReadonlyMap<string, { rows: number; cost: string; exampleRowId: number | null }>,
  ): RuleOutcome[];
  /** Rules whose column no active ingest provided. */
  notApplicable: PlannedRule[];
}

function and(...parts: (string | null)[]): string {
  const p = parts.filter((x): x is string => x !== null);
  return p.length === 0 ? 'true' : p.map((x) => `(${x})`).join(' AND ');
}

/** Plans the row checks and runs the rules that are not row predicates. */
export async function runConformance(
  wh: Warehouse,
  rules: readonly PlannedRule[],
  sources: SourceColumns,
): Promise<ConformanceRun> {
  const rowChecks: RowCheck[] = [];
  const direct: RuleOutcome[] = [];
  const rowRules: PlannedRule[] = [];
  const notApplicable: PlannedRule[] = [];
  for (const rule of rules) {
    const scope = scopeOf(rule, sources);
    if (scope === 'none') {
      notApplicable.push(rule);
      continue;
    }
    const check = rule.check;
    switch (check.kind) {
      case 'row': {
        const req = rule.permission
          ? `coalesce(${check.sql}, false)`
          : `NOT coalesce(${check.sql}, true)`;
        rowChecks.push({ key: rule.ruleId, predicate: and(scope, rule.appliesTo, req) });
        rowRules.push(rule);
        break;
      }
      case 'presence':
        direct.push(presenceOutcome(rule, check.column, sources));
        break;
      case 'distinct':
        direct.push(await distinctOutcome(wh, rule, check, and(scope, rule.appliesTo)));
        break;
      case 'source-format':
        direct.push(await sourceFormatOutcome(wh, rule, check.column, check.checkIds));
        break;
    }
  }
  return {
    rowChecks,
    notApplicable,
    finish(counts) {
      const fromScan = rowRules.map((rule) => {
        const c = counts.get(rule.ruleId) ?? { rows: 0, cost: '0', exampleRowId: null };
        return { rule, rows: c.rows, cost: c.cost, exampleRowId: c.exampleRowId };
      });
      return [...direct, ...fromScan];
    },
  };
}

/** Rows a rule looks at: ingests that provided its column (both columns, for distinct counts). */
function scopeOf(rule: PlannedRule, sources: SourceColumns): string | null | 'none' {
  const columns =
    rule.check.kind === 'presence'
      ? []
      : rule.check.kind === 'distinct'
        ? [rule.check.columnA, rule.check.columnB]
        : rule.column
          ? [rule.column]
          : [];
  const parts: string[] = [];
  for (const c of columns) {
    const s = sources.scope(c);
    if (s === 'none') return 'none';
    if (s !== null) parts.push(s);
  }
  return parts.length === 0 ? null : parts.join(' AND ');
}

function presenceOutcome(rule: PlannedRule, column: string, sources: SourceColumns): RuleOutcome {
  const has = sources.providedBy(column);
  // A MAY rule reports where the permission is used (the column is there); others where it is not.
  const hit = sources.ingests.filter((i) => has.has(i.ingestId) === rule.permission);
  return {
    rule,
    rows: hit.reduce((n, i) => n + i.rows, 0),
    cost: sumDecimals(hit.map((i) => i.cost)),
    exampleRowId: hit.find((i) => i.exampleRowId !== null)?.exampleRowId ?? null,
    detail: { ingests: hit.map((i) => i.ingestId || null) },
  };
}

async function distinctOutcome(
  wh: Warehouse,
  rule: PlannedRule,
  check: { columnA: string; columnB: string; expected: number },
  where: string,
): Promise<RuleOutcome> {
  const a = ident(check.columnA);
  const b = ident(check.columnB);
  const [row] = await wh.query<{ n: number; c: string; r: number | null; k: number }>(
    `WITH bad AS (
       SELECT ${a} AS k FROM ${COST_TABLE} WHERE ${where} AND ${a} IS NOT NULL
       GROUP BY 1 HAVING count(DISTINCT ${b}) <> ${Number(check.expected)})
     SELECT count(*) AS n, coalesce(sum(abs("BilledCost")), 0)::VARCHAR AS c, min(rowid) AS r,
       (SELECT count(*) FROM bad) AS k
     FROM ${COST_TABLE} WHERE ${where} AND ${a} IN (SELECT k FROM bad)`,
  );
  return {
    rule,
    rows: Number(row?.n ?? 0),
    cost: String(row?.c ?? '0'),
    exampleRowId: row?.r === null || row?.r === undefined ? null : Number(row.r),
    detail: { distinctValuesFailing: Number(row?.k ?? 0) },
  };
}

async function sourceFormatOutcome(
  wh: Warehouse,
  rule: PlannedRule,
  column: string,
  checkIds: readonly string[],
): Promise<RuleOutcome> {
  const [row] = await wh.query<{
    n: number | null;
    c: string | null;
    file: string | null;
    line: number | null;
    v: string | null;
  }>(
    `SELECT sum(f.rows_affected) AS n, coalesce(sum(f.cost_affected), 0)::VARCHAR AS c,
       arg_min(f.file, f.ingest_id) AS file, arg_min(f.line, f.ingest_id) AS line,
       arg_min(f.example, f.ingest_id) AS v
     FROM ingest_finding f JOIN ingest i USING (ingest_id)
     WHERE i.status = 'active' AND f.column_name = $1 AND f.check_id IN (${checkIds.map(literal).join(', ')})`,
    [column],
  );
  return {
    rule,
    rows: Number(row?.n ?? 0),
    cost: String(row?.c ?? '0'),
    exampleRowId: null,
    sourceExample: {
      file: row?.file ?? null,
      line: row?.line === null || row?.line === undefined ? null : Number(row.line),
      value: row?.v ?? null,
    },
  };
}
