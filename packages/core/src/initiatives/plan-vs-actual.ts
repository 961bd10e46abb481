/**
 * Plan vs actual for an initiative, by month and category: cloud (and AI) spend from FOCUS through
 * the semantic layer — one query per mapping, since an initiative's spend is the union of its
 * mappings — plus the people time and other costs entered, with a forecast to completion for the
 * months still ahead (issue 6's forecaster per mapping). Mappings that overlap would count the
 * same dollars twice: each overlap is measured (a query over both mappings' filters together),
 * reported, and subtracted once — never silently summed. The actuals are also split into lines:
 * cloud spend, LLM spend by model (the semantic `model` dimension), people time, other costs, and
 * a memo line of GPU idle cost, a breakdown of GPU spend already in the lines above (not added).
 */
import { addDec, decToNumber, fromNumber, mulDec, subDec } from '../anomaly/decimal.ts';
import { dataDayRange } from '../anomaly/cost-series.ts';
import { forecastQuery } from '../forecast/forecast-query.ts';
import { addDays } from '../forecast/period-projection.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { Filter, SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { BudgetCategory, Initiative, InitiativeMapping } from './definition.ts';
import { BUDGET_CATEGORIES, monthsOf } from './definition.ts';
import { gpuIdleByMonth } from './gpu-idle.ts';
import { benefitMoneyByMonth } from './measured-benefits.ts';
import type { BenefitMeasurement } from './measured-benefits.ts';
import { checkPlan } from './planner.ts';
import type { MonthlyFlow } from './roi.ts';

const METRIC = 'effective_cost';

export interface Overlap {
  /** Mapping indexes (or `initiative#index` across initiatives). */
  a: string;
  b: string;
  /** Spend both mappings cover in the period. */
  amount: string;
}

export interface MonthRow {
  month: string;
  plan: string;
  /** Actual to date (null for months after the data ends). */
  actual: string | null;
  /** Forecast for months (or the rest of a month) after the data ends. */
  forecast: string;
  byCategory: Partial<Record<BudgetCategory, string>>;
}

/** One line of the actuals, month by month. */
export interface ActualLine {
  /** `cloud`, `llm:<model>`, `people_time`, `other`, or `gpu_idle`. */
  key: string;
  label: string;
  /** `cost`: part of the actuals (lines sum to them); `memo`: a breakdown of cost already counted. */
  kind: 'cost' | 'memo';
  byMonth: Record<string, string>;
  total: string;
}

export interface PlanVsActual {
  initiative: string;
  currency: string;
  months: MonthRow[];
  planTotal: string;
  actualToDate: string;
  forecastToCompletion: string;
  /**
   * Actual for the months the data has closed, then for the month in progress and later months
   * the larger of the plan and actual + forecast: a month's plan is assumed spent unless the
   * forecast says more will be. Conservative, as a CFO expects.
   */
  estimateAtCompletion: string;
  byCategory: Record<BudgetCategory, { plan: string; actual: string }>;
  /** The actuals by source: cloud, each LLM model, people time, other; then memo lines. */
  lines: ActualLine[];
  overlaps: Overlap[];
  /** The last day of billing data the actuals include. */
  dataThrough: string | null;
  /** The queries behind the cloud numbers, to cite. */
  evidence: SemanticQuery[];
  notes: string[];
}

const filtersOf = (m: InitiativeMapping): Filter[] =>
  m.filters.map((f) => ({ dimension: f.dimension, op: 'eq' as const, value: f.value }));

/** Two mappings that pin one dimension to different values can share no spend. */
function disjoint(a: InitiativeMapping, b: InitiativeMapping): boolean {
  return a.filters.some((fa) =>
    b.filters.some((fb) => fa.dimension === fb.dimension && fa.value !== fb.value),
  );
}

const nextDay = (d: string) => addDays(d, 1);

