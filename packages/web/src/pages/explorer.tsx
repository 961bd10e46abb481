/**
 * Explorer: pick a metric, a group-by, filters, a grain and a time range; see a chart and a table
 * of the exact result, download it as CSV, and share the view — its whole state is in the URL.
 */
import { useMemo, useState } from 'react';
import type { Filter, FilterOp, Grain, SemanticResult } from '@costlens/core';
import type { CatalogEntry } from '../api.ts';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { toCsv } from '../csv.ts';
import { parseExplorerState, serializeExplorerState, toSemanticQuery } from '../explorer-state.ts';
import type { ExplorerState } from '../explorer-state.ts';
import { formatMoney } from '../format.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';

const GRAINS: readonly (Grain | '')[] = ['', 'day', 'week', 'month', 'quarter', 'year'];
const FILTER_OPS: readonly FilterOp[] = ['eq', 'neq', 'contains', 'is_null', 'is_not_null'];

export function Explorer(props: { search: string }) {
  const { api } = useDashboard();
  const state = parseExplorerState(props.search);
  const set = (next: Partial<ExplorerState>) =>
    navigate(`/explorer?${serializeExplorerState({ ...state, ...next })}`, { replace: true });
  const catalog = useAsync(() => api.catalog(), 'catalog');
  const query = toSemanticQuery(state);
  const key = JSON.stringify(query);
  const result = useAsync((signal) => api.query(query, signal), key);
  const metrics = catalog.status === 'ok' ? catalog.data.metrics : [];
  const dimensions =
    catalog.status === 'ok' ? catalog.data.dimensions.filter((d) => !d.id.includes('<')) : [];
  const metric = metrics.find((m) => m.id === state.metric);

  return (
    <div className="page explorer">
      <form className="controls card wide" onSubmit={(e) => e.preventDefault()} aria-label="Query">
        <label>
          Metric
          <select
            name="metric"
            value={state.metric}
            onChange={(e) => set({ metric: e.target.value })}
          >
            {withCurrent(metrics, state.metric).map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group by
          <select
            name="groupBy"
            value={state.groupBy ?? ''}
            onChange={(e) => set({ groupBy: e.target.value || null })}
          >
            <option value="">(none)</option>
            {withCurrent(dimensions, state.groupBy).map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Grain
          <select
            name="grain"
            value={state.grain ?? ''}
            onChange={(e) => set({ grain: (e.target.value || null) as Grain | null })}
          >
            {GRAINS.map((g) => (
              <option key={g} value={g}>
                {g || '(total)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            name="start"
            value={state.start ?? ''}
            onChange={(e) => set({ start: e.target.value || null })}
          />
        </label>
        <label>
          To (exclusive)
          <input
            type="date"
            name="end"
            value={state.end ?? ''}
            onChange={(e) => set({ end: e.target.value || null })}
          />
        </label>
        <Filters
          filters={state.filters}
          dimensions={dimensions}
          onChange={(filters) => set({ filters })}
        />
      </form>
      {metric ? <p className="hint wide">{metric.description}</p> : null}
      {result.status === 'loading' ? (
        <Loading what="results" />
      ) : result.status === 'error' ? (
        <ErrorBox error={result.error} />
      ) : result.data.rows.length === 0 ? (
        <Empty>No rows match. Widen the time range or remove a filter.</Empty>
      ) : (
        <Result result={result.data} state={state} />
      )}
    </div>
  );
}

function withCurrent(list: readonly CatalogEntry[], current: string | null): CatalogEntry[] {
  if (!current || list.some((e) => e.id === current)) return [...list];
  return [...list, { id: current, label: current, description: '', kind: 'custom' }];
}

function Filters(props: {
  filters: Filter[];
  dimensions: readonly CatalogEntry[];
  onChange: (f: Filter[]) => void;
}) {
  const [dimension, setDimension] = useState('provider');
  const [op, setOp] = useState<FilterOp>('eq');
  const [value, setValue] = useState('');
  const needsValue = op !== 'is_null' && op !== 'is_not_null';
  const { api } = useDashboard();
  const values = useAsync(() => api.dimensionValues(dimension), `values:${dimension}`);
  return (
    <div className="filters">
      {props.filters.map((f, i) => (
        <span className="chip" key={i}>
          {f.dimension} {f.op} {Array.isArray(f.value) ? f.value.join(' | ') : (f.value ?? '')}
          <button
            type="button"
            aria-label={`remove filter ${f.dimension}`}
            onClick={() => props.onChange(props.filters.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <select
        aria-label="filter dimension"
        value={dimension}
        onChange={(e) => setDimension(e.target.value)}
      >
        {props.dimensions.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
      <select
        aria-label="filter operator"
        value={op}
        onChange={(e) => setOp(e.target.value as FilterOp)}
      >
        {FILTER_OPS.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {needsValue ? (
        <>
          <input
            aria-label="filter value"
            list="filter-values"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <datalist id="filter-values">
            {(values.status === 'ok' ? values.data : []).map((v) =>
              v.value === null ? null : <option key={v.value} value={v.value} />,
            )}
          </datalist>
        </>
      ) : null}
      <button
        type="button"
        disabled={needsValue && value === ''}
        onClick={() => {
          props.onChange([
            ...props.filters,
            needsValue ? { dimension, op, value } : { dimension, op },
          ]);
          setValue('');
        }}
      >
        Add filter
      </button>
    </div>
  );
}

function Result(props: { result: SemanticResult; state: ExplorerState }) {
  const { currency } = useDashboard();
  const { result, state } = props;
  const metricCol = result.columns.find((c) => c.role === 'metric');
  const isMoney = metricCol?.unit === 'currency' || metricCol?.unit === currency;
  const fmt = (v: string | number | null) =>
    isMoney ? formatMoney(v, currency) : v === null ? '—' : String(v);
  const option = useMemo(
    () => chartOption(result, state, isMoney ? currency : null),
    [result, state, isMoney, currency],
  );
  const download = () => {
    const blob = new Blob([toCsv(result.columns, result.rows)], { type: 'text/csv' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `costlens-${state.metric}${state.groupBy ? `-by-${state.groupBy}` : ''}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <>
      <section className="card wide">
        <Chart option={option} label={`${state.metric} chart`} height={320} />
      </section>
      <section className="card wide">
        <div className="toolbar">
          <span>{result.rows.length} rows</span>
          <button type="button" onClick={download}>
            Download CSV
          </button>
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(window.location.href)}
          >
            Copy link
          </button>
        </div>
        <table className="grid" data-testid="explorer-table">
          <thead>
            <tr>
              {result.columns.map((c) => (
                <th key={c.name} className={c.role === 'metric' || c.role === 'delta' ? 'num' : ''}>
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r, i) => (
              <tr key={i}>
                {result.columns.map((c) => (
                  <td key={c.name} className={c.role === 'metric' ? 'num' : ''} data-col={c.name}>
                    {c.role === 'metric' && isMoney ? (
                      <Money value={r[c.name] ?? null} currency={currency} />
                    ) : c.role === 'metric' ? (
                      fmt(r[c.name] ?? null)
                    ) : r[c.name] === null ? (
                      <em>(none)</em>
                    ) : (
                      String(r[c.name])
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <details>
          <summary>SQL that produced these numbers</summary>
          <pre>{result.sql}</pre>
          <pre>params: {JSON.stringify(result.params)}</pre>
        </details>
      </section>
    </>
  );
}

function chartOption(
  result: SemanticResult,
  state: ExplorerState,
  currency: string | null,
): ChartOption {
  const metric = result.columns.find((c) => c.role === 'metric')?.name ?? state.metric;
  const dim = result.columns.find((c) => c.role === 'dimension')?.name;
  const period = result.columns.find((c) => c.role === 'period')?.name;
  const label = (v: unknown) => (v === null || v === undefined ? '(none)' : String(v).slice(0, 10));
  const axisFmt = (v: number) =>
    currency ? formatMoney(v, currency, { compact: true }) : String(v);
  const tooltipFmt = (v: unknown) => (currency ? formatMoney(Number(v), currency) : String(v));
  const base = {
    grid: { left: 70, right: 16, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis' as const, valueFormatter: tooltipFmt },
    yAxis: { type: 'value' as const, axisLabel: { formatter: axisFmt } },
  };
  if (period) {
    const periods = [...new Set(result.rows.map((r) => label(r[period])))].sort();
    const groups = dim ? [...new Set(result.rows.map((r) => label(r[dim])))] : [metric];
    const cell = new Map(
      result.rows.map((r) => [
        `${dim ? label(r[dim]) : metric}|${label(r[period])}`,
        Number(r[metric] ?? 0),
      ]),
    );
    return {
      ...base,
      legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'category', data: periods },
      series: groups.map((g) => ({
        type: 'bar',
        name: g,
        stack: 'total',
        data: periods.map((p) => cell.get(`${g}|${p}`) ?? 0),
      })),
    };
  }
  return {
    ...base,
    xAxis: { type: 'category', data: result.rows.map((r) => (dim ? label(r[dim]) : metric)) },
    series: [{ type: 'bar', name: metric, data: result.rows.map((r) => Number(r[metric] ?? 0)) }],
  };
}
