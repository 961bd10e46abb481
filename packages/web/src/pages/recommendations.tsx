/**
 * Recommendations: a list filtered by status and rule, and one recommendation's detail — why,
 * the saving and how it was computed, risk, confidence, evidence (semantic queries), the plan
 * (which CostLens never runs) and history — with approve / reject and a required reason.
 */
import { useState } from 'react';
import type { Recommendation } from '@costlens/core';
import { ApiError } from '../api.ts';
import { useDashboard } from '../api-context.ts';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { useAsync } from '../use-async.ts';

const STATUSES = ['proposed', 'approved', 'rejected', 'applied', 'verified', 'regressed'] as const;

export function Recommendations() {
  const { api } = useDashboard();
  const [status, setStatus] = useState('proposed');
  const [kind, setKind] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const qs = new URLSearchParams({ ...(status ? { status } : {}), ...(kind ? { kind } : {}) });
  const list = useAsync(
    (signal) =>
      api.get<{ recommendations: Recommendation[] }>(`/api/recommendations?${qs}`, signal),
    `${qs}:${version}`,
  );
  const kinds = useAsync(
    (signal) => api.get<{ recommendations: Recommendation[] }>('/api/recommendations', signal),
    `kinds:${version}`,
  );
  const kindOptions =
    kinds.status === 'ok' ? [...new Set(kinds.data.recommendations.map((r) => r.kind))].sort() : [];
  return (
    <div className="page recommendations">
      <section className="card wide">
        <h2>Recommendations</h2>
        <div className="controls">
          <label>
            Status{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            Rule{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">any</option>
              {kindOptions.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
        </div>
        {list.status === 'loading' ? (
          <Loading what="recommendations" />
        ) : list.status === 'error' ? (
          <ErrorBox error={list.error} />
        ) : list.data.recommendations.length === 0 ? (
          <Empty>
            No recommendations here. Run <code>costlens recommend run</code> after ingesting.
          </Empty>
        ) : (
          <RecommendationTable recs={list.data.recommendations} onPick={setSelected} />
        )}
      </section>
      {selected ? (
        <Detail
          key={`${selected}:${version}`}
          id={selected}
          onChange={() => setVersion((v) => v + 1)}
        />
      ) : null}
    </div>
  );
}

function RecommendationTable(props: { recs: Recommendation[]; onPick: (id: string) => void }) {
  const { currency } = useDashboard();
  return (
    <table className="grid" data-testid="recommendations">
      <thead>
        <tr>
          <th>Recommendation</th>
          <th>Rule</th>
          <th>Status</th>
          <th className="num">Saves / month</th>
          <th className="num">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {props.recs.map((r) => (
          <tr key={r.id}>
            <td>
              <button type="button" className="link" onClick={() => props.onPick(r.id)}>
                {r.title}
              </button>
            </td>
            <td>{r.kind}</td>
            <td>{r.status}</td>
            <td className="num">
              <Money value={r.estimatedMonthlySavingsUsd.toFixed(2)} currency={currency} />
            </td>
            <td className="num">{Math.round(r.confidence * 100)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detail(props: { id: string; onChange: () => void }) {
  const { api, currency } = useDashboard();
  const rec = useAsync(
    (signal) => api.get<Recommendation>(`/api/recommendations/${props.id}`, signal),
    props.id,
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  if (rec.status === 'loading') return <Loading what="the recommendation" />;
  if (rec.status === 'error') return <ErrorBox error={rec.error} />;
  const r = rec.data;
  const act = async (verb: 'approve' | 'reject') => {
    setError(null);
    try {
      await api.post(`/api/recommendations/${r.id}/${verb}`, { reason });
      props.onChange();
    } catch (e) {
      setError(e instanceof Error ? e : new ApiError(0, 'HTTP', String(e), undefined, []));
    }
  };
  return (
    <section className="card wide" data-testid="recommendation-detail">
      <h3>
        {r.title} <small>({r.status})</small>
      </h3>
      <p>
        Saves about <Money value={r.estimatedMonthlySavingsUsd.toFixed(2)} currency={currency} /> a
        month: {r.calculation}
      </p>
      <p>
        Confidence {Math.round(r.confidence * 100)} %. <strong>Risk:</strong> {r.risk}
      </p>
      <h4>Why</h4>
      <ul>
        {r.why.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
      <h4>Evidence</h4>
      {r.evidence.map((q, i) => (
        <pre key={i}>{JSON.stringify(q, null, 2)}</pre>
      ))}
      <h4>Plan (CostLens never runs it)</h4>
      <ol>
        {r.plan.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      {r.plan.commands.length ? <pre>{r.plan.commands.join('\n')}</pre> : null}
      {r.plan.terraform ? <pre>{r.plan.terraform}</pre> : null}
      <h4>History</h4>
      <ul>
        {r.history.map((h, i) => (
          <li key={i}>
            {h.at} {h.actor} {h.action}
            {h.reason ? ` — ${h.reason}` : ''}
          </li>
        ))}
      </ul>
      {r.status === 'proposed' || r.status === 'approved' ? (
        <form
          className="review"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <textarea
            aria-label="Reason"
            placeholder="Reason (required)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {r.status === 'proposed' ? (
            <button type="button" disabled={!reason.trim()} onClick={() => void act('approve')}>
              Approve
            </button>
          ) : null}
          <button type="button" disabled={!reason.trim()} onClick={() => void act('reject')}>
            Reject
          </button>
        </form>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
