/**
 * Sources & quality: the ingest manifest (what was loaded, from where), each billing period's
 * reconciliation (stored vs source totals, exact) and the data-quality findings.
 */
import type { SourceRecord } from '@costlens/core';
import type { QualityReportView } from '../api.ts';
import { useDashboard } from '../api-context.ts';
import { Money } from '../components/money.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { useAsync } from '../use-async.ts';

export function Sources() {
  const { api } = useDashboard();
  const sources = useAsync(() => api.sources(), 'sources');
  const quality = useAsync(() => api.quality(), 'quality');
  return (
    <div className="page sources">
      <section className="card wide">
        <h2>Ingested sources</h2>
        {sources.status === 'loading' ? (
          <Loading what="sources" />
        ) : sources.status === 'error' ? (
          <ErrorBox error={sources.error} />
        ) : sources.data.sources.length === 0 ? (
          <Empty>Nothing ingested yet. Run `costlens ingest &lt;file&gt;`.</Empty>
        ) : (
          <Manifest sources={sources.data.sources} />
        )}
      </section>
      <section className="card wide">
        <h2>Reconciliation (stored vs source, exact)</h2>
        {sources.status === 'ok' ? <Reconciliation sources={sources.data.sources} /> : null}
      </section>
      <section className="card wide">
        <h2>Data-quality findings</h2>
        {quality.status === 'loading' ? (
          <Loading what="the quality report" />
        ) : quality.status === 'error' ? (
          <ErrorBox error={quality.error} />
        ) : quality.data ? (
          <Findings report={quality.data} />
        ) : (
          <Empty>No report.</Empty>
        )}
      </section>
    </div>
  );
}

function Manifest(props: { sources: SourceRecord[] }) {
  return (
    <table className="grid" data-testid="manifest">
      <thead>
        <tr>
          <th>Ingest</th>
          <th>Status</th>
          <th>Format</th>
          <th>Finished</th>
          <th className="num">Rows</th>
          <th>Files</th>
          <th>Periods</th>
        </tr>
      </thead>
      <tbody>
        {props.sources.map((s) => (
          <tr key={s.ingestId} className={s.status === 'superseded' ? 'muted' : ''}>
            <td>
              <code>{s.ingestId}</code>
            </td>
            <td>{s.status}</td>
            <td>{s.format}</td>
            <td>{s.finishedAt?.replace('T', ' ').replace('Z', '')}</td>
            <td className="num">{s.rowCount.toLocaleString('en-US')}</td>
            <td title={s.files.map((f) => `${f.path} sha256:${f.sha256}`).join('\n')}>
              {s.files.map((f) => f.path.split('/').pop()).join(', ')}
            </td>
            <td>
              {[...new Set(s.partitions.map((p) => p.billingPeriodStart?.slice(0, 7)))].join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Reconciliation(props: { sources: SourceRecord[] }) {
  const rows = props.sources.flatMap((s) =>
    s.partitions.filter((p) => p.replacedBy === null).map((p) => ({ ...p, ingestId: s.ingestId })),
  );
  if (rows.length === 0) return <Empty>No active billing periods.</Empty>;
  return (
    <table className="grid" data-testid="reconciliation">
      <thead>
        <tr>
          <th>Period</th>
          <th>Account</th>
          <th className="num">Rows</th>
          <th className="num">Billed (stored)</th>
          <th className="num">Billed (source)</th>
          <th className="num">Effective (stored)</th>
          <th className="num">Effective (source)</th>
          <th>Match</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p, i) => {
          const cur = p.billingCurrency ?? 'USD';
          const ok =
            p.billedCost === p.sourceBilledCost && p.effectiveCost === p.sourceEffectiveCost;
          return (
            <tr key={i}>
              <td>{p.billingPeriodStart?.slice(0, 7)}</td>
              <td>{p.billingAccountId}</td>
              <td className="num">{p.rowCount.toLocaleString('en-US')}</td>
              <td className="num">
                <Money value={p.billedCost} currency={cur} />
              </td>
              <td className="num">
                <Money value={p.sourceBilledCost} currency={cur} />
              </td>
              <td className="num">
                <Money value={p.effectiveCost} currency={cur} />
              </td>
              <td className="num">
                <Money value={p.sourceEffectiveCost} currency={cur} />
              </td>
              <td className={ok ? 'good' : 'bad'}>{ok ? '✓ exact' : '✗ differs'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Findings(props: { report: QualityReportView }) {
  const { summary, findings } = props.report;
  const { currency } = useDashboard();
  return (
    <>
      <p data-testid="quality-summary">
        Score {Math.round(summary.score)}/100 over {summary.rows.toLocaleString('en-US')} rows:{' '}
        {summary.errors} errors, {summary.warnings} warnings, {summary.infos} notes.
      </p>
      {findings.length === 0 ? (
        <Empty>No findings.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Check</th>
              <th>Column</th>
              <th>Finding</th>
              <th className="num">Rows</th>
              <th className="num">Cost affected</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.id}>
                <td className={`sev ${f.severity}`}>{f.severity}</td>
                <td>{f.check}</td>
                <td>{f.column ?? ''}</td>
                <td>{f.message}</td>
                <td className="num">{f.rowsAffected.toLocaleString('en-US')}</td>
                <td className="num">
                  <Money value={f.costAffected} currency={currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
