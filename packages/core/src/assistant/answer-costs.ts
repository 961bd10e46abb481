/**
 * Answers to cost questions that are one or two semantic queries: totals, breakdowns, top-N,
 * trends and comparisons. Each runs through runQuery with absolute ranges (so the cited query
 * reproduces the numbers on any day), and every number in the text comes from its rows.
 */
import { addDec, compareDec, subDec } from '../anomaly/decimal.ts';
import { costDataSpan } from '../semantic/data-span.ts';
import { runQuery } from '../semantic/run-query.ts';
import type { SemanticQuery, SemanticResult } from '../semantic/types.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { changePct, quote, scopeText, sentence, Values } from './answer-text.ts';
import { dimensionLabel } from './entity-match.ts';
import type { ParsedQuestion } from './parse-question.ts';
import { describeRange, previousPeriod, sameRangeLastYear } from './time-expressions.ts';
import type { DayRange, TimeExpression } from './time-expressions.ts';
import type { AskResult } from './types.ts';

export type Answer = Omit<AskResult, 'question' | 'engine'>;

interface Ran {
  queries: SemanticQuery[];
  sql: string[];
  warnings: string[];
}

async function run(wh: Warehouse, q: SemanticQuery, ran: Ran): Promise<SemanticResult> {
  const r = await runQuery(wh, q);
  ran.queries.push(q);
  ran.sql.push(r.sql);
  for (const w of r.warnings ?? []) if (!ran.warnings.includes(w)) ran.warnings.push(w);
  return r;
}

const base = (p: ParsedQuestion, range: DayRange): SemanticQuery => ({
  metric: p.metric,
  ...(p.filters.length ? { filters: p.filters } : {}),
  timeRange: { start: range.start, end: range.end },
});

function finish(
  intent: AskResult['intent'],
  answer: string,
  v: Values,
  ran: Ran,
  extra: Partial<Answer> = {},
): Answer {
  return {
    intent,
    answer,
    values: v.list,
    queries: ran.queries,
    sql: ran.sql,
    ...(ran.warnings.length ? { warnings: ran.warnings } : {}),
    ...extra,
  };
}

async function noData(wh: Warehouse, p: ParsedQuestion, label: string): Promise<string> {
  const span = await costDataSpan(wh);
  const where = span
    ? ` Your cost data runs from ${span.first} to ${span.last}.`
    : ' No cost data is stored yet.';
  return `No ${p.metricLabel} found${scopeText(p.filterLabels)} in ${label}.${where}`;
}

/** "How much did we spend on X last month?" */
export async function answerTotal(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  const r = await run(wh, base(p, p.time.range), ran);
  const value = r.rows[0]?.[p.metric];
  if (value === null || value === undefined) {
    return finish('total', await noData(wh, p, p.time.label), v, ran);
  }
  const text = v.money(
    `${p.metricLabel}${scopeText(p.filterLabels)}, ${p.time.label}`,
    String(value),
    { kind: 'query', index: 0 },
  );
  return finish(
    'total',
    `${sentence(p.metricLabel)}${scopeText(p.filterLabels)} in ${p.time.label}: ${text}.`,
    v,
    ran,
    { table: { columns: ['period', p.metric], rows: [[p.time.label, text]] } },
  );
}

