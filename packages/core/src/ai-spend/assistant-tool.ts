/**
 * `ai_spend`: the LLM spend tool the assistant, MCP and Slack share — spend by model / team / app /
 * feature (with unpriced usage counted, never $0), unit costs, a model-switch what-if (its token
 * ratio assumption stated) or the invoice reconciliation. Read-only; every number it states is a
 * value from the analysis it ran, whose SQL it returns.
 */
import { z } from 'zod';
import type { AnswerValue, AssistantTool, ToolResult } from '../assistant/types.ts';
import { AI_DIMENSIONS } from './ai-scope.ts';
import type { AiDimension } from './ai-scope.ts';
import { aiSpend } from './ai-spend.ts';
import { aiReconciliation } from './reconcile-invoice.ts';
import { aiUnitCost } from './unit-cost.ts';
import { modelSwitchWhatIf } from './what-if.ts';

const DIMS = Object.keys(AI_DIMENSIONS) as [AiDimension, ...AiDimension[]];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const AiSpendArgs = z
  .object({
    view: z.enum(['spend', 'unit_cost', 'what_if', 'reconciliation']).default('spend'),
    groupBy: z.array(z.enum(DIMS)).max(3).default(['model']),
    from: day.optional(),
    to: day.optional(),
    filters: z.partialRecord(z.enum(DIMS), z.string().min(1)).default({}),
    grain: z.enum(['day', 'month']).default('month'),
    outcomeMetric: z.string().min(1).optional(),
    outcomeApp: z.string().min(1).optional(),
    targetModel: z.string().min(1).optional(),
    inputRatio: z.number().positive().max(10).optional(),
    outputRatio: z.number().positive().max(10).optional(),
    limit: z.number().int().min(1).max(200).default(20),
  })
  .strict();

type Args = z.infer<typeof AiSpendArgs>;

const at = (index: number) => ({ kind: 'analysis' as const, index });

async function spendView(ctx: Parameters<AssistantTool['run']>[0], a: Args): Promise<ToolResult> {
  const r = await aiSpend(ctx.wh, {
    groupBy: a.groupBy,
    from: a.from,
    to: a.to,
    filters: a.filters,
    limit: a.limit,
  });
  const values: AnswerValue[] = [
    { label: 'LLM spend (token-priced)', value: r.total.cost, unit: 'USD', source: at(0) },
    { label: 'unpriced usage events', value: r.total.unpricedEvents, unit: 'count', source: at(0) },
    { label: 'cache savings', value: r.total.cacheSavings, unit: 'USD', source: at(0) },
    ...r.rows.map((x) => ({
      label: a.groupBy.map((d) => x.key[d] ?? '(none)').join(' · '),
      value: x.cost,
      unit: 'USD',
      source: at(0),
    })),
  ];
  const top = r.rows[0];
  return {
    summary: `LLM spend ${r.total.cost} USD${top ? `; largest ${a.groupBy.join('/')}: ${a.groupBy.map((d) => top.key[d] ?? '(none)').join(' · ')} at ${top.cost} USD` : ''}${r.total.unpricedEvents ? `; ${r.total.unpricedEvents} unpriced usage events not included` : ''}.`,
    values,
    sql: [r.sql],
    data: r,
  };
}

