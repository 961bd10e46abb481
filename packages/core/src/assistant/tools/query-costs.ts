/**
 * `query_costs`: any semantic query (metric, group-by, filters, time range, grain, comparison,
 * top-N) through the semantic layer's runQuery — the only query path, parameterized SQL, names
 * checked against the catalog. Read-only.
 */
import { runQuery } from '../../semantic/run-query.ts';
import type { SemanticQuery } from '../../semantic/types.ts';
import { SemanticQuerySchema } from '../../semantic/validate-query.ts';
import type { AssistantTool } from '../types.ts';
import { MAX_TOOL_ROWS, resultValues } from './result-values.ts';

export const queryCostsTool: AssistantTool<SemanticQuery> = {
  name: 'query_costs',
  description:
    'Run a semantic cost query. metric: effective_cost (default choice), billed_cost, list_cost, contracted_cost, savings, consumed_quantity, row_count. groupBy: dimensions such as provider, account, service, category, region, resource, charge_category, or tag:<key>. filters: [{dimension, op: eq|neq|in|not_in|contains, value}]. timeRange: {start, end} ISO dates (end exclusive) or {relative: last_n_days|last_n_months, n} or {relative: month_to_date|previous_month|quarter_to_date|previous_quarter|year_to_date|previous_year}. grain: day|week|month|quarter|year. compareTo: previous_period|same_period_last_year. limit: top-N with the rest as "Other".',
  inputSchema: SemanticQuerySchema,
  minRole: 'viewer',
  async run(ctx, query) {
    const result = await runQuery(ctx.wh, query, ctx.now ? { now: ctx.now } : {});
    const values = [
      ...resultValues(result, 0),
      {
        label: 'rows returned',
        value: result.rows.length,
        unit: 'count',
        source: { kind: 'query' as const, index: 0 },
      },
    ];
    const range = result.timeRange
      ? ` from ${result.timeRange.start} to ${result.timeRange.end}`
      : '';
    const only =
      result.rows.length === 1 ? values.find((v) => v.label.endsWith(query.metric)) : undefined;
    const summary = only
      ? `${query.metric}${range}: ${String(only.value)} ${only.unit}.`
      : `${result.rows.length} row(s) of ${query.metric}${range}.`;
    return {
      summary,
      values,
      queries: [query],
      sql: [result.sql],
      data: {
        columns: result.columns,
        rows: result.rows.slice(0, MAX_TOOL_ROWS),
        rowCount: result.rows.length,
        truncated: result.rows.length > MAX_TOOL_ROWS,
        ...(result.timeRange ? { timeRange: result.timeRange } : {}),
        ...(result.warnings ? { warnings: result.warnings } : {}),
      },
    };
  },
};
