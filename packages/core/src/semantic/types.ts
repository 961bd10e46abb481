/**
 * The semantic query model — contract 3 of the architecture. Every surface (CLI, API, dashboard,
 * Slack, MCP, assistant) asks through this shape; the compiler turns it into parameterized SQL.
 * This file is the contract only: pure types, no I/O.
 */

/** A declared metric id: `billed_cost`, `effective_cost`, `list_cost`, `contracted_cost`,
 * `savings`, `consumed_quantity`, `row_count`, or a unit-cost metric defined by the user. */
export type MetricId = string;

/** A declared dimension id (`provider`, `service`, `region`, …), `tag:<key>`, or an allocation
 * dimension (`team` after normalization, a virtual dimension such as `cost_centre`). */
export type DimensionId = string;

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export type FilterOp = 'eq' | 'neq' | 'in' | 'not_in' | 'contains' | 'is_null' | 'is_not_null';

export interface Filter {
  dimension: DimensionId;
  op: FilterOp;
  /** A string for eq/neq/contains, a list for in/not_in, absent for is_null/is_not_null. */
  value?: string | readonly string[];
}

/** Absolute (`start` inclusive, `end` exclusive, ISO dates) or relative. */
export type TimeRange =
  | { start: string; end: string }
  | { relative: 'last_n_days'; n: number }
  | { relative: 'last_n_months'; n: number }
  | {
      relative:
        | 'month_to_date'
        | 'previous_month'
        | 'quarter_to_date'
        | 'previous_quarter'
        | 'year_to_date'
        | 'previous_year';
    };

export type CompareTo = 'previous_period' | 'same_period_last_year';

export interface OrderBy {
  /** A metric id, a dimension id, or `period`. */
  field: string;
  direction: 'asc' | 'desc';
}

export interface SemanticQuery {
  metric: MetricId;
  /** Extra metrics returned alongside `metric` (optional). */
  metrics?: readonly MetricId[];
  groupBy?: readonly DimensionId[];
  filters?: readonly Filter[];
  timeRange?: TimeRange;
  /** Bucket rows by time; absent = one total over the range. */
  grain?: Grain;
  compareTo?: CompareTo;
  orderBy?: readonly OrderBy[];
  /** Top-N over the group-by dimensions; the rest is summed into an "Other" bucket. */
  limit?: number;
  /** With `limit`: sum the rest into an "Other" bucket (default true); false drops the rest. */
  other?: boolean;
}

export interface ResultColumn {
  name: string;
  /** `dimension`, `metric`, `period`, or a comparison column (`previous`, `delta`, `delta_pct`). */
  role: 'dimension' | 'metric' | 'period' | 'previous' | 'delta' | 'delta_pct';
  /** For metrics: `USD`-style currency, `quantity`, `count`, or `ratio`. */
  unit?: string;
}

export interface SemanticResult {
  columns: readonly ResultColumn[];
  /** Money and quantities as exact decimal strings; counts as numbers; periods as ISO dates. */
  rows: readonly Record<string, string | number | null>[];
  sql: string;
  params: readonly (string | number | boolean | null)[];
  /** The resolved absolute time range the query covered. */
  timeRange?: { start: string; end: string };
  /** Things the reader should know before trusting the numbers (e.g. mixed currencies). */
  warnings?: readonly string[];
}
