/**
 * AI spend: LLM cost by model, team and app (token-priced from usage logs; unpriced usage counted,
 * never shown as $0), the token mix, the unit-cost trend, a model-switch what-if (its token-ratio
 * assumption printed with the answer) and the gap between token-priced usage and the invoices.
 * Every number comes from the /api/ai routes.
 */
import { useState } from 'react';
import type {
  AiReconciliation,
  AiSpendResult,
  AiUnitCostResult,
  WhatIfResult,
} from '@costlens/core';
import { ApiError } from '../api.ts';
import { useDashboard } from '../api-context.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { useAsync } from '../use-async.ts';

const tokens = (n: number) => n.toLocaleString('en-US');
/** Unit costs are often fractions of a cent: exact text, not rounded to cents. */
const unit = (v: string | null) => (v === null ? '—' : `$${v}`);

/** Token mix per model as stacked bars. */
export function tokenMixChart(s: AiSpendResult): ChartOption {
  const rows = s.rows.slice(0, 12);
  const series = [
    ['uncached input', (r: AiSpendResult['rows'][number]) => r.inputTokens],
    ['cached input', (r: AiSpendResult['rows'][number]) => r.cachedInputTokens],
    ['cache writes', (r: AiSpendResult['rows'][number]) => r.cacheWriteTokens],
    ['output', (r: AiSpendResult['rows'][number]) => r.outputTokens],
  ] as const;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 260, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'value', name: 'tokens' },
    yAxis: { type: 'category', data: rows.map((r) => r.key.model ?? '(none)') },
    series: series.map(([name, f]) => ({
      name,
      type: 'bar',
      stack: 'tokens',
      data: rows.map((r) => f(r)),
    })),
  } as ChartOption;
}

/** Cost per 1k tokens and per request over time. */
export function unitTrendChart(u: AiUnitCostResult): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 60, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: u.rows.map((r) => r.period) },
    yAxis: [
      { type: 'value', name: '$ / 1k tokens' },
      { type: 'value', name: '$ / request' },
    ],
    series: [
      {
        name: 'per 1k tokens',
        type: 'line',
        data: u.rows.map((r) => (r.costPer1kTokens === null ? null : Number(r.costPer1kTokens))),
      },
      {
        name: 'per request',
        type: 'line',
        yAxisIndex: 1,
        data: u.rows.map((r) => (r.costPerRequest === null ? null : Number(r.costPerRequest))),
      },
    ],
  } as ChartOption;
}

