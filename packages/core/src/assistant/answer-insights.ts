/**
 * Answers that come from analyses rather than one query: why a cost moved (driver analysis and
 * the anomalies touching it), forecasts, budgets, anomaly and recommendation lists, unit costs and
 * data quality. Each records the analysis call in `analyses` and states only numbers the analysis
 * returned (money as exact decimals; float estimates only through the modules' own rounding).
 */
import { addDec, compareDec, fromNumber } from '../anomaly/decimal.ts';
import { dataDayRange } from '../anomaly/cost-series.ts';
import { rankDrivers } from '../anomaly/drivers.ts';
import { listAnomalies } from '../anomaly/anomaly-store.ts';
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import { SCOPE_DIMENSIONS } from '../anomaly/scope-sql.ts';
import { budgetStatus } from '../budget/budget-status.ts';
import { listBudgets } from '../budget/budget-store.ts';
import { forecastQuery } from '../forecast/forecast-query.ts';
import { listUnitMetrics } from '../metrics/unit-metrics.ts';
import { qualityReport } from '../quality/quality-report.ts';
import { listRecommendations } from '../recommend/recommendation-store.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { SemanticQuery } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Answer } from './answer-costs.ts';
import { quote, scopeText, sentence, Values } from './answer-text.ts';
import { dimensionLabel } from './entity-match.ts';
import type { ParsedQuestion } from './parse-question.ts';
import { addDays } from './time-expressions.ts';
import { findTool } from './tools/registry.ts';
import type { AnalysisCall } from './types.ts';

const analysis = (index: number) => ({ kind: 'analysis' as const, index });

function overlaps(a: Anomaly, start: string, endExclusive: string): boolean {
  return a.startDay < endExclusive && a.endDay >= start;
}

function touches(a: Anomaly, p: ParsedQuestion): boolean {
  if (p.filters.length === 0) return true;
  const wanted = p.filters.flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]));
  const text = `${a.monitorName} ${a.monitorId}`.toLowerCase();
  return wanted.some(
    (w) =>
      typeof w === 'string' &&
      (text.includes(w.toLowerCase()) || a.drivers.some((d) => d.value === w)),
  );
}

