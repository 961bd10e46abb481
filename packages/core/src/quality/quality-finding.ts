/**
 * The shape of the data-quality report: findings from FOCUS conformance (interpreted from the
 * validator's rule model), FinOps hygiene checks and lenient-read observations recorded at ingest.
 * Every finding names its column or check, how many rows and how much cost it touches, and one
 * example row. Money is a decimal string (Σ|BilledCost| of the affected rows), never a float.
 */

export type Severity = 'error' | 'warning' | 'info';
export type FindingSource = 'conformance' | 'finops' | 'ingest';

/** One row that shows the problem: identifying columns plus the columns the check reads. */
export type ExampleRow = Record<string, string | number | boolean | null>;

export interface QualityFinding {
  /** Stable id, e.g. `conformance:ListUnitPrice-C-010-C`, `finops:owner-tag-missing`. */
  id: string;
  source: FindingSource;
  severity: Severity;
  /** The FOCUS column concerned, when there is one. */
  column?: string;
  /** The check's name (a validator rule id, a FinOps check id, or an ingest check id). */
  check: string;
  message: string;
  rowsAffected: number;
  /** Σ|BilledCost| of the affected rows (exact decimal text), in each row's billing currency. */
  costAffected: string;
  example: ExampleRow | null;
  /** The validator model's rule id, for conformance findings. */
  ruleId?: string;
  /** The requirement keyword (MUST, SHOULD NOT, MAY, …) for conformance findings. */
  keyword?: string;
  /** Check-specific detail (e.g. the missing days of a coverage gap). */
  detail?: Record<string, unknown>;
}

/** A validator rule that this report does not evaluate, and why. */
export interface NotCheckedRule {
  ruleId: string;
  keyword: string;
  requirement: string;
  reason: string;
}

export interface QualitySummary {
  errors: number;
  warnings: number;
  infos: number;
  /** Rows in scope (all active rows of focus_cost). */
  rows: number;
  /** Σ|BilledCost| of all rows in scope. */
  totalCost: string;
  /** Validator rules evaluated, and how many of those found nothing. */
  rulesChecked: number;
  rulesPassed: number;
  /** Rules whose column no active ingest provided (their presence rule reports that instead). */
  rulesNotApplicable: number;
  /**
   * 0–100: the severity-weighted share of rows passing each evaluated check (error weight 3,
   * warning 1, info 0). 100 means no row fails any error- or warning-level check.
   */
  score: number;
}

export interface QualityReport {
  generatedAt: string;
  model: { focusVersion: string; modelVersion: string; rules: number };
  costBasis: string;
  summary: QualitySummary;
  findings: QualityFinding[];
  notChecked: NotCheckedRule[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
