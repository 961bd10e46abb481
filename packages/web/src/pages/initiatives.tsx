/**
 * AI initiatives: the portfolio (plan, actual, estimate at completion, benefits, ROI, NPV, payback,
 * checklist findings, spend claimed twice) and one initiative in detail: plan vs actual by month
 * with the forecast to completion, cost by category, the sensitivity table and the budget
 * checklist, actuals by source (cloud, LLM spend by model, people time; GPU idle as a memo), KPIs
 * as measured, and the CFO one-pager — fetched with the token and opened from a blob URL, since a
 * plain link cannot carry a bearer token. Every number comes from the API.
 */
import { useMemo, useState } from 'react';
import type { InitiativeReport, Overlap } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatMoney } from '../format.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';

interface PortfolioRow {
  id: string;
  name: string;
  owner: string;
  start: string;
  end: string;
  currency: string;
  plan: string;
  actualToDate: string;
  estimateAtCompletion: string;
  benefit: string;
  roi: number | null;
  npv: string;
  paybackMonth: string | null;
  findings: number;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const label = (c: string) => c.replaceAll('_', ' ').replace(/^./, (x) => x.toUpperCase());

export function Initiatives(props: { search: string }) {
  const { api } = useDashboard();
  const selected = new URLSearchParams(props.search).get('id');
  const portfolio = useAsync(
    (signal) =>
      api.get<{ initiatives: PortfolioRow[]; overlaps: Overlap[] }>('/api/initiatives', signal),
    'initiatives',
  );
  return (
    <div className="page">
      <section className="card wide">
        <h2>AI initiatives</h2>
        {portfolio.status === 'loading' ? (
          <Loading what="initiatives" />
        ) : portfolio.status === 'error' ? (
          <ErrorBox error={portfolio.error} />
        ) : portfolio.data.initiatives.length === 0 ? (
          <Empty>
            No initiatives yet. Start from `costlens initiative example`, then `costlens initiative
            set FILE`.
          </Empty>
        ) : (
          <Portfolio rows={portfolio.data.initiatives} overlaps={portfolio.data.overlaps} />
        )}
      </section>
      {selected ? <Detail id={selected} /> : null}
    </div>
  );
}

function Portfolio(props: { rows: PortfolioRow[]; overlaps: Overlap[] }) {
  return (
    <>
      <table className="grid" data-testid="initiatives">
        <thead>
          <tr>
            <th>Initiative</th>
            <th>Owner</th>
            <th>Dates</th>
            <th className="num">Plan</th>
            <th className="num">Actual to date</th>
            <th className="num">Estimate at completion</th>
            <th className="num">Benefits</th>
            <th className="num">ROI</th>
            <th className="num">NPV</th>
            <th>Payback</th>
            <th className="num">Checklist</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id} data-id={r.id}>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate(`/initiatives?id=${encodeURIComponent(r.id)}`)}
                >
                  {r.name}
                </button>
              </td>
              <td>{r.owner}</td>
              <td>
                {r.start} → {r.end}
              </td>
              <td className="num">
                <Money value={r.plan} currency={r.currency} />
              </td>
              <td className="num">
                <Money value={r.actualToDate} currency={r.currency} testId={`actual-${r.id}`} />
              </td>
              <td className="num">
                <Money value={r.estimateAtCompletion} currency={r.currency} />
              </td>
              <td className="num">
                <Money value={r.benefit} currency={r.currency} />
              </td>
              <td className="num">{pct(r.roi)}</td>
              <td className="num">
                <Money value={r.npv} currency={r.currency} />
              </td>
              <td>{r.paybackMonth ?? '—'}</td>
              <td className="num">{r.findings ? `${r.findings} to review` : 'complete'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.overlaps.length > 0 ? (
        <p className="banner" data-testid="overlaps">
          Spend claimed by two initiatives:{' '}
          {props.overlaps
            .map((o) => `${o.a} & ${o.b} (${formatMoney(o.amount, 'USD')})`)
            .join('; ')}
          . A portfolio total would count it twice.
        </p>
      ) : null}
    </>
  );
}

function planChart(r: InitiativeReport): ChartOption {
  const months = r.pva.months;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['actual', 'forecast', 'plan'] },
    grid: { left: 70, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: [
      {
        name: 'actual',
        type: 'bar',
        stack: 'cost',
        data: months.map((m) => (m.actual === null ? 0 : Number(m.actual))),
        itemStyle: { color: '#3a6ea5' },
      },
      {
        name: 'forecast',
        type: 'bar',
        stack: 'cost',
        data: months.map((m) => Number(m.forecast)),
        itemStyle: { color: '#e0892b', opacity: 0.6 },
      },
      {
        name: 'plan',
        type: 'line',
        step: 'middle',
        data: months.map((m) => Number(m.plan)),
        itemStyle: { color: '#111' },
        showSymbol: false,
      },
    ],
  };
}