/** "Spend by service this month" and "top 5 accounts last quarter". */
export async function answerGroups(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  if (p.topGrain) return topPeriods(wh, p);
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  const dim = p.groupBy ?? 'service';
  const top = p.intent === 'top_n';
  const n = p.limit ?? 10;
  const q: SemanticQuery = {
    ...base(p, p.time.range),
    groupBy: [dim],
    ...(top && p.order === 'desc' ? { limit: n, other: false } : {}),
    ...(top && p.order === 'asc'
      ? { orderBy: [{ field: p.metric, direction: 'asc' as const }] }
      : {}),
    ...(!top ? { limit: n } : {}),
  };
  const r = await run(wh, q, ran);
  let rows = r.rows.filter((row) => row[p.metric] !== null && row[p.metric] !== undefined);
  if (top && p.order === 'asc') rows = rows.slice(0, n);
  const what = dimensionLabel(dim);
  const whats = what.endsWith('y') ? `${what.slice(0, -1)}ies` : `${what}s`;
  if (rows.length === 0) return finish(p.intent, await noData(wh, p, p.time.label), v, ran);
  const src = { kind: 'query' as const, index: 0 };
  const cells = rows.map((row) => {
    const name = row[dim] === null ? '(none)' : String(row[dim]);
    return {
      name,
      value: String(row[p.metric]),
      text: v.money(`${name} · ${p.metricLabel} · ${p.time.label}`, String(row[p.metric]), src),
    };
  });
  const table = { columns: [dim, p.metric], rows: cells.map((c) => [c.name, c.text]) };
  const scope = scopeText(p.filterLabels);
  if (top) {
    const adjective = p.order === 'asc' ? 'Cheapest' : 'Biggest';
    const list = cells.map((c) => `${quote(c.name)} ${c.text}`).join('; ');
    const head =
      cells.length === 1
        ? `The ${p.order === 'asc' ? 'cheapest' : 'most expensive'} ${what}${scope} in ${p.time.label} by ${p.metricLabel} was ${list}.`
        : `${adjective} ${whats} by ${p.metricLabel}${scope} in ${p.time.label}: ${list}.`;
    return finish('top_n', head, v, ran, { table });
  }
  let total = '0';
  for (const c of cells) total = addDec(total, c.value);
  const totalText = v.money(`total ${p.metricLabel}${scope}, ${p.time.label}`, total, src);
  const lead = cells
    .slice(0, 3)
    .map((c) => {
      const share = Number(total) === 0 ? 0 : (Number(c.value) * 100) / Number(total);
      return `${quote(c.name)} ${c.text} (${v.percent(`${c.name} share of total`, share, src)})`;
    })
    .join(', ');
  return finish(
    'breakdown',
    `${sentence(p.metricLabel)}${scope} by ${what} in ${p.time.label}: ${totalText} in total; the largest are ${lead}.`,
    v,
    ran,
    { table },
  );
}

/** "Monthly trend of EC2 spend since January". */
export async function answerTrend(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  const grain = p.grain ?? 'month';
  const q: SemanticQuery = {
    ...base(p, p.time.range),
    grain,
    ...(p.groupBy ? { groupBy: [p.groupBy], limit: 5 } : {}),
  };
  const r = await run(wh, q, ran);
  const rows = r.rows.filter((row) => row[p.metric] !== null);
  if (rows.length === 0) return finish('trend', await noData(wh, p, p.time.label), v, ran);
  const src = { kind: 'query' as const, index: 0 };
  const periodName = (d: string) => (grain === 'month' ? d.slice(0, 7) : d);
  const scope = scopeText(p.filterLabels);
  const grainWord = {
    day: 'Daily',
    week: 'Weekly',
    month: 'Monthly',
    quarter: 'Quarterly',
    year: 'Yearly',
  }[grain];
  if (p.groupBy) {
    const dim = p.groupBy;
    const table = {
      columns: ['period', dim, p.metric],
      rows: rows.map((row) => [
        periodName(String(row['period'])),
        String(row[dim] ?? '(none)'),
        '',
      ]),
    };
    const totals = new Map<string, string>();
    rows.forEach((row, i) => {
      const name = String(row[dim] ?? '(none)');
      const val = String(row[p.metric]);
      totals.set(name, addDec(totals.get(name) ?? '0', val));
      table.rows[i]![2] = v.money(
        `${name} · ${periodName(String(row['period']))} · ${p.metricLabel}`,
        val,
        src,
      );
    });
    const lead = [...totals.entries()]
      .sort((a, b) => compareDec(b[1], a[1]))
      .slice(0, 3)
      .map(
        ([name, total]) =>
          `${quote(name)} ${v.money(`${name} · total ${p.time.label}`, total, src)}`,
      )
      .join('; ');
    return finish(
      'trend',
      `${grainWord} ${p.metricLabel}${scope} by ${dimensionLabel(dim)} in ${p.time.label}; the largest over the whole range: ${lead}. The table lists each ${grain}.`,
      v,
      ran,
      { table },
    );
  }
  const cells = rows.map((row) => {
    const period = periodName(String(row['period']));
    return { period, text: v.money(`${p.metricLabel} · ${period}`, String(row[p.metric]), src) };
  });
  const shown = cells.length > 14 ? [...cells.slice(0, 3), ...cells.slice(-10)] : cells;
  const list = shown.map((c) => `${c.period} ${c.text}`).join('; ');
  return finish(
    'trend',
    `${grainWord} ${p.metricLabel}${scope}, ${p.time.label}: ${list}${shown.length < cells.length ? ' (all in the table)' : ''}.`,
    v,
    ran,
    { table: { columns: ['period', p.metric], rows: cells.map((c) => [c.period, c.text]) } },
  );
}

