/**
 * Two AI initiatives for the demo company, so the Initiatives page opens with a portfolio: search
 * query rewriting on Bedrock (a balanced plan) and the ML team's SageMaker platform (a plan that is
 * mostly inference — the checklist flags it; it also claims the ML team's GPU hosts, whose idle
 * cost shows as a memo line). When the store holds LLM API spend by model, a third: the support
 * assistant, mapped by model, with a KPI measured by the `orders` business metric. Dates follow the
 * data's last day; budgets are sized from each mapping's own recent spend, so the plan is plausible
 * at any demo scale.
 */
import { fixedDec, fromNumber, mulDec } from '../anomaly/decimal.ts';
import { dataDayRange } from '../anomaly/cost-series.ts';
import { parseInitiative } from '../initiatives/definition.ts';
import type { BudgetCategory, Initiative } from '../initiatives/definition.ts';
import { setInitiative } from '../initiatives/initiative-store.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { Warehouse } from '../store/warehouse.ts';

const month = (d: Date) => d.toISOString().slice(0, 7);
const shift = (d: Date, months: number) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
const lastDayOf = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);

/** Monthly spend of a slice over the three months before `end` (a decimal string). */
async function runRate(
  wh: Warehouse,
  filters: { dimension: string; value: string }[],
  end: Date,
): Promise<number> {
  const r = await runQuery(wh, {
    metric: 'effective_cost',
    filters: filters.map((f) => ({ ...f, op: 'eq' as const })),
    timeRange: {
      start: shift(end, -3).toISOString().slice(0, 10),
      end: shift(end, 0).toISOString().slice(0, 10),
    },
  });
  return Number(r.rows[0]?.['effective_cost'] ?? 0) / 3;
}

/** The two costliest LLM models of the three months before `end` (AI spend with a model). */
async function topModels(wh: Warehouse, end: Date): Promise<string[]> {
  const r = await runQuery(wh, {
    metric: 'effective_cost',
    groupBy: ['model'],
    filters: [{ dimension: 'model', op: 'is_not_null' }],
    timeRange: {
      start: shift(end, -3).toISOString().slice(0, 10),
      end: end.toISOString().slice(0, 10),
    },
    orderBy: [{ field: 'effective_cost', direction: 'desc' }],
    limit: 2,
    other: false,
  });
  return r.rows.map((x) => String(x['model']));
}

/** Average monthly total of a business metric over the three months before `end` (0 if none). */
async function metricRate(wh: Warehouse, metric: string, end: Date): Promise<number> {
  const [r] = await wh.query<{ v: string | null }>(
    `SELECT CAST(sum(value) AS VARCHAR) AS v FROM business_metric
     WHERE metric = $1 AND "date" >= CAST($2 AS DATE) AND "date" < CAST($3 AS DATE)`,
    [metric, shift(end, -3).toISOString().slice(0, 10), end.toISOString().slice(0, 10)],
  );
  return Number(r?.v ?? 0) / 3;
}

function budget(total: number, shares: [BudgetCategory, number][]) {
  return shares.map(([category, share]) => ({
    category,
    amount: fixedDec(fromNumber(total * share), 0),
  }));
}

