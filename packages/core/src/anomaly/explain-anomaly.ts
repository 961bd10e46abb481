/**
 * The one-paragraph explanation of an anomaly, built only from its numbers (no model): what moved,
 * by how much against what was expected, which values drove it, and whether usage or price did.
 * Every figure in the text is one of the inputs, formatted; nothing is estimated here. Hourly
 * anomalies name their hours; their drivers are ranked over the whole days, and the text says so.
 */
import { decToNumber, formatSignedUsd, formatUsd } from './decimal.ts';
import type { Driver } from './drivers.ts';
import type { PriceUsageSplit } from './price-usage-split.ts';

export interface ExplainInput {
  monitorName: string;
  metric: string;
  startDay: string;
  endDay: string;
  direction: 'spike' | 'drop';
  actualUsd: string;
  expectedUsd: string;
  impactUsd: string;
  drivers: readonly Driver[];
  split?: PriceUsageSplit | undefined;
  /** The drivers found no value whose share of the scope moved (DriverAnalysis.broad). */
  broad?: boolean | undefined;
  /** Hourly monitors: the first and last anomalous hour (ISO, UTC, start of the hour). */
  startAt?: string | undefined;
  endAt?: string | undefined;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

const name = (d: Pick<Driver, 'dimension' | 'value'>) =>
  `${d.dimension} ${d.value === null ? '(none)' : `"${d.value}"`}`;

/** A driver and the other names of its rows: `resource_id "x" (also team "data")`. */
function label(d: Driver): string {
  const aliases = (d.aliases ?? []).slice(0, 2);
  return aliases.length > 0 ? `${name(d)} (also ${aliases.map(name).join(', ')})` : name(d);
}

/**
 * When an hourly anomaly happened: `between 14:00 and 17:00 UTC on 2026-03-04` (17:00 is when the
 * last anomalous hour ends), or `from 2026-03-04 22:00 to 2026-03-05 02:00 UTC` across midnight.
 */
export function hoursPhrase(startAt: string, endAt: string): string {
  const end = new Date(Date.parse(endAt) + 3_600_000).toISOString();
  const day = startAt.slice(0, 10);
  if (endAt.slice(0, 10) === day) {
    const until = end.slice(11, 16) === '00:00' ? '24:00' : end.slice(11, 16);
    return `between ${startAt.slice(11, 16)} and ${until} UTC on ${day}`;
  }
  return `from ${day} ${startAt.slice(11, 16)} to ${end.slice(0, 10)} ${end.slice(11, 16)} UTC`;
}

/**
 * Writes the paragraph.
 * @example explainAnomaly({ monitorName: 'All spend', direction: 'spike', … })
 * // 'All spend (effective cost) spiked on 2025-03-03: $65.00 against an expected $35.00 (+$30.00, +86 %). …'
 */
export function explainAnomaly(a: ExplainInput): string {
  const hourly = a.startAt !== undefined && a.endAt !== undefined;
  const when =
    a.startAt !== undefined && a.endAt !== undefined
      ? hoursPhrase(a.startAt, a.endAt)
      : a.startDay === a.endDay
        ? `on ${a.startDay}`
        : `from ${a.startDay} to ${a.endDay}`;
  const expected = decToNumber(a.expectedUsd);
  const rel =
    expected !== 0
      ? `, ${decToNumber(a.impactUsd) >= 0 ? '+' : ''}${pct(decToNumber(a.impactUsd) / Math.abs(expected))}`
      : '';
  const verb = a.direction === 'spike' ? 'spiked' : 'dropped';
  const parts = [
    `${a.monitorName} (${a.metric.replaceAll('_', ' ')}) ${verb} ${when}: ${formatUsd(a.actualUsd)} against an expected ${formatUsd(a.expectedUsd)} (${formatSignedUsd(a.impactUsd)}${rel}).`,
  ];
  const [top, ...rest] = a.drivers;
  if (top && a.broad) {
    parts.push(
      `No single value stands out: the whole scope changed alike (no value's share of it moved); ${top.dimension === 'team' ? 'it all belongs to' : 'the largest part is'} ${label(top)}: ${formatSignedUsd(top.deltaUsd)} (${formatUsd(top.baselineUsd)} → ${formatUsd(top.actualUsd)}).`,
    );
  } else if (top) {
    parts.push(
      `The main driver${hourly ? ` over the whole ${a.startDay === a.endDay ? 'day' : 'days'}` : ''} is ${label(top)}: ${formatSignedUsd(top.deltaUsd)} (${formatUsd(top.baselineUsd)} → ${formatUsd(top.actualUsd)}), ${pct(top.share)} of the change.`,
    );
    const next = rest.slice(0, 2);
    if (next.length > 0) {
      parts.push(
        `Also moving: ${next.map((d) => `${label(d)} ${formatSignedUsd(d.deltaUsd)}`).join('; ')}.`,
      );
    }
  } else {
    parts.push('No single dimension value stands out; the change is spread across the scope.');
  }
  if (a.split) {
    const s = a.split;
    const pieces = [`usage ${formatSignedUsd(s.usageUsd)}`, `price ${formatSignedUsd(s.priceUsd)}`];
    if (decToNumber(s.unquantifiedUsd) !== 0)
      pieces.push(`charges without a quantity ${formatSignedUsd(s.unquantifiedUsd)}`);
    const usageLed = Math.abs(decToNumber(s.usageUsd)) >= Math.abs(decToNumber(s.priceUsd));
    parts.push(`By cause: ${pieces.join(', ')} — mostly a ${usageLed ? 'usage' : 'price'} change.`);
  }
  return parts.join(' ');
}