function SpendTable(props: { s: AiSpendResult; dims: string[]; testId: string }) {
  const { currency } = useDashboard();
  return (
    <table className="grid" data-testid={props.testId}>
      <thead>
        <tr>
          {props.dims.map((d) => (
            <th key={d}>{d}</th>
          ))}
          <th>cost</th>
          <th>requests</th>
          <th>input</th>
          <th>cached</th>
          <th>output</th>
          <th>unpriced</th>
        </tr>
      </thead>
      <tbody>
        {props.s.rows.map((r) => (
          <tr key={props.dims.map((d) => r.key[d] ?? '').join('|')}>
            {props.dims.map((d) => (
              <td key={d}>{r.key[d] ?? '(none)'}</td>
            ))}
            <td>
              <Money value={r.cost} currency={currency} />
            </td>
            <td>{tokens(r.requests)}</td>
            <td>{tokens(r.inputTokens)}</td>
            <td>{tokens(r.cachedInputTokens)}</td>
            <td>{tokens(r.outputTokens)}</td>
            <td>{r.unpricedEvents || ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WhatIf(props: { models: string[] }) {
  const { api, currency } = useDashboard();
  const [from, setFrom] = useState(props.models[0] ?? '');
  const [target, setTarget] = useState('');
  const [inputRatio, setInputRatio] = useState('1');
  const [outputRatio, setOutputRatio] = useState('1');
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card wide">
      <h2>What if we switched models?</h2>
      <form
        className="what-if"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          api
            .post<WhatIfResult>('/api/ai/what-if', {
              filters: from ? { model: from } : {},
              targetModel: target.trim(),
              inputRatio: Number(inputRatio),
              outputRatio: Number(outputRatio),
            })
            .then(setResult, (err: unknown) => {
              setResult(null);
              setError(err);
            });
        }}
      >
        <label>
          usage of{' '}
          <select aria-label="current model" value={from} onChange={(e) => setFrom(e.target.value)}>
            <option value="">all models</option>
            {props.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          priced on{' '}
          <input
            aria-label="target model"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder="e.g. gpt-4.1-mini-2025-04-14"
          />
        </label>{' '}
        <label>
          input ratio{' '}
          <input
            aria-label="input token ratio"
            size={4}
            value={inputRatio}
            onChange={(e) => setInputRatio(e.target.value)}
          />
        </label>{' '}
        <label>
          output ratio{' '}
          <input
            aria-label="output token ratio"
            size={4}
            value={outputRatio}
            onChange={(e) => setOutputRatio(e.target.value)}
          />
        </label>{' '}
        <button type="submit" disabled={!target.trim()}>
          Price it
        </button>
      </form>
      {error ? (
        <ErrorBox
          error={
            error instanceof ApiError || error instanceof Error ? error : new Error(String(error))
          }
        />
      ) : null}
      {result ? (
        <div data-testid="what-if-result">
          <p>
            <Money value={result.currentCost} currency={currency} testId="what-if-current" /> today
            → <Money value={result.projectedCost} currency={currency} testId="what-if-projected" />{' '}
            on {result.target.model} (change <Money value={result.delta} currency={currency} />
            {result.deltaPct === null ? '' : `, ${result.deltaPct} %`})
          </p>
          <ul data-testid="what-if-assumptions">
            {result.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function Reconciliation(props: { r: AiReconciliation }) {
  const { currency } = useDashboard();
  if (props.r.providers.length === 0) return <Empty>No invoice lines to compare with yet.</Empty>;
  return (
    <table className="grid" data-testid="ai-reconciliation">
      <thead>
        <tr>
          <th>provider</th>
          <th>invoice source</th>
          <th>days compared</th>
          <th>token-priced usage</th>
          <th>invoice</th>
          <th>gap</th>
          <th>gap %</th>
          <th>usage without invoice</th>
          <th>invoice without usage</th>
        </tr>
      </thead>
      <tbody>
        {props.r.providers.map((p) => (
          <tr key={p.provider}>
            <td>{p.provider}</td>
            <td>{p.invoiceSource}</td>
            <td>{p.overlapDays}</td>
            <td>
              <Money value={p.usageCost} currency={currency} />
            </td>
            <td>
              <Money value={p.invoiceCost} currency={currency} />
            </td>
            <td>
              <Money value={p.gap} currency={currency} testId={`gap-${p.provider}`} />
            </td>
            <td>{p.gapPct ?? '—'}</td>
            <td>
              <Money value={p.usageOnlyCost} currency={currency} /> ({p.usageOnlyDays} d)
            </td>
            <td>
              <Money value={p.invoiceOnlyCost} currency={currency} /> ({p.invoiceOnlyDays} d)
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AiSpend() {
  const { api, currency } = useDashboard();
  const data = useAsync(async (signal) => {
    const [byModel, byTeamApp, trend, rec] = await Promise.all([
      api.get<AiSpendResult>('/api/ai/spend?by=model', signal),
      api.get<AiSpendResult>('/api/ai/spend?by=team,app', signal),
      api.get<AiUnitCostResult>('/api/ai/unit-cost?grain=day', signal),
      api.get<AiReconciliation>('/api/ai/reconciliation', signal),
    ]);
    return { byModel, byTeamApp, trend, rec };
  }, 'ai-spend');
  if (data.status === 'loading') return <Loading what="AI spend" />;
  if (data.status === 'error') return <ErrorBox error={data.error} />;
  const { byModel, byTeamApp, trend, rec } = data.data;
  if (byModel.total.events === 0) {
    return (
      <div className="page">
        <Empty>
          No LLM usage yet. Load OpenAI / Anthropic usage exports, Bedrock invocation logs, LiteLLM
          spend logs or OTel GenAI spans with <code>costlens ai ingest</code>.
        </Empty>
      </div>
    );
  }
  const t = byModel.total;
  return (
    <div className="page">
      <section className="card wide" data-testid="ai-totals">
        <h2>AI spend</h2>
        <p>
          Token-priced LLM spend <Money value={t.cost} currency={currency} testId="ai-total" /> ·{' '}
          {tokens(t.requests)} requests ·{' '}
          {tokens(t.inputTokens + t.cachedInputTokens + t.cacheWriteTokens + t.outputTokens)} tokens
          · cache savings{' '}
          <Money value={t.cacheSavings} currency={currency} testId="ai-cache-savings" />
        </p>
        <p>
          Per request {unit(trend.total.costPerRequest)} · per 1k tokens{' '}
          {unit(trend.total.costPer1kTokens)}
          {t.unpricedEvents ? (
            <span className="note" data-testid="ai-unpriced">
              {' '}
              · {t.unpricedEvents} usage rows could not be priced (model unknown to the price book)
              and are not in the total
            </span>
          ) : null}
        </p>
      </section>
      <section className="card wide">
        <h2>By model</h2>
        <SpendTable s={byModel} dims={['model']} testId="ai-by-model" />
      </section>
      <section className="card wide">
        <h2>By team and app</h2>
        <SpendTable s={byTeamApp} dims={['team', 'app']} testId="ai-by-team-app" />
      </section>
      <section className="card wide">
        <h2>Token mix</h2>
        <Chart
          option={tokenMixChart(byModel)}
          label="tokens by type per model"
          height={Math.max(200, 40 * byModel.rows.length + 60)}
        />
      </section>
      <section className="card wide">
        <h2>Unit cost over time</h2>
        <Chart
          option={unitTrendChart(trend)}
          label="cost per 1k tokens and per request by day"
          height={280}
        />
      </section>
      <WhatIf
        models={byModel.rows.map((r) => r.key.model).filter((m): m is string => m !== null)}
      />
      <section className="card wide">
        <h2>Usage vs invoice</h2>
        <Reconciliation r={rec} />
      </section>
    </div>
  );
}
