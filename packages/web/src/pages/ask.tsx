/**
 * Ask: a chat panel over the offline assistant. Each answer shows the values behind its numbers
 * (exact decimals in `data-value`), a small table, and a collapsible "query behind it" with the
 * semantic queries and SQL; a clarification offers its options as buttons. Beside it, the
 * questions people keep asking (the question log's patterns), each one click to ask again.
 */
import { useState } from 'react';
import type { AskResult, QuestionPattern } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { Money } from '../components/money.tsx';
import { ErrorBox } from '../components/states.tsx';
import { useAsync } from '../use-async.ts';

interface Turn {
  question: string;
  result?: AskResult;
  error?: Error;
}

const EXAMPLES = [
  'How much did we spend last month?',
  'Top 5 services this month',
  'This month vs last month',
  'Why did EC2 go up last week?',
  'Forecast for this month',
];

export function Ask() {
  const { api, currency } = useDashboard();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(0);
  const patterns = useAsync(
    (signal) => api.get<{ patterns: QuestionPattern[] }>('/api/ask/patterns?limit=10', signal),
    `ask-patterns:${asked}`,
  );

  const ask = async (question: string) => {
    const q = question.trim();
    if (!q || busy) return;
    setBusy(true);
    setText('');
    try {
      const result = await api.post<AskResult>('/api/ask', { question: q, channel: 'web' });
      setTurns((t) => [...t, { question: q, result }]);
    } catch (e) {
      setTurns((t) => [
        ...t,
        { question: q, error: e instanceof Error ? e : new Error(String(e)) },
      ]);
    } finally {
      setBusy(false);
      setAsked((n) => n + 1);
    }
  };

  return (
    <div className="page">
      <section className="card wide" data-testid="ask-chat">
        <h2>Ask CostLens</h2>
        <p className="hint">
          Answers come from queries over your data; every number is listed with the query behind it.
          Try:{' '}
          {EXAMPLES.map((e, i) => (
            <span key={e}>
              {i > 0 ? ' · ' : ''}
              <button type="button" className="link" onClick={() => void ask(e)}>
                {e}
              </button>
            </span>
          ))}
        </p>
        {turns.map((t, i) => (
          <div key={i} className="ask-turn" data-testid="ask-turn">
            <p className="ask-question">
              <strong>You:</strong> {t.question}
            </p>
            {t.error ? <ErrorBox error={t.error} /> : null}
            {t.result ? <Answer result={t.result} currency={currency} onAsk={ask} /> : null}
          </div>
        ))}
        <form
          className="ask-form"
          onSubmit={(e) => {
            e.preventDefault();
            void ask(text);
          }}
        >
          <input
            aria-label="Question"
            placeholder="e.g. How much did we spend on EC2 last month?"
            value={text}
            maxLength={2000}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={busy || !text.trim()}>
            {busy ? 'Asking…' : 'Ask'}
          </button>
        </form>
      </section>
      <section className="card" data-testid="ask-patterns">
        <h2>What people ask</h2>
        {patterns.status === 'error' ? <ErrorBox error={patterns.error} /> : null}
        {patterns.status === 'ok' && patterns.data.patterns.length === 0 ? (
          <p className="hint">No questions asked yet.</p>
        ) : null}
        {patterns.status === 'ok' && patterns.data.patterns.length > 0 ? (
          <table className="grid">
            <thead>
              <tr>
                <th>asked</th>
                <th>kind</th>
                <th>pattern</th>
              </tr>
            </thead>
            <tbody>
              {patterns.data.patterns.map((p) => (
                <tr key={`${p.intent}:${p.template}`}>
                  <td>{p.count}</td>
                  <td>{p.intent.replaceAll('_', ' ')}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      title={p.example}
                      onClick={() => void ask(p.example)}
                    >
                      {p.template}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

function Answer(props: { result: AskResult; currency: string; onAsk: (q: string) => void }) {
  const r = props.result;
  return (
    <div className="ask-answer" data-testid="ask-answer" data-intent={r.intent}>
      <p data-testid="ask-answer-text">{r.answer}</p>
      {r.clarification?.options?.length ? (
        <div className="ask-options" data-testid="ask-options">
          {r.clarification.options.map((o) => (
            <button key={o} type="button" onClick={() => props.onAsk(o)}>
              {o}
            </button>
          ))}
        </div>
      ) : null}
      {r.values.length > 0 ? (
        <table className="grid" data-testid="ask-values">
          <thead>
            <tr>
              <th>value</th>
              <th>amount</th>
            </tr>
          </thead>
          <tbody>
            {r.values.slice(0, 30).map((v, i) => (
              <tr key={i}>
                <td>{v.label}</td>
                <td>
                  {v.unit === 'USD' ? (
                    <Money value={v.value} currency={props.currency} />
                  ) : (
                    <span data-value={String(v.value)}>
                      {typeof v.value === 'number' ? v.value.toLocaleString() : v.value}
                      {v.unit === '%' ? '%' : ''}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {(r.warnings ?? []).map((w) => (
        <p key={w} className="banner">
          {w}
        </p>
      ))}
      {r.queries.length > 0 || (r.analyses?.length ?? 0) > 0 ? (
        <details data-testid="ask-behind">
          <summary>Query behind it</summary>
          {r.queries.map((q, i) => (
            <div key={i}>
              <pre data-testid="ask-query">{JSON.stringify(q, null, 2)}</pre>
              {r.sql[i] ? <pre data-testid="ask-sql">{r.sql[i]}</pre> : null}
            </div>
          ))}
          {(r.analyses ?? []).map((a, i) => (
            <pre key={`a${i}`}>{`${a.tool} ${JSON.stringify(a.args)}`}</pre>
          ))}
        </details>
      ) : null}
    </div>
  );
}
