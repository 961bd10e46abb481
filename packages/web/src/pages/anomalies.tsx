/**
 * Anomalies: the list by severity and impact, and one anomaly's expected band chart, drivers,
 * explanation and lifecycle buttons (acknowledge, resolve, feedback). Numbers come from the API.
 * The list has one row per incident; the other monitors that saw it are named on that row.
 * Hourly anomalies show their hours (UTC); their band chart is by hour, their drivers by day.
 */
import { useState } from 'react';
import type { Anomaly } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { formatPct } from '../format.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';
import { MonitorsCard } from './monitors-card.tsx';

/**
 * An hourly anomaly's hours, UTC, the end exclusive: `2026-03-04 14:00–17:00 UTC`, or
 * `2026-03-04 22:00 – 2026-03-05 02:00 UTC` across midnight.
 */
export function hoursLabel(startAt: string, endAt: string): string {
  const end = new Date(Date.parse(endAt) + 3_600_000).toISOString();
  const [day, from, until] = [startAt.slice(0, 10), startAt.slice(11, 16), end.slice(11, 16)];
  if (endAt.slice(0, 10) === day)
    return `${day} ${from}–${until === '00:00' ? '24:00' : until} UTC`;
  return `${day} ${from} – ${end.slice(0, 10)} ${until} UTC`;
}

/** A driver's other names (same rows): `team data, tag:app warehouse`; empty when none. */
function aliasText(d: Anomaly['drivers'][number]): string {
  return (d.aliases ?? []).map((a) => `${a.dimension} ${a.value ?? '(none)'}`).join(', ');
}

/** When an anomaly happened: its hours for hourly monitors, else its day or days. */
function whenLabel(a: Anomaly): string {
  if (a.startAt && a.endAt) return hoursLabel(a.startAt, a.endAt);
  return a.endDay !== a.startDay ? `${a.startDay} – ${a.endDay}` : a.startDay;
}

/** Actual cost against the expected value and its band, anomalous days (or hours) marked. */
export function bandChart(a: Anomaly): ChartOption {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['actual', 'expected', 'band'] },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: {
      type: 'category',
      // Hourly bands hold hour stamps: show them as `MM-DD HH:00`.
      data: a.band.map((p) =>
        p.day.length > 10 ? `${p.day.slice(5, 10)} ${p.day.slice(11, 16)}` : p.day,
      ),
    },
    yAxis: { type: 'value' },
    series: [
      {
        name: 'band low',
        type: 'line',
        data: a.band.map((p) => num(p.lower)),
        stack: 'band',
        lineStyle: { opacity: 0 },
        showSymbol: false,
      },
      {
        name: 'band',
        type: 'line',
        data: a.band.map((p) =>
          p.upper === null || p.lower === null ? null : Number(p.upper) - Number(p.lower),
        ),
        stack: 'band',
        lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.2 },
        showSymbol: false,
      },
      {
        name: 'expected',
        type: 'line',
        data: a.band.map((p) => num(p.expected)),
        lineStyle: { type: 'dashed' },
        showSymbol: false,
      },
      {
        name: 'actual',
        type: 'line',
        data: a.band.map((p) => ({ value: Number(p.actual), symbolSize: p.anomalous ? 9 : 3 })),
      },
    ],
  } as ChartOption;
}

