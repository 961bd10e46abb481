/**
 * Overview: effective cost by month with month-over-month and year-over-year change, top movers,
 * cost by provider / service / team for the latest complete month, the unallocated share and the
 * data-quality badge. The monthly chart continues into the forecast (projected month totals with
 * their 80/95 % bands, from /api/forecast). The monthly series renders first; the rest loads in
 * parallel.
 */
import { useMemo } from 'react';
import type { SemanticResult } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatMoney, formatPct } from '../format.ts';
import {
  monthChartModel,
  nextMonth,
  shareOf,
  summarizeMonths,
  topMovers,
} from '../overview-model.ts';
import type { MonthProjection, MonthSummary } from '../overview-model.ts';
import { MONTHLY_QUERY, sharedQuery } from '../query-cache.ts';
import { useAsync } from '../use-async.ts';

const METRIC = MONTHLY_QUERY.metric;

export function Overview() {
  const { api, currency } = useDashboard();
  const months = useAsync(() => sharedQuery(api, MONTHLY_QUERY), 'months');
  if (months.status === 'loading') return <Loading what="monthly spend" />;
  if (months.status === 'error') return <ErrorBox error={months.error} />;
  const summary = summarizeMonths(months.data, METRIC, new Date());
  if (!summary.reference) {
    return (
      <Empty>No cost data yet. Ingest a billing export with `costlens ingest &lt;file&gt;`.</Empty>
    );
  }
  return (
    <div className="page overview">
      <Kpis summary={summary} currency={currency} />
      <section className="card wide">
        <h2>Effective cost by month</h2>
        <MonthChart summary={summary} currency={currency} />
      </section>
      <Breakdowns month={summary.reference.period} total={summary.reference.cost} />
    </div>
  );
}

function Kpis(props: { summary: MonthSummary; currency: string }) {
  const { summary: s, currency } = props;
  const month = s.reference!.period.slice(0, 7);
  return (
    <section className="kpis" aria-label="Key figures">
      <div className="kpi">
        <div className="label">Effective cost, {month}</div>
        <div className="value">
          <Money value={s.reference!.cost} currency={currency} testId="kpi-month" />
        </div>
      </div>
      <div className="kpi">
        <div className="label">Month over month</div>
        <div className={`value ${trendClass(s.mom)}`} data-testid="kpi-mom">
          {formatPct(s.mom)}
        </div>
      </div>
      <div className="kpi">
        <div className="label">Year over year</div>
        <div className={`value ${trendClass(s.yoy)}`} data-testid="kpi-yoy">
          {formatPct(s.yoy)}
        </div>
      </div>
      {s.monthToDate ? (
        <div className="kpi">
          <div className="label">Month to date</div>
          <div className="value">
            <Money value={s.monthToDate.cost} currency={currency} />
          </div>
        </div>
      ) : null}
      <QualityBadge />
    </section>
  );
}

const trendClass = (r: number | null) => (r === null ? '' : r > 0 ? 'up' : r < 0 ? 'down' : '');

function QualityBadge() {
  const { api } = useDashboard();
  // Only a report the server already has: computing one scans every row (see Sources & quality).
  const q = useAsync(() => api.quality({ cachedOnly: true }), 'quality-cached');
  let text = 'checking…';
  let cls = 'muted';
  const report = q.status === 'ok' ? q.data : null;
  if (q.status === 'ok' && report === null) {
    text = 'open the report →';
  } else if (report) {
    const { errors, warnings, score } = report.summary;
    text = `${Math.round(score)}/100 · ${errors} errors · ${warnings} warnings`;
    cls = errors > 0 ? 'bad' : warnings > 0 ? 'warn' : 'good';
  } else if (q.status === 'error') {
    text = 'not available';
  }
  return (
    <a className={`kpi quality ${cls}`} href="/sources" data-testid="quality-badge">
      <div className="label">Data quality</div>
      <div className="value small">{text}</div>
    </a>
  );
}