/** "Why did EC2 go up last week?" — drivers against the weeks before, and anomalies in range. */
export async function answerWhy(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const v = new Values();
  const span = await dataDayRange(wh);
  if (!span)
    return {
      intent: 'why',
      answer: 'No cost data is stored yet.',
      values: [],
      queries: [],
      sql: [],
    };
  const scopeOk = p.filters.every(
    (f) =>
      (SCOPE_DIMENSIONS as readonly string[]).includes(f.dimension) ||
      f.dimension.startsWith('tag:'),
  );
  if (!scopeOk) {
    return unsupported(
      `explaining changes within ${p.filters.map((f) => dimensionLabel(f.dimension)).join(', ')} is not supported; ask about a provider, account, service, region, team or tag`,
    );
  }
  // Default: the last 7 days of data.
  const range = p.timeGiven
    ? p.time.range
    : { start: addDays(span.last, -6), end: addDays(span.last, 1) };
  const end = [addDays(range.end, -1), span.last].sort()[0]!;
  const metric = ['effective_cost', 'billed_cost', 'list_cost', 'contracted_cost'].includes(
    p.metric,
  )
    ? p.metric
    : 'effective_cost';
  const filters = p.filters.map((f) => ({ ...f }));
  const call: AnalysisCall = {
    tool: 'explain_change',
    args: { metric, start: range.start, end, filters },
  };
  const result = await rankDrivers(wh, {
    metric,
    filters,
    start: range.start,
    end,
    firstDay: span.first,
    limit: 5,
  });
  const anomalies = (await listAnomalies(wh, { limit: 200 })).filter(
    (a) => overlaps(a, range.start, addDays(end, 1)) && touches(a, p),
  );
  const analyses: AnalysisCall[] = [
    call,
    { tool: 'list_anomalies', args: { from: range.start, to: end } },
  ];
  const scope = scopeText(p.filterLabels);
  const when = range.start === end ? range.start : `${range.start} to ${end}`;
  const sign = compareDec(result.totalDeltaUsd, '0');
  const deltaText = v.money(
    `change in ${metric}${scope}, ${when}, vs baseline`,
    result.totalDeltaUsd,
    analysis(0),
    { abs: true },
  );
  const moved = sign === 0 ? 'did not change' : `went ${sign > 0 ? 'up' : 'down'} ${deltaText}`;
  const asked = p.direction === 'down' ? -1 : 1;
  const note =
    sign !== 0 && sign !== asked
      ? ` (it went ${sign > 0 ? 'up' : 'down'}, not ${p.direction})`
      : '';
  const drivers = result.drivers.slice(0, 3).map((d) => {
    const t = v.money(
      `driver ${d.dimension}=${d.value ?? '(none)'} change`,
      d.deltaUsd,
      analysis(0),
      { abs: true },
    );
    return `${dimensionLabel(d.dimension)} ${quote(d.value)} ${compareDec(d.deltaUsd, '0') >= 0 ? '+' : '-'}${t}`;
  });
  const parts = [
    `${sentence(p.metricLabel)}${scope} ${moved} over ${when} against its baseline (the same weekdays of the four weeks before, or the four weeks before scaled to the same length)${note}.`,
    drivers.length ? `Biggest drivers: ${drivers.join('; ')}.` : 'No single driver stands out.',
  ];
  if (anomalies.length > 0) {
    const list = anomalies
      .slice(0, 3)
      .map(
        (a) =>
          `${quote(a.title)} (impact ${v.money(`anomaly ${a.id} "${a.title}" impact`, a.impactUsd, analysis(1), { abs: true })})`,
      );
    parts.push(`Anomalies in that range: ${list.join('; ')}.`);
  }
  return {
    intent: 'why',
    answer: parts.join(' '),
    values: v.list,
    queries: result.evidence,
    sql: [],
    analyses,
    table: {
      columns: ['dimension', 'value', 'change'],
      rows: result.drivers.map((d) => [d.dimension, d.value ?? '(none)', d.deltaUsd]),
    },
  };
}

/** "What will we spend this month?" — actual to date plus the forecast for the rest. */
export async function answerForecast(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const v = new Values();
  const metric = p.metric === 'savings' ? 'effective_cost' : p.metric;
  const f = await forecastQuery(wh, { metric, filters: p.filters }, { horizonDays: 400 });
  const analyses: AnalysisCall[] = [
    { tool: 'forecast', args: { metric, filters: p.filters, period: p.forecastPeriod } },
  ];
  const proj = f.projections.find((x) => x.period === (p.forecastPeriod ?? 'month'));
  const scope = scopeText(p.filterLabels);
  const query: SemanticQuery = {
    metric,
    ...(p.filters.length ? { filters: p.filters } : {}),
    grain: 'day',
  };
  if (!proj || !f.asOf) {
    return {
      intent: 'forecast',
      answer: `There is no ${p.metricLabel}${scope} to forecast from.`,
      values: [],
      queries: [query],
      sql: [f.sql],
      analyses,
    };
  }
  const period =
    p.forecastPeriod === 'quarter'
      ? 'this quarter'
      : p.forecastPeriod === 'year'
        ? 'this year'
        : 'this month';
  const projected = v.money(
    `projected ${metric}${scope}, ${proj.start} to ${addDays(proj.end, -1)}`,
    proj.projected,
    analysis(0),
  );
  const actual = v.money(`actual to ${f.asOf}`, proj.actualToDate, analysis(0));
  const rest = v.money(`forecast for the rest of the period`, proj.forecastRemainder, analysis(0));
  const lo = v.money('likely range low (80%)', proj.lo80, analysis(0));
  const hi = v.money('likely range high (80%)', proj.hi80, analysis(0));
  return {
    intent: 'forecast',
    answer: `Projected ${p.metricLabel}${scope} for ${period} (${proj.start} to ${addDays(proj.end, -1)}): ${projected} — ${actual} actual through ${f.asOf} plus ${rest} forecast (likely between ${lo} and ${hi}; model ${quote(f.model)}).`,
    values: v.list,
    queries: [query],
    sql: [f.sql],
    analyses,
    table: {
      columns: ['period', 'actual to date', 'forecast remainder', 'projected'],
      rows: [
        ...f.projections.map((x) => [
          `${x.period} ${x.start}`,
          x.actualToDate,
          x.forecastRemainder,
          x.projected,
        ]),
        ['model', f.model, '', ''],
      ],
    },
  };
}

