/**
 * Forecast & budgets: total (or a slice's) daily cost with the forecast and its 80/95 % band,
 * the backtest accuracy shown next to it, month/quarter/year projections, and every budget's
 * actual and forecast status. All numbers come from the API; nothing is computed here but layout.
 */
import { useMemo, useState } from 'react';
import type { BudgetStatus, ForecastPoint, QueryForecast } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatPct } from '../format.ts';
import { useAsync } from '../use-async.ts';

type ForecastView = QueryForecast;
type BudgetStatusView = BudgetStatus;

/** Builds the chart: history as a line, forecast mean dashed, 80/95 % bands as stacked areas. */
export function forecastChart(f: ForecastView): ChartOption {
  const dates = [...f.history.map((h) => h.date), ...f.forecast.map((p) => p.date)];
  const pad = (n: number) => Array.from({ length: n }, () => null);
  const hist = f.history.map((h) => Number(h.value));
  const fc = (pick: (p: ForecastPoint) => number) => [
    ...pad(f.history.length),
    ...f.forecast.map(pick),
  ];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['actual', 'forecast', '80 %', '95 %'] },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value' },
    series: [
      {
        name: 'actual',
        type: 'line',
        data: [...hist, ...pad(f.forecast.length)],
        showSymbol: false,
      },
      {
        name: 'forecast',
        type: 'line',
        data: fc((p) => p.mean),
        showSymbol: false,
        lineStyle: { type: 'dashed' },
      },
      {
        name: '95 % low',
        type: 'line',
        data: fc((p) => p.lo95),
        stack: 'b95',
        lineStyle: { opacity: 0 },
        showSymbol: false,
      },
      {
        name: '95 %',
        type: 'line',
        data: fc((p) => p.hi95 - p.lo95),
        stack: 'b95',
        lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.12 },
        showSymbol: false,
      },
      {
        name: '80 % low',
        type: 'line',
        data: fc((p) => p.lo80),
        stack: 'b80',
        lineStyle: { opacity: 0 },
        showSymbol: false,
      },
      {
        name: '80 %',
        type: 'line',
        data: fc((p) => p.hi80 - p.lo80),
        stack: 'b80',
        lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.22 },
        showSymbol: false,
      },
    ],
  } as ChartOption;
}

export function Budgets() {
  const { api, currency } = useDashboard();
  const [where, setWhere] = useState('');
  const path = useMemo(
    () =>
      `/api/forecast?metric=effective_cost&horizon=90&accuracy=true${where ? `&where=${encodeURIComponent(where)}` : ''}`,
    [where],
  );
  const forecast = useAsync((signal) => api.get<ForecastView>(path, signal), path);
  const budgets = useAsync(
    (signal) => api.get<BudgetStatusView[]>('/api/budgets/status', signal),
    'budgets',
  );
  return (
    <div className="page">
      <section className="card wide">
        <h2>Forecast</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const input = (e.currentTarget.elements.namedItem('where') as HTMLInputElement).value;
            setWhere(input.trim());
          }}
        >
          <label>
            Slice{' '}
            <input name="where" placeholder="tag:team=ml, provider=aws…" defaultValue={where} />
          </label>
          <button type="submit">Forecast</button>
        </form>
        {forecast.status === 'loading' ? (
          <Loading what="the forecast" />
        ) : forecast.status === 'error' ? (
          <ErrorBox error={forecast.error} />
        ) : forecast.data.history.length === 0 ? (
          <Empty>No cost data for this slice yet.</Empty>
        ) : (
          <>
            <Chart
              option={forecastChart(forecast.data)}
              label="daily cost with forecast band"
              height={320}
            />
            <p data-testid="forecast-model">
              Model {forecast.data.model}
              {forecast.data.accuracy
                ? ` · backtest OWA ${forecast.data.accuracy.owa.toFixed(2)} (below 1 beats Naive2) over ${forecast.data.accuracy.forecasts} forecasts`
                : ''}
              {forecast.data.adjustments.length ? ` · ${forecast.data.adjustments.join('; ')}` : ''}
            </p>
            <table className="grid" data-testid="projections">
              <thead>
                <tr>
                  <th>period</th>
                  <th>actual to date</th>
                  <th>projected total</th>
                </tr>
              </thead>
              <tbody>
                {forecast.data.projections.map((p) => (
                  <tr key={`${p.period}-${p.start}`}>
                    <td>
                      {p.period} {p.start} – {p.end}
                    </td>
                    <td>
                      <Money value={p.actualToDate} currency={currency} />
                    </td>
                    <td>
                      <Money value={p.projected} currency={currency} /> (80 %:{' '}
                      <Money value={p.lo80} currency={currency} /> –{' '}
                      <Money value={p.hi80} currency={currency} />)
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card wide">
        <h2>Budgets</h2>
        {budgets.status === 'loading' ? (
          <Loading what="budgets" />
        ) : budgets.status === 'error' ? (
          <ErrorBox error={budgets.error} />
        ) : budgets.data.length === 0 ? (
          <Empty>
            No budgets yet. Create one with{' '}
            <code>costlens budget create ml --team ml --period month --amount 12000</code>.
          </Empty>
        ) : (
          <table className="grid" data-testid="budgets">
            <thead>
              <tr>
                <th>budget</th>
                <th>period</th>
                <th>amount</th>
                <th>actual</th>
                <th>actual %</th>
                <th>forecast %</th>
                <th>state</th>
              </tr>
            </thead>
            <tbody>
              {budgets.data.map((b) => (
                <tr key={b.budget.id}>
                  <td>{b.budget.name}</td>
                  <td>{b.budget.period}</td>
                  <td>
                    <Money value={b.budget.amount} currency={b.budget.currency ?? currency} />
                  </td>
                  <td>
                    <Money value={b.actual} currency={b.budget.currency ?? currency} />
                  </td>
                  <td>{formatPct(b.actualPct / 100)}</td>
                  <td>{formatPct(b.forecastPct / 100)}</td>
                  <td>{b.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