const FORECAST_PATH = `/api/forecast?metric=${METRIC}&horizon=92`;

function MonthChart(props: { summary: MonthSummary; currency: string }) {
  const { summary, currency } = props;
  const { api } = useDashboard();
  // The forecast is an overlay: while it loads or if it fails, the actuals still show.
  const fc = useAsync(
    (signal) => api.get<{ months: MonthProjection[]; model: string }>(FORECAST_PATH, signal),
    FORECAST_PATH,
  );
  const months = fc.status === 'ok' ? fc.data.months : [];
  const model = useMemo(() => monthChartModel(summary, months), [summary, months]);
  const option = useMemo<ChartOption>(() => {
    const band = (name: string, lo: (number | null)[], hi: (number | null)[], opacity: number) => [
      {
        type: 'line' as const,
        name: `${name} low`,
        data: lo,
        stack: name,
        lineStyle: { opacity: 0 },
        showSymbol: false,
        tooltip: { show: false },
      },
      {
        type: 'line' as const,
        name,
        data: hi.map((h, i) => (h === null || lo[i] === null ? null : h - (lo[i] as number))),
        stack: name,
        lineStyle: { opacity: 0 },
        areaStyle: { opacity, color: '#e0892b' },
        showSymbol: false,
        tooltip: { show: false },
      },
    ];
    const hasForecast = model.forecast.some((v) => v !== null);
    return {
      grid: { left: 70, right: 16, top: hasForecast ? 30 : 16, bottom: 28 },
      ...(hasForecast
        ? { legend: { top: 0, data: ['Effective cost', 'Forecast', '80 %', '95 %'] } }
        : {}),
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => formatMoney(Number(v), currency),
      },
      xAxis: { type: 'category', data: model.categories },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatMoney(v, currency, { compact: true }) },
      },
      series: [
        {
          type: 'bar',
          name: 'Effective cost',
          data: model.actual.map((value, i) => ({
            value,
            itemStyle:
              summary.monthToDate && model.categories[i] === summary.monthToDate.period.slice(0, 7)
                ? { opacity: 0.45 }
                : {},
          })),
          itemStyle: { color: '#3a6ea5' },
        },
        ...(hasForecast
          ? [
              ...band('95 %', model.lo95, model.hi95, 0.12),
              ...band('80 %', model.lo80, model.hi80, 0.22),
              {
                type: 'line' as const,
                name: 'Forecast',
                data: model.forecast,
                lineStyle: { type: 'dashed' as const, color: '#e0892b' },
                itemStyle: { color: '#e0892b' },
                symbol: 'circle',
              },
            ]
          : []),
      ],
    };
  }, [model, summary, currency]);
  const next = months[0];
  return (
    <>
      <Chart option={option} label="Effective cost by month" height={260} />
      {next ? (
        <p className="muted" data-testid="month-forecast">
          Forecast for {next.start.slice(0, 7)}:{' '}
          <Money value={next.projected} currency={currency} /> (80 %:{' '}
          {formatMoney(next.lo80, currency)} – {formatMoney(next.hi80, currency)}
          ), model {fc.status === 'ok' ? fc.data.model : ''}.{' '}
          <a href="/budgets">Forecast &amp; budgets →</a>
        </p>
      ) : null}
    </>
  );
}