/** "Are we over budget?" — every budget (or those matching the question) as of today. */
export async function answerBudget(wh: Warehouse, p: ParsedQuestion, now: Date): Promise<Answer> {
  const v = new Values();
  const all = await listBudgets(wh);
  if (all.length === 0) {
    return {
      intent: 'budget',
      answer: 'No budgets are defined yet; create one with `costlens budget create`.',
      values: [],
      queries: [],
      sql: [],
    };
  }
  const wanted = p.filters
    .flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]))
    .map((x) => String(x).toLowerCase());
  const q = p.filterLabels.length
    ? all.filter(
        (b) =>
          wanted.includes((b.scope.value ?? '').toLowerCase()) ||
          wanted.some((w) => b.name.toLowerCase().includes(w)),
      )
    : all;
  const budgets = q.length ? q : all;
  const analyses: AnalysisCall[] = [];
  const lines: string[] = [];
  const rows: string[][] = [];
  for (const b of budgets.slice(0, 10)) {
    const s = await budgetStatus(wh, b, { now });
    const i =
      analyses.push({
        tool: 'budget_status',
        args: { budget: b.name, now: now.toISOString().slice(0, 10) },
      }) - 1;
    const amount = v.money(`budget ${b.name} amount`, b.amount, analysis(i));
    const actual = v.money(`budget ${b.name} actual ${s.periodStart}..`, s.actual, analysis(i));
    const pct = v.percent(`budget ${b.name} actual %`, s.actualPct, analysis(i));
    const fc = v.money(`budget ${b.name} forecast at period end`, s.forecast.mean, analysis(i));
    const fpct = v.percent(`budget ${b.name} forecast %`, s.forecastPct, analysis(i));
    const state = {
      ok: 'on track',
      warning: 'past a warning threshold',
      forecast_over: 'forecast to go over',
      over: 'over budget',
    }[s.state];
    lines.push(
      `${quote(b.name)} (${b.period}ly, ${amount}): ${actual} spent (${pct}) since ${s.periodStart}, forecast ${fc} (${fpct}) at period end — ${state}.`,
    );
    rows.push([b.name, b.period, amount, actual, fc, s.state]);
  }
  return {
    intent: 'budget',
    answer: lines.join(' '),
    values: v.list,
    queries: [],
    sql: [],
    analyses,
    table: { columns: ['budget', 'period', 'amount', 'actual', 'forecast', 'state'], rows },
  };
}

/** "Any anomalies this week?" — open and acknowledged anomalies, biggest first. */
export async function answerAnomalies(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const v = new Values();
  const all = await listAnomalies(wh, { status: 'active', limit: 1000 });
  const inRange = all.filter(
    (a) => (!p.timeGiven || overlaps(a, p.time.range.start, p.time.range.end)) && touches(a, p),
  );
  const analyses: AnalysisCall[] = [
    {
      tool: 'list_anomalies',
      args: {
        status: 'active',
        ...(p.timeGiven ? { from: p.time.range.start, to: addDays(p.time.range.end, -1) } : {}),
      },
    },
  ];
  const when = p.timeGiven ? ` in ${p.time.label}` : '';
  if (inRange.length === 0) {
    return {
      intent: 'anomalies',
      answer: `No open anomalies${scopeText(p.filterLabels)}${when}.`,
      values: [],
      queries: [],
      sql: [],
      analyses,
    };
  }
  const n = v.count(`open anomalies${when}`, inRange.length, analysis(0));
  const sorted = [...inRange].sort(
    (a, b) => Math.abs(Number(b.impactUsd)) - Math.abs(Number(a.impactUsd)),
  );
  const top = sorted
    .slice(0, 3)
    .map(
      (a) =>
        `${quote(a.title)} ${v.money(`anomaly ${a.id} "${a.title}" impact`, a.impactUsd, analysis(0), { abs: true })}`,
    );
  return {
    intent: 'anomalies',
    answer: `${n} open ${inRange.length === 1 ? 'anomaly' : 'anomalies'}${scopeText(p.filterLabels)}${when}. The largest by impact: ${top.join('; ')}.`,
    values: v.list,
    queries: sorted.slice(0, 3).flatMap((a) => a.evidence.slice(0, 1)),
    sql: [],
    analyses,
    table: {
      columns: ['anomaly', 'severity', 'days', 'impact'],
      rows: sorted
        .slice(0, 20)
        .map((a) => [a.title, a.severity, `${a.startDay}..${a.endDay}`, a.impactUsd]),
    },
  };
}

