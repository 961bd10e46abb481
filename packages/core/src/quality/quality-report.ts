/**
 * The data-quality report: FOCUS conformance interpreted from the validator's rule model (MUST →
 * error, SHOULD/RECOMMENDED → warning, MAY → info), FinOps hygiene checks, and the lenient-read
 * findings of active ingests. Row-level checks of both kinds share one (chunked) scan of
 * focus_cost. Read-only; the store is never changed. Rules the model states only in prose are
 * listed as not checked, with their ids.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { compareDecimals, sumDecimals } from './decimal-text.ts';
import { exampleOf, fetchExampleRows } from './example-rows.ts';
import { finopsGroupFindings, finopsRowChecks, ownerKeysParam } from './finops-checks.ts';
import { ingestFindings } from './ingest-findings.ts';
import { planConformance } from './plan-conformance.ts';
import type { QualityFinding, QualityReport, Severity } from './quality-finding.ts';
import { SEVERITY_RANK } from './quality-finding.ts';
import { runConformance } from './run-conformance.ts';
import type { RuleOutcome } from './run-conformance.ts';
import { scanRowChecks } from './scan-row-checks.ts';
import { loadSourceColumns } from './source-columns.ts';
import { loadValidatorModel, nationalCurrencies } from './validator-model.ts';
import type { ValidatorModel } from './validator-model.ts';

export const DEFAULT_OWNER_TAG_KEYS = [
  'team',
  'owner',
  'cost_center',
  'costcenter',
  'application',
  'app',
];

export interface QualityOptions {
  /** Tag keys that name an owner (compared case-insensitively). */
  ownerTagKeys?: readonly string[];
  /** Provider capabilities known to hold (the model's ApplicabilityCriteria), or 'all'. */
  applicability?: 'all' | readonly string[];
  /** Arithmetic rules (A × B = C) pass within max(relative × |C|, absolute). */
  relativeTolerance?: number;
  absoluteTolerance?: number;
  model?: ValidatorModel;
  now?: () => Date;
}

const WEIGHT: Record<Severity, number> = { error: 3, warning: 1, info: 0 };

/**
 * Builds the quality report for everything in the store.
 * @example const report = await qualityReport(wh, { ownerTagKeys: ['team'] });
 */
export async function qualityReport(
  wh: Warehouse,
  opts: QualityOptions = {},
): Promise<QualityReport> {
  const model = opts.model ?? loadValidatorModel();
  const ownerTagKeys = opts.ownerTagKeys ?? DEFAULT_OWNER_TAG_KEYS;
  const plan = planConformance(model, {
    rule: (id) => model.ModelRules[id],
    relativeTolerance: opts.relativeTolerance ?? 1e-6,
    absoluteTolerance: opts.absoluteTolerance ?? 1e-9,
    currencies: nationalCurrencies(),
    applicability: opts.applicability ?? [],
  });
  const sources = await loadSourceColumns(wh);
  const totalRows = sources.ingests.reduce((n, i) => n + i.rows, 0);
  const totalCost = sumDecimals(sources.ingests.map((i) => i.cost));

  const conformance = await runConformance(wh, plan.rules, sources);
  const finopsRows = finopsRowChecks(ownerTagKeys);
  const counts =
    totalRows === 0
      ? new Map()
      : await scanRowChecks(
          wh,
          [...conformance.rowChecks, ...finopsRows],
          ownerKeysParam(ownerTagKeys),
        );
  const outcomes = totalRows === 0 ? [] : conformance.finish(counts);
  const groups = totalRows === 0 ? [] : await finopsGroupFindings(wh);

  const examples = await fetchExampleRows(wh, [
    ...outcomes.flatMap((o) =>
      o.rows > 0 && o.exampleRowId !== null
        ? [{ rowId: o.exampleRowId, columns: o.rule.columns }]
        : [],
    ),
    ...finopsRows.flatMap((c) => {
      const n = counts.get(c.key);
      return n && n.rows > 0 && n.exampleRowId !== null
        ? [{ rowId: n.exampleRowId, columns: c.columns }]
        : [];
    }),
    ...groups.flatMap((g) =>
      g.exampleRowId !== null ? [{ rowId: g.exampleRowId, columns: g.columns }] : [],
    ),
  ]);

  const findings: QualityFinding[] = [
    ...outcomes.filter((o) => o.rows > 0).map((o) => conformanceFinding(o, examples)),
    ...finopsRows.flatMap((c): QualityFinding[] => {
      const n = counts.get(c.key);
      if (!n || n.rows === 0) return [];
      return [
        {
          id: c.key,
          source: 'finops',
          severity: c.severity,
          ...(c.column ? { column: c.column } : {}),
          check: c.id,
          message: c.message,
          rowsAffected: n.rows,
          costAffected: n.cost,
          example: exampleOf(
            n.exampleRowId === null ? undefined : examples.get(n.exampleRowId),
            c.columns,
          ),
        },
      ];
    }),
    ...groups.map(({ exampleRowId, columns, ...g }) => ({
      ...g,
      example:
        g.example ??
        exampleOf(exampleRowId === null ? undefined : examples.get(exampleRowId), columns),
    })),
    ...(await ingestFindings(wh)),
  ];
  findings.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      compareDecimals(b.costAffected, a.costAffected) ||
      b.rowsAffected - a.rowsAffected ||
      a.id.localeCompare(b.id),
  );

  const evaluated = outcomes.filter((o) => !o.rule.permission);
  let weight = 0;
  let passed = 0;
  for (const o of evaluated) {
    const w = WEIGHT[o.rule.severity];
    weight += w;
    passed += w * (totalRows === 0 ? 1 : Math.max(0, 1 - o.rows / totalRows));
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    model: {
      focusVersion: model.Details.FOCUSVersion,
      modelVersion: model.Details.ModelVersion,
      rules: Object.keys(model.ModelRules).length,
    },
    costBasis:
      'costAffected is the sum of |BilledCost| over the affected rows, in their billing currency',
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      rows: totalRows,
      totalCost,
      rulesChecked: outcomes.length,
      rulesPassed: outcomes.filter((o) => o.rows === 0).length,
      rulesNotApplicable: conformance.notApplicable.length,
      score: weight === 0 ? 100 : Math.round((1000 * passed) / weight) / 10,
    },
    findings,
    notChecked: plan.notChecked,
  };
}

function conformanceFinding(
  o: RuleOutcome,
  examples: ReadonlyMap<number, Record<string, unknown>>,
): QualityFinding {
  const r = o.rule;
  const what = r.permission
    ? 'rows use this permission'
    : r.check.kind === 'presence'
      ? 'rows come from sources without this column'
      : r.check.kind === 'source-format'
        ? 'source values were not in this format (read leniently at ingest)'
        : 'rows do not comply';
  const example = o.sourceExample
    ? {
        x_source_file: o.sourceExample.file,
        x_source_line: o.sourceExample.line,
        [r.column ?? 'value']: o.sourceExample.value,
      }
    : exampleOf(o.exampleRowId === null ? undefined : examples.get(o.exampleRowId), r.columns);
  return {
    id: `conformance:${r.ruleId}`,
    source: 'conformance',
    severity: r.severity,
    ...(r.column
      ? { column: r.column }
      : r.check.kind === 'presence'
        ? { column: r.check.column }
        : {}),
    check: r.ruleId,
    message: `${r.requirement} (${o.rows} ${what})`,
    rowsAffected: o.rows,
    costAffected: o.cost,
    example,
    ruleId: r.ruleId,
    keyword: r.keyword,
    ...(o.detail ? { detail: o.detail } : {}),
  };
}