function comparisonRange(p: ParsedQuestion): { range: DayRange; label: string } {
  if (p.versus) return { range: p.versus.range, label: p.versus.label };
  const range = p.compare === 'year' ? sameRangeLastYear(p.time.range) : previousPeriod(p.time);
  return { range, label: describeRange(range) };
}

/** "This month vs last month", "EC2 year over year", "how did spend change in Q1 vs Q4". */
export async function answerCompare(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  if (p.versusValues) return compareValues(wh, p);
  const cur: TimeExpression = p.time;
  const prev = comparisonRange(p);
  const scope = scopeText(p.filterLabels);
  const group = p.groupBy ? { groupBy: [p.groupBy] } : {};
  const a = await run(wh, { ...base(p, cur.range), ...group }, ran);
  const b = await run(wh, { ...base(p, prev.range), ...group }, ran);
  if (!p.groupBy) {
    const x = a.rows[0]?.[p.metric];
    const y = b.rows[0]?.[p.metric];
    if ((x === null || x === undefined) && (y === null || y === undefined)) {
      return finish('compare', await noData(wh, p, `${cur.label} or ${prev.label}`), v, ran);
    }
    // A period with no rows is not a period that cost $0: say there is nothing to compare with.
    if (x === null || x === undefined || y === null || y === undefined) {
      const have =
        x === null || x === undefined
          ? { t: prev.label, v: y, i: 1 }
          : { t: cur.label, v: x, i: 0 };
      const missing = have.t === cur.label ? prev.label : cur.label;
      const text = v.money(`${p.metricLabel}${scope}, ${have.t}`, String(have.v), {
        kind: 'query',
        index: have.i,
      });
      const span = await costDataSpan(wh);
      return finish(
        'compare',
        `${sentence(p.metricLabel)}${scope} in ${have.t} was ${text}; there is no cost data for ${missing} to compare with${span ? ` (your data runs from ${span.first} to ${span.last})` : ''}.`,
        v,
        ran,
      );
    }
    const xs = String(x ?? '0');
    const ys = String(y ?? '0');
    const delta = subDec(xs, ys);
    const pct = changePct(xs, ys);
    const curText = v.money(`${p.metricLabel}${scope}, ${cur.label}`, xs, {
      kind: 'query',
      index: 0,
    });
    const prevText = v.money(`${p.metricLabel}${scope}, ${prev.label}`, ys, {
      kind: 'query',
      index: 1,
    });
    const sign = compareDec(delta, '0');
    const deltaText = v.money(
      `change, ${cur.label} vs ${prev.label}`,
      delta,
      { kind: 'query', index: 0 },
      { abs: true },
    );
    const pctText =
      pct === null
        ? ''
        : ` (${v.percent(`change %, ${cur.label} vs ${prev.label}`, pct, { kind: 'query', index: 0 }, { abs: true })})`;
    const moved = sign === 0 ? 'unchanged' : `${sign > 0 ? 'up' : 'down'} ${deltaText}${pctText}`;
    return finish(
      'compare',
      `${sentence(p.metricLabel)}${scope} in ${cur.label} was ${curText}, ${moved} from ${prevText} in ${prev.label}.`,
      v,
      ran,
      {
        table: {
          columns: ['period', p.metric],
          rows: [
            [cur.label, curText],
            [prev.label, prevText],
          ],
        },
      },
    );
  }
  const dim = p.groupBy;
  const prevBy = new Map(
    b.rows.map((r) => [String(r[dim] ?? '(none)'), String(r[p.metric] ?? '0')]),
  );
  const curBy = new Map(
    a.rows.map((r) => [String(r[dim] ?? '(none)'), String(r[p.metric] ?? '0')]),
  );
  const names = [...new Set([...curBy.keys(), ...prevBy.keys()])];
  const moves = names
    .map((name) => {
      const c = curBy.get(name) ?? '0';
      const pr = prevBy.get(name) ?? '0';
      return { name, c, pr, d: subDec(c, pr) };
    })
    .sort((m1, m2) => Math.abs(Number(m2.d)) - Math.abs(Number(m1.d)));
  const src = { kind: 'query' as const, index: 0 };
  const table = {
    columns: [dim, cur.label, prev.label, 'change'],
    rows: moves
      .slice(0, 20)
      .map((m) => [
        m.name,
        v.money(`${m.name} · ${cur.label}`, m.c, src),
        v.money(`${m.name} · ${prev.label}`, m.pr, { kind: 'query', index: 1 }),
        v.money(`${m.name} · change`, m.d, src),
      ]),
  };
  const lead = moves
    .slice(0, 3)
    .map(
      (m) =>
        `${quote(m.name)} ${compareDec(m.d, '0') >= 0 ? 'up' : 'down'} ${v.money(`${m.name} · change`, m.d, src, { abs: true })}`,
    )
    .join('; ');
  return finish(
    'compare',
    `${sentence(p.metricLabel)}${scope} by ${dimensionLabel(dim)}, ${cur.label} vs ${prev.label}; the biggest moves: ${lead}.`,
    v,
    ran,
    { table },
  );
}

