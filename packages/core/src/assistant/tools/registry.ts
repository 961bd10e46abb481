/**
 * The assistant's tool registry: every tool the offline engine, the optional model, the MCP server
 * and Slack may call, in one list. `runTool` is the only way to run one: it checks the caller's
 * role against the tool's `minRole` first, then validates the arguments with the tool's zod
 * schema, so no surface can skip either check. Read-only tools are viewer; mutating ones need more
 * and write the audit log themselves.
 */
import { aiSpendTool } from '../../ai-spend/assistant-tool.ts';
import { hasRole } from '../../auth/roles.ts';
import { CostLensError } from '../../errors.ts';
import type { AssistantTool, ToolContext, ToolResult } from '../types.ts';
import { approveRecommendationTool } from './approve-recommendation.ts';
import { checkRecommendationTool } from './check-recommendation.ts';
import { dataQualityTool } from './data-quality.ts';
import { explainChangeTool } from './explain-change.ts';
import { forecastTool } from './forecast.ts';
import { gpuFleetTool } from '../../gpu/assistant-tool.ts';
import { listAnomaliesTool } from './list-anomalies.ts';
import { listRecommendationsTool } from './list-recommendations.ts';
import { queryCostsTool } from './query-costs.ts';

/**
 * Every tool, in the order a model sees them. Other modules add their tool here with one import
 * and one line each (e.g. `aiSpendTool` from ../../ai-spend/assistant-tool.ts, `gpuFleetTool` from
 * ../../gpu/assistant-tool.ts); names must be unique snake_case.
 */
export const ASSISTANT_TOOLS: readonly AssistantTool[] = [
  queryCostsTool,
  explainChangeTool,
  listAnomaliesTool,
  forecastTool,
  listRecommendationsTool,
  checkRecommendationTool,
  dataQualityTool,
  approveRecommendationTool,
  gpuFleetTool,
  aiSpendTool,
  // Further tools go here, one line each.
] as unknown as readonly AssistantTool[];

/** The tool named `name`, or undefined. */
export function findTool(name: string): AssistantTool | undefined {
  return ASSISTANT_TOOLS.find((t) => t.name === name);
}

/** The tools a caller holding `role` may run (mutating ones only when the role allows). */
export function toolsForRole(role: ToolContext['role']): AssistantTool[] {
  return ASSISTANT_TOOLS.filter((t) => hasRole(role, t.minRole));
}

/**
 * Runs one tool after the role check and argument validation; throws NOT_FOUND, FORBIDDEN or
 * INVALID_INPUT (every argument problem at once, each naming its field).
 * @example await runTool('query_costs', { wh, role: 'viewer', actor: 'cli:me' }, { metric: 'effective_cost', groupBy: ['service'] })
 */
export async function runTool(name: string, ctx: ToolContext, args: unknown): Promise<ToolResult> {
  const tool = findTool(name);
  if (!tool) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no assistant tool named "${name}"`,
      hint: `Tools: ${ASSISTANT_TOOLS.map((t) => t.name).join(', ')}.`,
    });
  }
  if (!hasRole(ctx.role, tool.minRole)) {
    throw new CostLensError({
      code: 'FORBIDDEN',
      message: `${tool.name} needs the ${tool.minRole} role; ${ctx.actor} is ${ctx.role}.`,
      hint: `Use a token with the ${tool.minRole} role for this tool.`,
    });
  }
  const parsed = tool.inputSchema.safeParse(args ?? {});
  if (!parsed.success) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `invalid arguments for ${tool.name}`,
      issues: parsed.error.issues.map((i) => ({
        column: i.path.join('.') || '(arguments)',
        message: i.message,
      })),
      hint: 'List the tool to see its input schema.',
    });
  }
  return tool.run(ctx, parsed.data);
}
