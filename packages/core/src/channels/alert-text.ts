/**
 * The words and numbers of an alert or digest, shared by every channel so Slack, webhook and email
 * say the same thing. Everything comes from the stored anomaly; nothing is recomputed here.
 */
import type { Anomaly } from '../anomaly/anomaly-store.ts';
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
    { label: 'Days', value: a.startDay === a.endDay ? a.startDay : `${a.startDay} … ${a.endDay}` },
    {
      label: 'Top driver',
      value: top
        ? `${top.dimension} = ${top.value ?? '(none)'} (${formatSignedUsd(top.deltaUsd)})`
        : '—',
    },
    { label: 'Monitor', value: `${a.monitorName}${a.team ? ` (team ${a.team})` : ''}` },
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