function Detail(props: { id: string }) {
  const { api } = useDashboard();
  const path = `/api/initiatives/${encodeURIComponent(props.id)}`;
  const detail = useAsync((signal) => api.get<InitiativeReport>(path, signal), path);
  const option = useMemo(() => (detail.status === 'ok' ? planChart(detail.data) : null), [detail]);
  if (detail.status === 'loading') return <Loading what="the initiative" />;
  if (detail.status === 'error') return <ErrorBox error={detail.error} />;
  const r = detail.data;
  const cur = r.def.currency;
  return (
    <>
      <section className="card wide" data-testid="initiative-detail">
        <h2>
          {r.def.name} — plan vs actual <ReportButton path={`${path}/report`} id={props.id} />
        </h2>
        <p className="muted">
          Plan <Money value={r.pva.planTotal} currency={cur} /> · actual to date{' '}
          <Money value={r.pva.actualToDate} currency={cur} testId="detail-actual" /> · estimate at
          completion <Money value={r.pva.estimateAtCompletion} currency={cur} /> · ROI{' '}
          {pct(r.roi.roi)} (on plan {pct(r.roiOnPlan.roi)}
          {r.roiMeasured ? (
            <>
              , as measured <span data-testid="roi-measured">{pct(r.roiMeasured.roi)}</span>
            </>
          ) : null}
          ) · payback {r.roi.paybackMonth ?? '—'} · NPV at {r.roi.discountRatePct} %{' '}
          <Money value={r.roi.npv} currency={cur} /> · data through {r.pva.dataThrough ?? '—'}
        </p>
        {option ? <Chart option={option} label="plan vs actual by month" height={260} /> : null}
        {r.pva.notes.length ? <p className="muted">{r.pva.notes.join(' ')}</p> : null}
      </section>
      <section className="card">
        <h2>Cost by category</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>Category</th>
              <th className="num">Plan</th>
              <th className="num">Actual</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(r.pva.byCategory)
              .filter(([, v]) => Number(v.plan) !== 0 || Number(v.actual) !== 0)
              .map(([c, v]) => (
                <tr key={c}>
                  <td>{label(c)}</td>
                  <td className="num">
                    <Money value={v.plan} currency={cur} />
                  </td>
                  <td className="num">
                    <Money value={v.actual} currency={cur} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Actual by source</h2>
        <table className="grid" data-testid="actual-lines">
          <tbody>
            {r.pva.lines.map((l) => (
              <tr key={l.key} className={l.kind === 'memo' ? 'muted' : undefined}>
                <td>{l.label}</td>
                <td className="num">
                  <Money value={l.total} currency={cur} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.measurements.length ? (
          <>
            <h2>KPIs as measured</h2>
            <table className="grid" data-testid="measured-kpis">
              <thead>
                <tr>
                  <th>KPI (metric)</th>
                  <th className="num">Planned</th>
                  <th className="num">Measured</th>
                  <th>Through</th>
                </tr>
              </thead>
              <tbody>
                {r.measurements.map((m) => (
                  <tr key={m.benefit}>
                    <td>
                      {m.kpi} ({m.metric})
                    </td>
                    <td className="num">{m.plannedToDate}</td>
                    <td className="num">{m.measuredToDate}</td>
                    <td>{m.measuredThrough ?? 'no data yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>Sensitivity</h2>
        <table className="grid" data-testid="sensitivity">
          <thead>
            <tr>
              <th>Benefits</th>
              <th>Costs</th>
              <th className="num">Net</th>
              <th className="num">ROI</th>
              <th className="num">NPV</th>
            </tr>
          </thead>
          <tbody>
            {r.sensitivity.map((s) => (
              <tr key={`${s.benefitFactor}-${s.costFactor}`}>
                <td>× {s.benefitFactor}</td>
                <td>× {s.costFactor}</td>
                <td className="num">
                  <Money value={s.net} currency={cur} />
                </td>
                <td className="num">{pct(s.roi)}</td>
                <td className="num">
                  <Money value={s.npv} currency={cur} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Budget checklist</h2>
        {r.plan.findings.length === 0 ? (
          <p>The plan covers every category below the waterline, within the typical ranges.</p>
        ) : (
          <ul data-testid="findings">
            {r.plan.findings.map((f) => (
              <li key={`${f.kind}-${f.category}`}>{f.message}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * Opens the one-pager in a new tab: the tab opens on the click (so no popup blocker stops it), the
 * report is fetched with the token and the tab navigates to its blob URL; without a tab it downloads.
 */
function ReportButton(props: { path: string; id: string }) {
  const { api } = useDashboard();
  const [error, setError] = useState<Error | null>(null);
  const open = async () => {
    setError(null);
    const tab = window.open('', '_blank');
    try {
      const body = await api.getBlob(props.path);
      const url = URL.createObjectURL(new Blob([body], { type: 'text/html' }));
      if (tab) {
        tab.location.href = url;
      } else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `initiative-${props.id}.html`;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return (
    <>
      <button type="button" className="link" data-testid="report-link" onClick={() => void open()}>
        CFO one-pager →
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}