/** "SageMaker vs Bedrock last month": the named values of one dimension side by side. */
async function compareValues(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  const { dimension, values } = p.versusValues!;
  const r = await run(
    wh,
    {
      metric: p.metric,
      filters: [...p.filters, { dimension, op: 'in', value: values }],
      timeRange: { start: p.time.range.start, end: p.time.range.end },
      groupBy: [dimension],
    },
    ran,
  );
  const src = { kind: 'query' as const, index: 0 };
  const by = new Map(r.rows.map((row) => [String(row[dimension]), String(row[p.metric] ?? '0')]));
  const cells = values.map((name) => ({ name, value: by.get(name) ?? '0' }));
  const texts = cells.map(
    (c) => `${quote(c.name)} ${v.money(`${c.name} · ${p.time.label}`, c.value, src)}`,
  );
  const [a, b] = cells;
  let tail = '';
  if (a && b && cells.length === 2) {
    const d = subDec(a.value, b.value);
    const pct = changePct(a.value, b.value);
    const sign = compareDec(d, '0');
    tail =
      sign === 0
        ? ' They are equal.'
        : ` ${quote(a.name)} is ${v.money(`${a.name} minus ${b.name}`, d, src, { abs: true })}${pct === null ? '' : ` (${v.percent(`${a.name} vs ${b.name} %`, pct, src, { abs: true })})`} ${sign > 0 ? 'more' : 'less'}.`;
  }
  return finish(
    'compare',
    `${sentence(p.metricLabel)}${scopeText(p.filterLabels)} in ${p.time.label}: ${texts.join(' vs ')}.${tail}`,
    v,
    ran,
    { table: { columns: [dimension, p.metric], rows: cells.map((c, i) => [c.name, texts[i]!]) } },
  );
}

/** "Our highest spending day this month": periods of the range ranked by cost. */
async function topPeriods(wh: Warehouse, p: ParsedQuestion): Promise<Answer> {
  const ran: Ran = { queries: [], sql: [], warnings: [] };
  const v = new Values();
  const grain = p.topGrain!;
  const n = p.limit ?? 1;
  const r = await run(
    wh,
    {
      ...base(p, p.time.range),
      grain,
      orderBy: [{ field: p.metric, direction: p.order }],
      limit: n,
    },
    ran,
  );
  const rows = r.rows.filter((row) => row[p.metric] !== null);
  if (rows.length === 0) return finish('top_n', await noData(wh, p, p.time.label), v, ran);
  const src = { kind: 'query' as const, index: 0 };
  const name = (d: string) =>
    grain === 'month' ? d.slice(0, 7) : grain === 'week' ? `the week of ${d}` : d;
  const cells = rows.map((row) => {
    const period = name(String(row['period']));
    return { period, text: v.money(`${p.metricLabel} · ${period}`, String(row[p.metric]), src) };
  });
  const which = p.order === 'asc' ? 'cheapest' : 'most expensive';
  return finish(
    'top_n',
    cells.length === 1
      ? `The ${which} ${grain}${scopeText(p.filterLabels)} in ${p.time.label} was ${cells[0]!.period} at ${cells[0]!.text}.`
      : `The ${which} ${grain}s${scopeText(p.filterLabels)} in ${p.time.label}: ${cells.map((c) => `${c.period} ${c.text}`).join('; ')}.`,
    v,
    ran,
    { table: { columns: ['period', p.metric], rows: cells.map((c) => [c.period, c.text]) } },
  );
}