/** A mapping's spend by month, and by month and line (`cloud` or `llm:<model>`). */
async function monthly(
  wh: Warehouse,
  filters: Filter[],
  range: { start: string; end: string },
): Promise<{
  byMonth: Map<string, string>;
  byLine: { month: string; line: string; value: string }[];
  query: SemanticQuery;
}> {
  const query: SemanticQuery = {
    metric: METRIC,
    filters,
    groupBy: ['model'],
    timeRange: range,
    grain: 'month',
  };
  const r = await runQuery(wh, query);
  const byMonth = new Map<string, string>();
  const byLine: { month: string; line: string; value: string }[] = [];
  for (const row of r.rows) {
    const v = row[METRIC];
    if (v === null || v === undefined) continue;
    const month = String(row['period']).slice(0, 7);
    const model = row['model'];
    byMonth.set(month, addDec(byMonth.get(month) ?? '0', String(v)));
    byLine.push({ month, line: model == null ? 'cloud' : `llm:${model}`, value: String(v) });
  }
  return { byMonth, byLine, query };
}

/** Spend two mappings both cover, month by month (empty when they cannot overlap). */
async function overlapOf(
  wh: Warehouse,
  a: InitiativeMapping,
  b: InitiativeMapping,
  range: { start: string; end: string },
): Promise<Pick<Awaited<ReturnType<typeof monthly>>, 'byMonth' | 'byLine'>> {
  if (disjoint(a, b)) return { byMonth: new Map(), byLine: [] };
  return monthly(wh, [...filtersOf(a), ...filtersOf(b)], range);
}

/**
 * Plan vs actual with forecast to completion.
 * @example await planVsActual(wh, initiative, { now: new Date() })
 */
