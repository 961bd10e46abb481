/**
 * The assistant's contract: what a question becomes and what every surface (CLI `ask`, the API,
 * the dashboard's chat panel, Slack, MCP) receives back. Pure types, no I/O.
 *
 * The rule that makes it trustworthy: every number in `answer` appears in `values`, and every value
 * comes from one of `queries` (or a named analysis call) — the engine never invents a number. An
 * ambiguous or unsupported question returns `clarification` (or `unsupported`) and no numbers.
 */
import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import type { SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';

/** One number the answer states, with where it came from. */
export interface AnswerValue {
  label: string;
  /** Exact decimal string for money and quantities; a number for counts and ratios. */
  value: string | number;
  /** `USD` (or the data's currency), `%`, `count`, `tokens`, `GPU-hours`, … */
  unit: string;
  /** Index into `queries` (or `analyses`) that produced this value. */
  source?: { kind: 'query' | 'analysis'; index: number };
}

/** A non-query analysis call the answer relied on (forecast, driver analysis, anomaly list, …). */
export interface AnalysisCall {
  tool: string;
  args: Record<string, unknown>;
}

export type AskIntent =
  | 'total'
  | 'breakdown'
  | 'top_n'
  | 'trend'
  | 'compare'
  | 'why'
  | 'forecast'
  | 'budget'
  | 'anomalies'
  | 'recommendations'
  | 'unit_cost'
  | 'ai_spend'
  | 'gpu'
  | 'data_quality'
  | 'retrieval'
  | 'unsupported'
  | 'clarify';

export interface AskResult {
  question: string;
  intent: AskIntent;
  /** Plain-language answer; every number in it is in `values`. */
  answer: string;
  values: AnswerValue[];
  queries: SemanticQuery[];
  /** The SQL each query ran, in the same order as `queries`. */
  sql: string[];
  analyses?: AnalysisCall[];
  /** Asked back when the question is ambiguous: what to choose between. */
  clarification?: { question: string; options?: string[] };
  /** Notes, runbooks or saved analyses cited (issue 9, retrieval). */
  citations?: { id: string; title: string; snippet: string }[];
  /** Small table for display (Slack, dashboard); cells already formatted as strings. */
  table?: { columns: string[]; rows: string[][] };
  /** `offline` (the deterministic engine) or `model:<name>` when a configured model worded it. */
  engine: string;
  /** Things the reader should know (mixed currencies, data quality, fallback from the model). */
  warnings?: string[];
}

export interface AskOptions {
  /** The reference "today" for relative time expressions; defaults to the data's last charge day. */
  now?: Date;
  /** First month of the fiscal year (1 = January). */
  fiscalYearStartMonth?: number;
  /** Who asked, for the question log (redacted before storage). */
  actor?: string;
  /** Surface the question came from: cli, api, web, slack, mcp. */
  channel?: string;
}

/** What a tool runs with: the store, the caller's role (tools above it refuse), the clock. */
export interface ToolContext {
  wh: Warehouse;
  role: Role;
  actor: string;
  now?: Date;
}

/** A tool's answer: data for the caller plus the numbers it states and the queries behind them. */
export interface ToolResult {
  /** One or two sentences built from `values` only. */
  summary: string;
  values: AnswerValue[];
  queries?: SemanticQuery[];
  sql?: string[];
  /** Structured payload (rows, anomalies, recommendations, …) returned to MCP / model callers. */
  data: unknown;
}

/**
 * One tool, shared by the offline engine, the optional model, the MCP server and Slack. Read-only
 * unless `mutates`; `minRole` is checked by whoever calls `run` before it runs.
 */
export interface AssistantTool<A = Record<string, unknown>> {
  name: string;
  description: string;
  inputSchema: z.ZodType<A>;
  minRole: Role;
  mutates?: boolean;
  run(ctx: ToolContext, args: A): Promise<ToolResult>;
}