/** "How much could we save?" — proposed and approved recommendations. */
export async function answerRecommendations(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const v = new Values();
  const recs = [
    ...(await listRecommendations(wh, { status: 'proposed' })),
    ...(await listRecommendations(wh, { status: 'approved' })),
  ].filter((r) => p.filters.length === 0 || touchesRec(r, p));
  const analyses: AnalysisCall[] = [
    { tool: 'list_recommendations', args: { status: ['proposed', 'approved'] } },
  ];
  if (recs.length === 0) {
    return {
      intent: 'recommendations',
      answer: `No open recommendations${scopeText(p.filterLabels)}; run \`costlens recommend run\` to look for some.`,
      values: [],
      queries: [],
      sql: [],
      analyses,
    };
  }
  let total = '0';
  for (const r of recs) total = addDec(total, fromNumber(r.estimatedMonthlySavingsUsd));
  const n = v.count('open recommendations', recs.length, analysis(0));
  const sum = v.money('estimated monthly savings, all open recommendations', total, analysis(0));
  const sorted = [...recs].sort(
    (a, b) => b.estimatedMonthlySavingsUsd - a.estimatedMonthlySavingsUsd,
  );
  const top = sorted
    .slice(0, 3)
    .map(
      (r) =>
        `${quote(r.title)} ${v.money(`recommendation ${r.id} monthly savings`, fromNumber(r.estimatedMonthlySavingsUsd), analysis(0))} a month`,
    );
  return {
    intent: 'recommendations',
    answer: `${n} open recommendations${scopeText(p.filterLabels)} would save an estimated ${sum} a month. The largest: ${top.join('; ')}.`,
    values: v.list,
    queries: sorted.slice(0, 3).flatMap((r) => r.evidence.slice(0, 1)),
    sql: [],
    analyses,
    table: {
      columns: ['recommendation', 'status', 'monthly savings'],
      rows: sorted
        .slice(0, 20)
        .map((r) => [r.title, r.status, fromNumber(r.estimatedMonthlySavingsUsd)]),
    },
  };
}

function touchesRec(
  r: { service: string; provider: string; targets: string[]; title: string },
  p: ParsedQuestion,
): boolean {
  const wanted = p.filters
    .flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]))
    .map((x) => String(x).toLowerCase());
  const hay = `${r.service} ${r.provider} ${r.title} ${r.targets.join(' ')}`.toLowerCase();
  return wanted.some(
    (w) => hay.includes(w) || (w.includes('elastic compute') && hay.includes('ec2')),
  );
}

