/**
 * The words and numbers of an alert or digest, shared by every channel so Slack, webhook and email
 * say the same thing. Everything comes from the stored anomaly; nothing is recomputed here.
 */
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import { hourSpan } from '../anomaly/anomaly-store.ts';
import type { BudgetAlert } from '../budget/notify-budgets.ts';
import { formatSignedUsd, formatUsd } from '../anomaly/decimal.ts';

const ICON: Record<Anomaly['severity'], string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '⚪',
};

/** `🟠 HIGH · Spike in All spend 2025-04-10…2025-04-11 (+$1,796.09)` */
export function alertTitle(a: Anomaly): string {
  return `${ICON[a.severity]} ${a.severity.toUpperCase()} · ${a.title} (${formatSignedUsd(a.impactUsd)})`;
}

export interface AlertFact {
  label: string;
  value: string;
}

/** The facts every channel shows next to the explanation. */
export function alertFacts(a: Anomaly): AlertFact[] {
  const top = a.drivers[0];
  return [
    { label: 'Impact', value: formatSignedUsd(a.impactUsd) },
    { label: 'Actual / expected', value: `${formatUsd(a.actual)} / ${formatUsd(a.expected)}` },
    a.startAt && a.endAt
      ? { label: 'Hours', value: hourSpan(a.startAt, a.endAt) }
      : {
          label: 'Days',
          value: a.startDay === a.endDay ? a.startDay : `${a.startDay} … ${a.endDay}`,
        },
    {
      label: 'Top driver',
      value: top
        ? `${top.dimension} = ${top.value ?? '(none)'} (${formatSignedUsd(top.deltaUsd)})`
        : '—',
    },
    { label: 'Monitor', value: `${a.monitorName}${a.team ? ` (team ${a.team})` : ''}` },
    // The same incident seen by broader monitors: said once here rather than alerted again.
    ...(a.related?.length
      ? [{ label: 'Also seen by', value: a.related.map((r) => r.monitorName).join(', ') }]
      : []),
    { label: 'Status', value: a.status },
  ];
}

/** The CLI line that opens the anomaly. */
export function alertCommand(a: Anomaly): string {
  return `costlens anomalies show ${a.id}`;
}

/** Plain-text body (email, logs). */
export function alertPlainText(a: Anomaly): string {
  return [
    alertTitle(a),
    '',
    a.explanation,
    '',
    ...alertFacts(a).map((f) => `${f.label}: ${f.value}`),
    '',
    `Details: ${alertCommand(a)}`,
  ].join('\n');
}

/** Digest title. */
export function digestTitle(day: string, anomalies: readonly Anomaly[]): string {
  return `CostLens daily digest ${day}: ${anomalies.length} active cost ${anomalies.length === 1 ? 'anomaly' : 'anomalies'}`;
}

/** One line per anomaly, most severe first (the caller orders them). */
export function digestLine(a: Anomaly): string {
  const top = a.drivers[0];
  return `${ICON[a.severity]} ${a.title}: ${formatSignedUsd(a.impactUsd)}${top ? ` — ${top.dimension} ${top.value ?? '(none)'}` : ''} [${a.status}] (${a.id})`;
}

/** Plain-text digest. */
export function digestPlainText(day: string, anomalies: readonly Anomaly[]): string {
  if (anomalies.length === 0) return `${digestTitle(day, anomalies)}\n\nNothing needs attention.`;
  return [digestTitle(day, anomalies), '', ...anomalies.map(digestLine)].join('\n');
}

/** `🟠 Budget "ml-monthly": forecast at period end 112.4 % of 50000.00 USD` */
export function budgetTitle(b: BudgetAlert): string {
  const icon = b.valuePct >= 100 ? '🔴' : '🟠';
  const what = b.kind === 'actual' ? 'spend so far' : 'forecast at period end';
  return `${icon} Budget "${b.budgetName}": ${what} ${b.valuePct.toFixed(1)} % of ${b.status.budget.amount} ${b.status.budget.currency}`;
}

/** The facts every channel shows for a budget alert; all from the evaluated status. */
export function budgetFacts(b: BudgetAlert): AlertFact[] {
  const s = b.status;
  return [
    { label: 'Scope', value: b.scope },
    { label: 'Period', value: `${s.budget.period} from ${b.periodStart}` },
    { label: 'Budget', value: `${s.budget.amount} ${s.budget.currency}` },
    { label: 'Actual to date', value: `${s.actual} ${s.budget.currency}` },
    {
      label: 'Forecast at end',
      value: `${s.forecast.mean} ${s.budget.currency} (80 %: ${s.forecast.lo80}…${s.forecast.hi80})`,
    },
    { label: 'Threshold', value: `${b.kind} ≥ ${b.thresholdPct} %` },
  ];
}

/** The CLI line that shows the budget. */
export function budgetCommand(b: BudgetAlert): string {
  const name = /^[\w.-]+$/.test(b.budgetName) ? b.budgetName : JSON.stringify(b.budgetName);
  return `costlens budget status ${name}`;
}

/** Plain-text body of a budget alert (email, logs). */
export function budgetPlainText(b: BudgetAlert): string {
  return [
    budgetTitle(b),
    '',
    b.text,
    '',
    ...budgetFacts(b).map((f) => `${f.label}: ${f.value}`),
    '',
    `Details: ${budgetCommand(b)}`,
  ].join('\n');
}