export async function planVsActual(
  wh: Warehouse,
  def: Initiative,
  opts: { forecast?: boolean } = {},
): Promise<PlanVsActual> {
  const months = monthsOf(def.start, def.end);
  const range = { start: def.start, end: nextDay(def.end) };
  const notes: string[] = [];
  const evidence: SemanticQuery[] = [];
  const dataThrough = (await dataDayRange(wh))?.last ?? null;

  const cat = (m: InitiativeMapping): BudgetCategory => m.category ?? 'inference_and_platform';
  const actual = new Map<string, Map<BudgetCategory, string>>(months.map((m) => [m, new Map()]));
  const add = (month: string, c: BudgetCategory, v: string) => {
    const row = actual.get(month);
    if (row) row.set(c, addDec(row.get(c) ?? '0', v));
  };
  const lines = new Map<string, Map<string, string>>();
  const addLine = (line: string, month: string, v: string) => {
    if (!actual.has(month)) return;
    const m = lines.get(line) ?? new Map<string, string>();
    m.set(month, addDec(m.get(month) ?? '0', v));
    lines.set(line, m);
  };
  for (const m of def.mappings) {
    const r = await monthly(wh, filtersOf(m), range);
    evidence.push(r.query);
    for (const [month, v] of r.byMonth) add(month, cat(m), v);
    for (const x of r.byLine) addLine(x.line, x.month, x.value);
  }
  const overlaps: Overlap[] = [];
  for (let i = 0; i < def.mappings.length; i++) {
    for (let j = i + 1; j < def.mappings.length; j++) {
      const both = await overlapOf(wh, def.mappings[i]!, def.mappings[j]!, range);
      const total = [...both.byMonth.values()].reduce((s, v) => addDec(s, v), '0');
      if (decToNumber(total) === 0) continue;
      overlaps.push({ a: String(i), b: String(j), amount: total });
      // Counted once: take the shared dollars back out of the later mapping's category.
      for (const [month, v] of both.byMonth) add(month, cat(def.mappings[j]!), subDec('0', v));
      for (const x of both.byLine) addLine(x.line, x.month, subDec('0', x.value));
    }
  }
  if (overlaps.length > 0) {
    notes.push(
      `${overlaps.length} pair(s) of mappings cover the same spend; it is counted once (pairwise: three mappings sharing the same dollars would need the overlap narrowed).`,
    );
  }
  for (const p of def.peopleTime) {
    add(p.month, p.category, mulDec(p.hours, p.loadedRate));
    addLine('people_time', p.month, mulDec(p.hours, p.loadedRate));
  }
  for (const o of def.otherCosts) {
    add(o.month, o.category, o.amount);
    addLine('other', o.month, o.amount);
  }
  const idle = await gpuIdleByMonth(wh, def);
  notes.push(...idle.notes);

  // Forecast to completion: the daily forecasts summed over the days left.
  const forecastByMonth = new Map<string, string>();
  if (opts.forecast !== false && dataThrough && dataThrough < def.end && def.mappings.length > 0) {
    const horizon = Math.min(
      1100,
      Math.round((Date.parse(def.end) - Date.parse(dataThrough)) / 86_400_000) + 7,
    );
    // Each mapping's forecast, minus each overlapping pair's (the same dollars, counted once).
    const slices: { filters: Filter[]; sign: 1 | -1 }[] = [
      ...def.mappings.map((m) => ({ filters: filtersOf(m), sign: 1 as const })),
      ...overlaps.map((o) => ({
        filters: [
          ...filtersOf(def.mappings[Number(o.a)]!),
          ...filtersOf(def.mappings[Number(o.b)]!),
        ],
        sign: -1 as const,
      })),
    ];
    for (const slice of slices) {
      const f = await forecastQuery(
        wh,
        { metric: METRIC, filters: slice.filters },
        { horizonDays: horizon },
      );
      for (const p of f.forecast) {
        if (p.date <= (f.asOf ?? dataThrough) || p.date > def.end || p.date < def.start) continue;
        const key = p.date.slice(0, 7);
        const v = fromNumber(Math.max(p.mean, 0) * slice.sign);
        forecastByMonth.set(key, addDec(forecastByMonth.get(key) ?? '0', v));
      }
    }
  }

  const plan = checkPlan(def);
  const planPerMonth = months.length > 0 ? decToNumber(plan.total) / months.length : 0;
  notes.push('The plan is the budget spread evenly over the initiative’s months.');
  const dataMonth = dataThrough?.slice(0, 7) ?? '';
  let planSoFar = '0';
  const rows: MonthRow[] = months.map((month, i) => {
    // Spread exactly: each month gets the rounded cumulative share minus what came before.
    const cumulative = i === months.length - 1 ? plan.total : fromNumber(planPerMonth * (i + 1));
    const monthPlan = subDec(cumulative, planSoFar);
    planSoFar = cumulative;
    const cats = actual.get(month)!;
    const total = [...cats.values()].reduce((s, v) => addDec(s, v), '0');
    const ahead = dataThrough === null || month > dataMonth;
    return {
      month,
      plan: monthPlan,
      actual: ahead ? (total === '0' ? null : total) : total,
      forecast: forecastByMonth.get(month) ?? '0',
      byCategory: Object.fromEntries(cats),
    };
  });
  const actualToDate = rows.reduce((s, r) => addDec(s, r.actual ?? '0'), '0');
  const forecastToCompletion = rows.reduce((s, r) => addDec(s, r.forecast), '0');
  const closed = closedThrough(dataThrough);
  const estimateAtCompletion = rows.reduce((s, r) => addDec(s, monthEstimate(r, closed)), '0');
  const byCategory = Object.fromEntries(
    BUDGET_CATEGORIES.map((c) => [
      c,
      {
        plan: plan.byCategory[c],
        actual: rows.reduce((s, r) => addDec(s, r.byCategory[c] ?? '0'), '0'),
      },
    ]),
  ) as PlanVsActual['byCategory'];
  return {
    initiative: def.id,
    currency: def.currency,
    months: rows,
    planTotal: plan.total,
    actualToDate,
    forecastToCompletion,
    estimateAtCompletion,
    byCategory,
    lines: actualLines(lines, idle.byMonth, def.gpuWorkloads.length > 0),
    overlaps,
    dataThrough,
    evidence,
    notes,
  };
}

const LINE_ORDER = (key: string) =>
  key === 'cloud' ? 0 : key.startsWith('llm:') ? 1 : key === 'people_time' ? 2 : 3;

function lineLabel(key: string): string {
  if (key === 'cloud') return 'Cloud spend (billing data)';
  if (key.startsWith('llm:')) return `LLM spend: ${key.slice(4)}`;
  return key === 'people_time' ? 'People time (hours × loaded rate)' : 'Other costs entered';
}