/** "Cost per 1k requests last month" — a defined unit-cost metric over the range. */
export async function answerUnitCost(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const v = new Values();
  const units = await listUnitMetrics(wh);
  const per = (p.perWhat ?? '').replace(/^(1k|1,000|thousand)\s*/, '').replace(/s$/, '');
  const match = units.filter(
    (u) =>
      per &&
      (u.businessMetric.replace(/s$/, '').includes(per) ||
        u.id.includes(per) ||
        u.label.toLowerCase().includes(per)),
  );
  if (match.length === 0) {
    const names = units.map((u) => u.id);
    return {
      intent: 'unit_cost',
      answer: `I can't answer that yet: no unit-cost metric for "${per || 'that unit'}" is defined${names.length ? ` (defined: ${names.join(', ')})` : ''}. Define one with \`costlens metrics define\`.`,
      values: [],
      queries: [],
      sql: [],
    };
  }
  const u = match[0]!;
  const q: SemanticQuery = {
    metric: u.id,
    ...(p.filters.length ? { filters: p.filters } : {}),
    timeRange: { start: p.time.range.start, end: p.time.range.end },
  };
  const r = await runQuery(wh, q);
  const value = r.rows[0]?.[u.id];
  if (value === null || value === undefined) {
    return {
      intent: 'unit_cost',
      answer: `No ${u.label.toLowerCase()} for ${p.time.label}: no cost or no ${u.businessMetric} recorded then.`,
      values: [],
      queries: [q],
      sql: [r.sql],
    };
  }
  const n = Number(value);
  const text = v.number(`${u.label}${scopeText(p.filterLabels)}, ${p.time.label}`, n, 'USD', 4, {
    kind: 'query',
    index: 0,
  });
  return {
    intent: 'unit_cost',
    answer: `${u.label}${scopeText(p.filterLabels)} in ${p.time.label}: $${text} (${u.costMetric} divided by ${u.businessMetric}).`,
    values: v.list,
    queries: [q],
    sql: [r.sql],
  };
}

/** "How is our data quality?" — the quality report's score and top findings. */
export async function answerQuality(wh: Warehouse): Promise<Answer> {
  const v = new Values();
  const report = await qualityReport(wh);
  const s = report.summary;
  const a = analysis(0);
  const top = report.findings
    .slice(0, 3)
    .map(
      (f) =>
        `${quote(f.check)} (${f.severity}, ${v.count(`${f.id} rows affected`, f.rowsAffected, a)} rows)`,
    );
  return {
    intent: 'data_quality',
    answer: `Data quality score ${v.number('quality score', s.score, 'score', 1, a)} out of ${v.count('score scale', 100, a)}: ${v.count('errors', s.errors, a)} errors and ${v.count('warnings', s.warnings, a)} warnings over ${v.count('rows checked', s.rows, a)} rows.${top.length ? ` Top findings: ${top.join('; ')}.` : ''}`,
    values: v.list,
    queries: [],
    sql: [],
    analyses: [{ tool: 'data_quality', args: {} }],
    table: {
      columns: ['check', 'severity', 'rows'],
      rows: report.findings.slice(0, 20).map((f) => [f.check, f.severity, String(f.rowsAffected)]),
    },
  };
}

/** AI spend and GPU fleet questions go to their modules' tools once those exist. */
export async function answerByTool(
  wh: Warehouse,
  intent: 'ai_spend' | 'gpu',
  p: ParsedQuestion,
  actor: string,
  now: Date,
): Promise<Answer> {
  const name = intent === 'ai_spend' ? 'ai_spend' : 'gpu_fleet';
  const tool = findTool(name);
  if (!tool) {
    return unsupported(
      intent === 'ai_spend'
        ? 'AI and LLM spend is not loaded into CostLens yet'
        : 'GPU fleet utilisation is not loaded into CostLens yet',
      intent,
    );
  }
  const { start, end } = p.time.range;
  const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
  const args: Record<string, unknown> =
    intent === 'ai_spend'
      ? { view: 'spend', from: start, to: end }
      : { windowDays: Math.min(90, Math.max(1, p.timeGiven ? days : 7)) };
  const parsed = tool.inputSchema.safeParse(args);
  if (!parsed.success)
    return unsupported(`the ${name} tool did not accept ${JSON.stringify(args)}`);
  const r = await tool.run({ wh, role: 'viewer', actor, now }, parsed.data as never);
  return {
    intent,
    answer: r.summary,
    values: r.values,
    queries: r.queries ?? [],
    sql: r.sql ?? [],
    analyses: [{ tool: name, args }],
  };
}

/** A plain refusal with no numbers. */
export function unsupported(reason: string, intent: Answer['intent'] = 'unsupported'): Answer {
  return {
    intent,
    answer: `I can't answer that yet: ${reason}.`,
    values: [],
    queries: [],
    sql: [],
  };
}