export function Anomalies(props: { search: string }) {
  const { api, currency } = useDashboard();
  const id = new URLSearchParams(props.search).get('id');
  const [version, setVersion] = useState(0);
  const list = useAsync(
    (signal) => api.get<{ anomalies: Anomaly[] }>('/api/anomalies?limit=200', signal),
    `anomalies:${version}`,
  );
  const one = useAsync(
    (signal) =>
      id
        ? api.get<Anomaly>(`/api/anomalies/${encodeURIComponent(id)}`, signal)
        : Promise.resolve(null),
    `anomaly:${id ?? ''}:${version}`,
  );
  const act = async (path: string, body: unknown) => {
    await api.post(path, body);
    setVersion((v) => v + 1);
  };
  return (
    <div className="page">
      {id ? (
        <section className="card wide">
          {one.status === 'loading' ? (
            <Loading what="the anomaly" />
          ) : one.status === 'error' ? (
            <ErrorBox error={one.error} />
          ) : one.data ? (
            <div data-testid="anomaly-detail">
              <h2>{one.data.title}</h2>
              <p>
                <span data-testid="anomaly-when">{whenLabel(one.data)}</span> · {one.data.severity}{' '}
                · impact{' '}
                <Money value={one.data.impactUsd} currency={currency} testId="anomaly-impact" /> ·{' '}
                {one.data.status}
                {one.data.feedback ? ` · labelled ${one.data.feedback.replaceAll('_', ' ')}` : ''}
              </p>
              <Chart
                option={bandChart(one.data)}
                label="actual cost against the expected band"
                height={300}
              />
              <p data-testid="anomaly-explanation">{one.data.explanation}</p>
              <h3>Drivers</h3>
              <table className="grid" data-testid="anomaly-drivers">
                <thead>
                  <tr>
                    <th>dimension</th>
                    <th>value</th>
                    <th>change</th>
                    <th>share</th>
                    <th title="other names for exactly the same cost rows">also named</th>
                  </tr>
                </thead>
                <tbody>
                  {one.data.drivers.map((d, i) => (
                    <tr key={i}>
                      <td>{d.dimension}</td>
                      <td>{d.value ?? '(none)'}</td>
                      <td>
                        <Money value={d.deltaUsd} currency={currency} />
                      </td>
                      <td>{formatPct(d.share)}</td>
                      <td>{aliasText(d)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="actions">
                {one.data.status === 'open' ? (
                  <button
                    type="button"
                    onClick={() =>
                      void act(`/api/anomalies/${one.data!.id}/status`, { status: 'acknowledged' })
                    }
                  >
                    Acknowledge
                  </button>
                ) : null}
                {one.data.status !== 'resolved' ? (
                  <button
                    type="button"
                    onClick={() =>
                      void act(`/api/anomalies/${one.data!.id}/status`, { status: 'resolved' })
                    }
                  >
                    Resolve
                  </button>
                ) : null}
                {(['real_issue', 'expected', 'not_an_issue'] as const).map((f) => (
                  <button
                    key={f}
                    type="button"
                    onClick={() =>
                      void act(`/api/anomalies/${one.data!.id}/feedback`, { feedback: f })
                    }
                  >
                    {f === 'real_issue'
                      ? 'Real issue'
                      : f === 'expected'
                        ? 'Expected'
                        : 'Not an issue'}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
      <section className="card wide">
        <h2>Anomalies</h2>
        {list.status === 'loading' ? (
          <Loading what="anomalies" />
        ) : list.status === 'error' ? (
          <ErrorBox error={list.error} />
        ) : list.data.anomalies.length === 0 ? (
          <Empty>
            No anomalies. Run <code>costlens anomalies detect</code> after ingesting.
          </Empty>
        ) : (
          <table className="grid" data-testid="anomalies">
            <thead>
              <tr>
                <th>severity</th>
                <th>days</th>
                <th>anomaly</th>
                <th>impact</th>
                <th>status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.anomalies.map((a) => (
                <tr key={a.id}>
                  <td>{a.severity}</td>
                  <td>{whenLabel(a)}</td>
                  <td>
                    <a
                      href={`/anomalies?id=${encodeURIComponent(a.id)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/anomalies?id=${encodeURIComponent(a.id)}`);
                      }}
                    >
                      {a.title}
                    </a>
                    {a.related?.length ? (
                      <span className="muted" data-testid="anomaly-related">
                        {' '}
                        · also seen by {a.related.map((r) => r.monitorName).join(', ')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <Money value={a.impactUsd} currency={currency} />
                  </td>
                  <td>{a.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <MonitorsCard onChange={() => setVersion((v) => v + 1)} />
    </div>
  );
}
