/**
 * Who may call what: every API route is declared here with its minimum role, and a route missing
 * from this table refuses to register (deny by default). `public` routes need no caller at all.
 * Read routes are viewer; approving proposals is approver; tokens and raw SQL are admin.
 */
import type { Role } from '@costlens/core';

export type RouteAccess = Role | 'public';

export const ROUTE_POLICY: Readonly<Record<string, RouteAccess>> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/whoami': 'viewer',
  'POST /api/query': 'viewer',
  'GET /api/metrics': 'viewer',
  'GET /api/dimensions/:id/values': 'viewer',
  'GET /api/showback': 'viewer',
  'GET /api/sources': 'viewer',
  'GET /api/quality': 'viewer',
  'GET /api/audit': 'approver',
  'GET /api/recommendations': 'viewer',
  'GET /api/recommendations/:id': 'viewer',
  'POST /api/recommendations/check': 'viewer',
  'POST /api/recommendations/:id/approve': 'approver',
  'POST /api/recommendations/:id/reject': 'approver',
  'POST /api/recommendations/:id/applied': 'approver',
  'GET /api/anomalies': 'viewer',
  'GET /api/monitors': 'viewer',
  'POST /api/monitors': 'approver',
  'POST /api/monitors/:id/enabled': 'approver',
  'DELETE /api/monitors/:id': 'approver',
  'GET /api/anomalies/:id': 'viewer',
  'POST /api/anomalies/:id/status': 'approver',
  'POST /api/anomalies/:id/feedback': 'approver',
  'GET /api/forecast': 'viewer',
  'POST /api/ask': 'viewer',
  'GET /api/ask/patterns': 'viewer',
  'GET /api/budgets': 'viewer',
  'GET /api/budgets/status': 'viewer',
  'POST /api/budgets': 'approver',
  'DELETE /api/budgets/:id': 'approver',
  'GET /api/gpu/fleet': 'viewer',
  'GET /api/gpu/matrix': 'viewer',
  'GET /api/gpu/:id/timeline': 'viewer',
  'GET /api/gpu/criticality': 'viewer',
  'PUT /api/gpu/criticality': 'approver',
  'GET /api/ai/spend': 'viewer',
  'GET /api/ai/unit-cost': 'viewer',
  'POST /api/ai/what-if': 'viewer',
  'GET /api/ai/reconciliation': 'viewer',
  'GET /api/ai/prices': 'viewer',
  'POST /api/ai/ingest': 'admin',
  'GET /api/initiatives': 'viewer',
  'GET /api/initiatives/:id': 'viewer',
  'GET /api/initiatives/:id/report': 'viewer',
  'PUT /api/initiatives/:id': 'approver',
  'DELETE /api/initiatives/:id': 'approver',
  'POST /api/sql': 'admin',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/:id': 'admin',
  // Slack calls this, not a CostLens user: the handler verifies Slack's request signature and
  // timestamp (replays refused) and maps the Slack user to a role per action (slack/).
  'POST /api/slack/events': 'public',
  'POST /mcp': 'viewer',
};

/**
 * The assistant's tools over MCP (POST /mcp, `costlens mcp`) and to a model: each tool's minimum
 * role. Core enforces each tool's own `minRole` (runTool); this is the reviewed declaration, and
 * the authorization matrix test fails when a tool is added, or changes role, without an entry here.
 * Mutating tools are never viewer; a model only ever gets the read-only ones.
 */
export const TOOL_POLICY: Readonly<Record<string, Role>> = {
  query_costs: 'viewer',
  explain_change: 'viewer',
  list_anomalies: 'viewer',
  forecast: 'viewer',
  list_recommendations: 'viewer',
  check_recommendation: 'viewer',
  data_quality: 'viewer',
  approve_recommendation: 'approver',
  gpu_fleet: 'viewer',
  ai_spend: 'viewer',
};

/** The declared access for a route, or undefined when it was never declared. */
export function accessFor(method: string, url: string): RouteAccess | undefined {
  return ROUTE_POLICY[`${method.toUpperCase()} ${url}`];
}