/** Cost lines in a fixed order (LLM models by name), then the GPU idle memo when asked for. */
function actualLines(
  lines: Map<string, Map<string, string>>,
  gpuIdle: Map<string, string>,
  withIdle: boolean,
): ActualLine[] {
  const line = (key: string, label: string, kind: ActualLine['kind'], m: Map<string, string>) => ({
    key,
    label,
    kind,
    byMonth: Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b))),
    total: [...m.values()].reduce((s, v) => addDec(s, v), '0'),
  });
  const out = [...lines.keys()]
    .sort((a, b) => LINE_ORDER(a) - LINE_ORDER(b) || a.localeCompare(b))
    .map((k) => line(k, lineLabel(k), 'cost', lines.get(k)!))
    .filter((l) => decToNumber(l.total) !== 0 || Object.keys(l.byMonth).length > 0);
  if (withIdle) {
    out.push(line('gpu_idle', 'of which GPU idle (memo, not added)', 'memo', gpuIdle));
  }
  return out;
}

/** Monthly benefits from the definition: quantity × unit value in each month it applies. */
export function benefitFlows(def: Initiative): Map<string, string> {
  return benefitMoneyByMonth(def);
}

/** The last month the data covers completely (`YYYY-MM`), or '' when none. */
function closedThrough(dataThrough: string | null): string {
  if (!dataThrough) return '';
  const month = dataThrough.slice(0, 7);
  return nextDay(dataThrough).slice(0, 7) !== month ? month : monthsBefore(month);
}

const monthsBefore = (month: string) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** A month's expected cost: actual once closed, else the larger of plan and actual + forecast. */
function monthEstimate(r: MonthRow, closed: string): string {
  const expected = addDec(r.actual ?? '0', r.forecast);
  if (closed && r.month <= closed) return r.actual ?? '0';
  return decToNumber(expected) > decToNumber(r.plan) ? expected : r.plan;
}

/**
 * Costs and benefits per month over the initiative and its benefits. `estimate` (default): the
 * estimate-at-completion rule (actuals, then max(plan, actual + forecast)); `plan`: the plan alone.
 * Benefits are planned, or with `measured`, measured where the KPI's metric has closed months.
 */
export function cashFlows(
  def: Initiative,
  pva: PlanVsActual,
  basis: 'estimate' | 'plan' = 'estimate',
  measured?: readonly BenefitMeasurement[],
): MonthlyFlow[] {
  const benefits = benefitMoneyByMonth(def, measured);
  const closed = closedThrough(pva.dataThrough);
  const costs = new Map(
    pva.months.map((m) => [m.month, basis === 'plan' ? m.plan : monthEstimate(m, closed)] as const),
  );
  const all = [...new Set([...costs.keys(), ...benefits.keys()])].sort();
  return all.map((month) => ({
    month,
    cost: costs.get(month) ?? '0',
    benefit: benefits.get(month) ?? '0',
  }));
}

/**
 * Spend claimed by two initiatives at once (pairwise across their mappings) over their common
 * period: reported so a portfolio total never counts the same dollars twice unnoticed.
 */
export async function portfolioOverlaps(
  wh: Warehouse,
  defs: readonly Initiative[],
): Promise<Overlap[]> {
  const out: Overlap[] = [];
  for (let x = 0; x < defs.length; x++) {
    for (let y = x + 1; y < defs.length; y++) {
      const a = defs[x]!;
      const b = defs[y]!;
      const start = a.start > b.start ? a.start : b.start;
      const end = a.end < b.end ? a.end : b.end;
      if (end < start) continue;
      for (const [i, ma] of a.mappings.entries()) {
        for (const [j, mb] of b.mappings.entries()) {
          const both = await overlapOf(wh, ma, mb, { start, end: nextDay(end) });
          const total = [...both.byMonth.values()].reduce((s, v) => addDec(s, v), '0');
          if (decToNumber(total) !== 0) {
            out.push({ a: `${a.id}#${i}`, b: `${b.id}#${j}`, amount: total });
          }
        }
      }
    }
  }
  return out;
}
