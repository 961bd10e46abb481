/**
 * GPU fleet: totals (cost, idle $ split allocated-but-idle vs unallocated, allocation rate,
 * effective utilization), the utilization × criticality 2×2 as a scatter with bubble size = cost,
 * each placement with its $ and reasons, and one GPU's timeline. Numbers come from the API.
 */
import type { GpuMatrix, GpuFleet, GpuTimeline, Placement } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { escapeHtml } from '../escape-html.ts';
import { navigate } from '../router.ts';
import { useAsync } from '../use-async.ts';

/** A share as a plain percentage (formatPct signs changes; these are levels). */
const formatPct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)} %`;

const COLOURS: Record<Placement['quadrant'], string> = {
  reallocate: '#d9534f',
  rightsize_protect: '#f0ad4e',
  spot_or_queue: '#5bc0de',
  optimize_commit: '#5cb85c',
};

/** The 2×2: x = effective utilization, y = criticality (spread within its half), size ∝ √cost. */
export function matrixChart(m: GpuMatrix): ChartOption {
  const maxCost = Math.max(1, ...m.placements.map((p) => Number(p.costUsd ?? 0)));
  const quadrants = Object.keys(COLOURS) as Placement['quadrant'][];
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { data: { name: string; cost: string; q: string } }).data;
        // ECharts puts this string in the page as HTML: the device id comes from scraped data.
        return `${escapeHtml(d.name)}<br/>${escapeHtml(d.q)} · $${escapeHtml(String(d.cost))}`;
      },
    },
    legend: { top: 0, data: quadrants.map((q) => m.quadrants[q].label) },
    grid: { left: 60, right: 20, top: 50, bottom: 40 },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: 'effective utilization %',
      nameLocation: 'middle',
      nameGap: 25,
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'criticality',
      axisLabel: { formatter: (v: number) => (v === 0.25 ? 'low' : v === 0.75 ? 'high' : '') },
      interval: 0.25,
    },
    series: quadrants.map((q) => ({
      name: m.quadrants[q].label,
      type: 'scatter',
      itemStyle: { color: COLOURS[q], opacity: 0.75 },
      data: m.placements
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => p.quadrant === q)
        .map(({ p, i }) => ({
          name: p.deviceId,
          q: p.quadrant,
          cost: p.costUsd ?? '0',
          value: [
            Math.round((p.utilization ?? 0) * 1000) / 10,
            (p.criticality === 'high' ? 0.75 : 0.25) + (((i * 37) % 19) - 9) / 60,
          ],
          symbolSize: 8 + 40 * Math.sqrt(Number(p.costUsd ?? 0) / maxCost),
        })),
      markLine:
        q === 'reallocate'
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed', color: '#888' },
              data: [{ xAxis: m.thresholds.highUseAt * 100 }, { yAxis: 0.5 }],
            }
          : undefined,
    })),
  } as ChartOption;
}

/** Busy % and power over time, framebuffer on its own axis. */
export function timelineChart(t: GpuTimeline): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['busy %', 'framebuffer MiB', 'power W'] },
    grid: { left: 60, right: 60, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: t.points.map((p) => p.ts.slice(5, 16).replace('T', ' ')) },
    yAxis: [
      { type: 'value', name: '% / W' },
      { type: 'value', name: 'MiB' },
    ],
    series: [
      {
        name: 'busy %',
        type: 'line',
        data: t.points.map((p) => (p.busy === null ? null : Math.round(p.busy * 1000) / 10)),
      },
      { name: 'power W', type: 'line', data: t.points.map((p) => p.powerW) },
      {
        name: 'framebuffer MiB',
        type: 'line',
        yAxisIndex: 1,
        data: t.points.map((p) => p.fbUsedMiB),
      },
    ],
  } as ChartOption;
}

function Timeline(props: { device: string }) {
  const { api } = useDashboard();
  const t = useAsync(
    (signal) =>
      api.get<GpuTimeline>(`/api/gpu/${encodeURIComponent(props.device)}/timeline`, signal),
    `gpu-timeline:${props.device}`,
  );
  if (t.status === 'loading') return <Loading what="the GPU timeline" />;
  if (t.status === 'error') return <ErrorBox error={t.error} />;
  return (
    <div data-testid="gpu-timeline" data-points={t.data.points.length}>
      <h2>
        {t.data.deviceId} on {t.data.hostname}
      </h2>
      <p>
        {t.data.model ?? 'unknown model'} · busy from {t.data.busySource ?? '—'}
        {t.data.busySource === 'DCGM_FI_DEV_GPU_UTIL' ? ' (no profiling metrics: fallback)' : ''}
      </p>
      <Chart option={timelineChart(t.data)} label={`timeline of ${t.data.deviceId}`} height={260} />
    </div>
  );
}

export function Gpu(props: { search: string }) {
  const { api, currency } = useDashboard();
  const device = new URLSearchParams(props.search).get('device');
  const data = useAsync(async (signal) => {
    const [fleet, matrix] = await Promise.all([
      api.get<GpuFleet>('/api/gpu/fleet', signal),
      api.get<GpuMatrix>('/api/gpu/matrix', signal),
    ]);
    return { fleet, matrix };
  }, 'gpu');
  if (data.status === 'loading') return <Loading what="the GPU fleet" />;
  if (data.status === 'error') return <ErrorBox error={data.error} />;
  const { fleet, matrix } = data.data;
  if (fleet.devices.length === 0) {
    return (
      <div className="page">
        <Empty>
          No GPU metrics yet. Load dcgm-exporter scrapes or nvidia-smi captures with{' '}
          <code>costlens gpu ingest</code>, or run <code>costlens gpu collect</code> on a GPU host.
        </Empty>
      </div>
    );
  }
  const t = fleet.totals;
  return (
    <div className="page">
      <section className="card wide" data-testid="gpu-totals">
        <h2>GPU fleet</h2>
        <p>
          {t.devices} GPUs / slices · {fleet.window.start.slice(0, 16)} –{' '}
          {fleet.window.end.slice(0, 16)}
        </p>
        <p>
          Cost <Money value={t.costUsd} currency={currency} testId="gpu-cost" /> · idle{' '}
          <Money value={t.idleUsd} currency={currency} testId="gpu-idle" /> (allocated but idle{' '}
          <Money value={t.allocatedIdleUsd} currency={currency} />, unallocated{' '}
          <Money value={t.unallocatedUsd} currency={currency} />) · allocation{' '}
          {formatPct(t.allocationRate)} · effective utilization {formatPct(t.effectiveUtilization)}
        </p>
        {fleet.notes.map((n) => (
          <p key={n} className="note">
            {n}
          </p>
        ))}
      </section>
      {device ? (
        <section className="card wide">
          <Timeline device={device} />
        </section>
      ) : null}
      <section className="card wide">
        <h2>Utilization × criticality</h2>
        <Chart
          option={matrixChart(matrix)}
          label="GPU utilization against criticality, bubble size = cost"
          height={360}
        />
        <table className="grid" data-testid="gpu-quadrants">
          <thead>
            <tr>
              <th>placement</th>
              <th>GPUs</th>
              <th>cost</th>
              <th>$/month at stake</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(matrix.quadrants).map(([q, v]) => (
              <tr key={q}>
                <td>{v.label}</td>
                <td>{v.devices}</td>
                <td>
                  <Money value={v.costUsd} currency={currency} />
                </td>
                <td>
                  <Money value={v.opportunityMonthlyUsd} currency={currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card wide">
        <h2>Placements</h2>
        <table className="grid" data-testid="gpu-placements">
          <thead>
            <tr>
              <th>device</th>
              <th>workload</th>
              <th>use</th>
              <th>criticality</th>
              <th>placement</th>
              <th>$/month</th>
              <th>why</th>
            </tr>
          </thead>
          <tbody>
            {matrix.placements.map((p) => (
              <tr key={p.deviceId}>
                <td>
                  <a
                    href={`/gpu?device=${encodeURIComponent(p.deviceId)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/gpu?device=${encodeURIComponent(p.deviceId)}`);
                    }}
                  >
                    {p.deviceId}
                  </a>
                </td>
                <td>{p.workload ?? p.namespace ?? p.hostname}</td>
                <td>{formatPct(p.utilization)}</td>
                <td>{p.criticality}</td>
                <td>{p.quadrant}</td>
                <td>
                  <Money value={p.opportunityMonthlyUsd} currency={currency} />
                </td>
                <td>{p.reasons.join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
