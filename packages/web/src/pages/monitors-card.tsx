/**
 * Monitors on the Anomalies page: what detection watches, each with its floors, sensitivity and
 * precision from feedback; approvers add one over a scope (`service=Amazon S3, team=ml`), turn one
 * off or on, and remove their own (a default monitor can only be turned off: detection would
 * create it again). The server checks the scope and the role; errors show as the API words them.
 */
import { useState } from 'react';
import type { Filter, Monitor, MonitorPrecision } from '@costlens/core';
import { useDashboard } from '../api-context.ts';
import { ErrorBox, Loading } from '../components/states.tsx';
import { formatPct } from '../format.ts';
import { useAsync } from '../use-async.ts';

type MonitorView = Monitor & { precision: MonitorPrecision | null };

/** `service=Amazon S3, team=ml` → equality filters; a part without `=` is an error. */
export function parseScope(text: string): Filter[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0 || at === part.length - 1) {
        throw new Error(`"${part}" is not dimension=value (e.g. service=Amazon S3)`);
      }
      return { dimension: part.slice(0, at).trim(), op: 'eq', value: part.slice(at + 1).trim() };
    });
}

const scopeText = (m: Monitor) =>
  m.filters.length === 0
    ? 'all spend'
    : m.filters
        .map((f) => `${f.dimension}${f.op === 'eq' ? '=' : ` ${f.op} `}${String(f.value ?? '')}`)
        .join(', ');

export function MonitorsCard(props: { onChange: () => void }) {
  const { api } = useDashboard();
  const [version, setVersion] = useState(0);
  const [failure, setFailure] = useState<Error | null>(null);
  const monitors = useAsync(
    (signal) => api.get<{ monitors: MonitorView[] }>('/api/monitors', signal),
    `monitors:${version}`,
  );
  const run = async (fn: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await fn();
      setVersion((v) => v + 1);
      props.onChange();
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
    }
  };
  return (
    <section className="card wide" data-testid="monitors-card">
      <h2>Monitors</h2>
      <form
        data-testid="monitor-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const field = (n: string) =>
            (form.elements.namedItem(n) as HTMLInputElement).value.trim();
          void run(async () => {
            const body = {
              filters: parseScope(field('scope')),
              granularity: field('granularity') || 'day',
              ...(field('name') ? { name: field('name') } : {}),
              ...(field('minImpactUsd') ? { minImpactUsd: field('minImpactUsd') } : {}),
            };
            await api.post('/api/monitors', body);
            form.reset();
          });
        }}
      >
        <label>
          Scope <input name="scope" placeholder="service=Amazon S3, team=ml" />
        </label>{' '}
        <label>
          Name <input name="name" placeholder="(from the scope)" />
        </label>{' '}
        <label>
          Floor $ <input name="minImpactUsd" placeholder="25" size={6} />
        </label>{' '}
        <label>
          Every{' '}
          <select name="granularity" defaultValue="day">
            <option value="day">day</option>
            <option value="hour">hour</option>
          </select>
        </label>{' '}
        <button type="submit">Add monitor</button>
      </form>
      {failure ? <ErrorBox error={failure} /> : null}
      {monitors.status === 'loading' ? (
        <Loading what="monitors" />
      ) : monitors.status === 'error' ? (
        <ErrorBox error={monitors.error} />
      ) : (
        <table className="grid" data-testid="monitors">
          <thead>
            <tr>
              <th>monitor</th>
              <th>scope</th>
              <th>every</th>
              <th>floor</th>
              <th>sensitivity</th>
              <th>precision</th>
              <th>state</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {monitors.data.monitors.map((m) => (
              <tr key={m.id} data-id={m.id}>
                <td>{m.name}</td>
                <td>{scopeText(m)}</td>
                <td>{m.granularity}</td>
                <td>${m.minImpactUsd}</td>
                <td>{m.sensitivity.toFixed(2)}</td>
                <td>
                  {m.precision?.precision == null
                    ? '–'
                    : `${formatPct(m.precision.precision)} of ${m.precision.labelled}`}
                </td>
                <td>{m.enabled ? 'on' : 'off'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      void run(() =>
                        api.post(`/api/monitors/${encodeURIComponent(m.id)}/enabled`, {
                          enabled: !m.enabled,
                        }),
                      )
                    }
                  >
                    {m.enabled ? 'Turn off' : 'Turn on'}
                  </button>
                  {m.origin === 'user' ? (
                    <button
                      type="button"
                      onClick={() =>
                        void run(() => api.del(`/api/monitors/${encodeURIComponent(m.id)}`))
                      }
                    >
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