/** Stores the demo initiatives (replacing earlier ones); returns their ids. */
export async function saveDemoInitiatives(wh: Warehouse): Promise<string[]> {
  const span = await dataDayRange(wh);
  if (!span) return [];
  const last = new Date(`${span.last}T00:00:00Z`);
  const start = shift(last, -8);
  const end = shift(last, 3);
  const searchMap = [
    { dimension: 'service', value: 'Amazon Bedrock' },
    { dimension: 'tag:app', value: 'search-api' },
  ];
  const mlMap = [
    { dimension: 'service', value: 'Amazon SageMaker' },
    { dimension: 'tag:team', value: 'ml' },
  ];
  const months = 12;
  const searchRate = Math.max(await runRate(wh, searchMap, shift(last, 0)), 100);
  // The ML team's GPU hosts (from the GPU host map) belong to its platform: their bill lines are
  // mapped by resource id, and their idle cost is the memo line under plan vs actual.
  const gpuHosts = await wh.query<{ hostname: string; resource_id: string }>(
    `SELECT hostname, resource_id FROM gpu_host WHERE team = $1 ORDER BY hostname LIMIT 4`,
    ['ml'],
  );
  const hostMaps = gpuHosts.map((h) => [{ dimension: 'resource_id', value: h.resource_id }]);
  let mlRate = await runRate(wh, mlMap, shift(last, 0));
  for (const m of hostMaps) mlRate += await runRate(wh, m, shift(last, 0));
  mlRate = Math.max(mlRate, 100);
  // The inference line covers a year at today's run-rate plus 10 % (search) or 5 % (ml).
  const searchTotal = (searchRate * months * 1.1) / 0.3;
  const mlTotal = (mlRate * months * 1.05) / 0.8;
  // Redirected people time, sized like the rest from the run-rate (the demo's scale varies).
  const hours = (m: number, share: number) => ({
    month: month(shift(start, m)),
    category: 'people_time' as const,
    hours: String(Math.max(1, Math.round((searchRate * share) / 92))),
    loadedRate: '92',
    team: 'search',
  });
  const defs: Initiative[] = [
    parseInitiative({
      id: 'search-query-rewriting',
      name: 'Search query rewriting (Claude on Bedrock)',
      owner: 'search-lead@fernhill.example',
      start: `${month(start)}-01`,
      end: lastDayOf(end),
      discountRatePct: 8,
      mappings: [{ filters: searchMap, label: 'Bedrock for search-api' }],
      budget: budget(searchTotal, [
        ['data_preparation', 0.32],
        ['integration_and_training', 0.22],
        ['inference_and_platform', 0.3],
        ['governance', 0.04],
        ['experimentation', 0.06],
        ['finops_capacity', 0.02],
        ['change_management', 0.02],
        ['people_time', 0.02],
      ]),
      peopleTime: [hours(0, 0.6), hours(1, 0.4), hours(2, 0.2)],
      benefits: [
        {
          order: 1,
          description: 'Searches that now find an answer instead of a support ticket',
          kpi: 'tickets_deflected',
          unitValue: '7.40',
          monthlyQuantity: fixedDec(fromNumber((searchRate * 3) / 7.4), 0),
          from: month(shift(start, 2)),
          to: month(shift(end, 12)),
          confidence: 'medium',
          source: 'helpdesk deflection report',
        },
        {
          order: 2,
          description: 'Search conversion uplift',
          kpi: 'revenue',
          unitValue: '1',
          monthlyQuantity: fixedDec(mulDec(fromNumber(searchRate), '1.5'), 0),
          from: month(shift(start, 3)),
          to: month(shift(end, 12)),
          confidence: 'low',
          source: 'A/B test dashboard (search)',
        },
      ],
      otherCosts: [
        {
          month: month(shift(start, 1)),
          category: 'governance',
          amount: fixedDec(fromNumber(searchRate * 0.5), 0),
          note: 'model risk review',
        },
      ],
    }),
    parseInitiative({
      id: 'ml-platform',
      name: 'ML training platform (SageMaker)',
      owner: 'ml-lead@fernhill.example',
      start: `${month(start)}-01`,
      end: lastDayOf(end),
      discountRatePct: 10,
      mappings: [
        { filters: mlMap, label: 'SageMaker for team ml' },
        ...hostMaps.map((filters, i) => ({
          filters,
          label: `GPU host ${gpuHosts[i]!.hostname}`,
        })),
      ],
      gpuWorkloads: gpuHosts.map((h) => ({ host: h.hostname })),
      budget: budget(mlTotal, [
        ['inference_and_platform', 0.8],
        ['data_preparation', 0.12],
        ['experimentation', 0.08],
      ]),
      benefits: [
        {
          order: 1,
          description: 'Data-science hours saved by managed training',
          kpi: 'hours_saved',
          unitValue: '85',
          monthlyQuantity: fixedDec(fromNumber((mlRate * 1.4) / 85), 0),
          from: month(shift(start, 1)),
          confidence: 'medium',
          source: 'time tracking (ml team)',
        },
      ],
    }),
  ];
  const models = await topModels(wh, shift(last, 0));
  if (models.length > 0) {
    const maps = models.map((m) => [{ dimension: 'model', value: m }]);
    let rate = 0;
    for (const m of maps) rate += await runRate(wh, m, shift(last, 0));
    rate = Math.max(rate, 100);
    const orders = await metricRate(wh, 'orders', shift(last, 0));
    defs.push(
      parseInitiative({
        id: 'support-assistant',
        name: 'Support assistant (OpenAI API)',
        owner: 'support-lead@fernhill.example',
        start: `${month(start)}-01`,
        end: lastDayOf(end),
        mappings: maps.map((filters, i) => ({ filters, label: `LLM spend on ${models[i]}` })),
        budget: budget((rate * months * 1.1) / 0.35, [
          ['data_preparation', 0.3],
          ['integration_and_training', 0.2],
          ['inference_and_platform', 0.35],
          ['governance', 0.05],
          ['experimentation', 0.05],
          ['finops_capacity', 0.02],
          ['change_management', 0.03],
        ]),
        benefits: [
          {
            order: 1,
            description: 'Support tickets the assistant answers without an agent',
            kpi: 'tickets_deflected',
            unitValue: '6.80',
            monthlyQuantity: fixedDec(fromNumber((rate * 2.5) / 6.8), 0),
            from: month(shift(start, 2)),
            confidence: 'medium',
            source: 'helpdesk deflection report',
          },
          ...(orders > 0
            ? [
                {
                  order: 2 as const,
                  description: 'Orders kept flowing: margin protected per checkout order',
                  kpi: 'orders',
                  // Sized so the protected margin is about the assistant's monthly spend.
                  unitValue: (rate / orders).toFixed(6),
                  monthlyQuantity: fixedDec(fromNumber(orders), 0),
                  from: month(shift(start, 1)),
                  confidence: 'low' as const,
                  source: 'business metric: orders',
                  metric: 'orders',
                },
              ]
            : []),
        ],
      }),
    );
  }
  for (const d of defs) await setInitiative(wh, d, { actor: 'system:demo' });
  return defs.map((d) => d.id);
}