export const aiSpendTool: AssistantTool<Args> = {
  name: 'ai_spend',
  description:
    'LLM/AI spend from usage logs (OpenAI, Anthropic, Bedrock, Azure OpenAI, LiteLLM, OTel). view=spend: cost by groupBy (model, provider, team, app, feature, user, environment, project, day, month); view=unit_cost: cost per request / 1k tokens / conversation / successful task (outcomeMetric, e.g. "requests", with outcomeApp); view=what_if: the same usage priced on targetModel (inputRatio/outputRatio = token ratio assumption, default 1); view=reconciliation: token-priced usage vs invoice lines. filters: { app: "assistant" }. Dates YYYY-MM-DD, to exclusive.',
  inputSchema: AiSpendArgs,
  minRole: 'viewer',
  async run(ctx, a) {
    const scope = { from: a.from, to: a.to, filters: a.filters };
    if (a.view === 'unit_cost') {
      const u = await aiUnitCost(ctx.wh, {
        ...scope,
        grain: a.grain,
        outcomeMetric: a.outcomeMetric,
        outcomeApp: a.outcomeApp,
      });
      const t = u.total;
      const values: AnswerValue[] = [
        { label: 'LLM cost', value: t.cost, unit: 'USD', source: at(0) },
        ...(t.costPerRequest
          ? [{ label: 'cost per request', value: t.costPerRequest, unit: 'USD', source: at(0) }]
          : []),
        ...(t.costPer1kTokens
          ? [{ label: 'cost per 1k tokens', value: t.costPer1kTokens, unit: 'USD', source: at(0) }]
          : []),
        ...(t.costPerOutcome
          ? [
              {
                label: `cost per ${a.outcomeMetric}`,
                value: t.costPerOutcome,
                unit: 'USD',
                source: at(0),
              },
            ]
          : []),
      ];
      return {
        summary: `LLM cost ${t.cost} USD${t.costPerRequest ? `, ${t.costPerRequest} USD per request` : ''}${t.costPer1kTokens ? `, ${t.costPer1kTokens} USD per 1k tokens` : ''}${t.costPerOutcome ? `, ${t.costPerOutcome} USD per ${a.outcomeMetric}` : ''}.`,
        values,
        sql: u.sql,
        data: u,
      };
    }
    if (a.view === 'what_if') {
      if (!a.targetModel) {
        return {
          summary: 'Name the model to price the workload on (targetModel).',
          values: [],
          data: { needs: 'targetModel' },
        };
      }
      const w = await modelSwitchWhatIf(ctx.wh, {
        ...scope,
        targetModel: a.targetModel,
        inputRatio: a.inputRatio,
        outputRatio: a.outputRatio,
      });
      return {
        summary: `On ${w.target.model} the same usage would cost ${w.projectedCost} USD instead of ${w.currentCost} USD (change ${w.delta} USD). Assumes ${w.assumptions[0]}.`,
        values: [
          { label: 'current cost', value: w.currentCost, unit: 'USD', source: at(0) },
          {
            label: `projected cost on ${w.target.model}`,
            value: w.projectedCost,
            unit: 'USD',
            source: at(0),
          },
          { label: 'change', value: w.delta, unit: 'USD', source: at(0) },
          {
            label: 'input token ratio (assumed)',
            value: a.inputRatio ?? 1,
            unit: 'ratio',
            source: at(0),
          },
          {
            label: 'output token ratio (assumed)',
            value: a.outputRatio ?? 1,
            unit: 'ratio',
            source: at(0),
          },
        ],
        sql: [w.sql],
        data: w,
      };
    }
    if (a.view === 'reconciliation') {
      const r = await aiReconciliation(ctx.wh, { from: a.from, to: a.to });
      return {
        summary: r.providers.length
          ? r.providers
              .map(
                (p) =>
                  `${p.provider}: usage ${p.usageCost} USD vs invoice ${p.invoiceCost} USD over ${p.overlapDays} days, gap ${p.gap} USD`,
              )
              .join('; ') + '.'
          : 'No LLM usage or invoice lines to reconcile.',
        values: r.providers.flatMap((p) => [
          {
            label: `${p.provider} token-priced usage`,
            value: p.usageCost,
            unit: 'USD',
            source: at(0),
          },
          { label: `${p.provider} invoice`, value: p.invoiceCost, unit: 'USD', source: at(0) },
          { label: `${p.provider} gap`, value: p.gap, unit: 'USD', source: at(0) },
          {
            label: `${p.provider} days compared`,
            value: p.overlapDays,
            unit: 'count',
            source: at(0),
          },
        ]),
        sql: [r.sql],
        data: r,
      };
    }
    return spendView(ctx, a);
  },
};