function Breakdowns(props: { month: string; total: string }) {
  const { api, currency } = useDashboard();
  const range = { start: props.month, end: nextMonth(props.month) };
  const by = (dimension: string, signal: AbortSignal) =>
    api.query(
      {
        metric: METRIC,
        groupBy: [dimension],
        timeRange: range,
        compareTo: 'previous_period',
        limit: 8,
        orderBy: [{ field: METRIC, direction: 'desc' }],
      },
      signal,
    );
  const services = useAsync((s) => by('service', s), `service:${props.month}`);
  const providers = useAsync((s) => by('provider', s), `provider:${props.month}`);
  const teams = useAsync((s) => by('team', s), `team:${props.month}`);
  const unallocated = useAsync(
    (signal) =>
      api.query(
        { metric: METRIC, timeRange: range, filters: [{ dimension: 'team', op: 'is_null' }] },
        signal,
      ),
    `unalloc:${props.month}`,
  );
  const label = props.month.slice(0, 7);
  return (
    <>
      <section className="card">
        <h2>Top movers vs previous month</h2>
        {services.status === 'ok' ? (
          <Movers result={services.data} currency={currency} />
        ) : services.status === 'error' ? (
          <ErrorBox error={services.error} />
        ) : (
          <Loading what="movers" />
        )}
      </section>
      <section className="card">
        <h2>Unallocated ({label})</h2>
        {unallocated.status === 'ok' ? (
          <Unallocated result={unallocated.data} total={props.total} currency={currency} />
        ) : unallocated.status === 'error' ? (
          <ErrorBox error={unallocated.error} />
        ) : (
          <Loading what="allocation" />
        )}
      </section>
      <Breakdown title={`By provider (${label})`} dimension="provider" state={providers} />
      <Breakdown title={`By service (${label})`} dimension="service" state={services} />
      <Breakdown title={`By team (${label})`} dimension="team" state={teams} />
    </>
  );
}

function Movers(props: { result: SemanticResult; currency: string }) {
  const movers = topMovers(props.result, 'service', METRIC);
  if (movers.length === 0) return <Empty>No change to report.</Empty>;
  return (
    <table className="grid" data-testid="movers">
      <thead>
        <tr>
          <th>Service</th>
          <th className="num">This month</th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {movers.map((m) => (
          <tr key={m.name}>
            <td>{m.name}</td>
            <td className="num">
              <Money value={m.current} currency={props.currency} />
            </td>
            <td className={`num ${Number(m.delta) > 0 ? 'up' : 'down'}`}>
              {Number(m.delta) > 0 ? '+' : ''}
              {formatMoney(m.delta, props.currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unallocated(props: { result: SemanticResult; total: string; currency: string }) {
  const raw = props.result.rows[0]?.[METRIC];
  const amount = raw === null || raw === undefined ? '0' : String(raw);
  const share = shareOf(amount, props.total);
  return (
    <div className="unallocated">
      <div className="big" data-testid="unallocated-share">
        {share === null ? '—' : `${(share * 100).toFixed(1)}%`}
      </div>
      <div>
        <Money value={amount} currency={props.currency} /> of{' '}
        <Money value={props.total} currency={props.currency} /> carries no team tag.
      </div>
    </div>
  );
}

function Breakdown(props: {
  title: string;
  dimension: string;
  state: ReturnType<typeof useAsync<SemanticResult>>;
}) {
  const { currency } = useDashboard();
  const { state, dimension } = props;
  return (
    <section className="card">
      <h2>{props.title}</h2>
      {state.status === 'loading' ? (
        <Loading what={dimension} />
      ) : state.status === 'error' ? (
        <ErrorBox error={state.error} />
      ) : state.data.rows.length === 0 ? (
        <Empty>No cost in this month.</Empty>
      ) : (
        <table className="grid" data-testid={`by-${dimension}`}>
          <tbody>
            {state.data.rows.map((r, i) => {
              const name = r[dimension] === null ? '(untagged)' : String(r[dimension]);
              const share = shareOf(String(r[METRIC] ?? '0'), sumOf(state.data.rows));
              return (
                <tr key={i}>
                  <td>{name}</td>
                  <td className="bar-cell">
                    <span
                      className="bar"
                      style={{ width: `${Math.max(0, (share ?? 0) * 100)}%` }}
                    />
                  </td>
                  <td className="num">
                    <Money value={r[METRIC] ?? null} currency={currency} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function sumOf(rows: SemanticResult['rows']): string {
  return String(rows.reduce((s, r) => s + Number(r[METRIC] ?? 0), 0));
}
