/**
 * Building answers so they are grounded by construction: every number is written through a
 * `Values` collector, which records the exact value (decimal string or count) and returns the
 * text to print. Money prints as `$1,234.57` from the exact decimal; percentages to one place.
 * Answers name data values in double quotes, which the grounding check recognises as labels.
 */
import { formatUsd } from '../anomaly/decimal.ts';
import type { AnswerValue } from './types.ts';

export type Source = AnswerValue['source'];

/** Collects the numbers an answer states. */
export class Values {
  readonly list: AnswerValue[] = [];

  /** Records money; returns `$1,234.57` (the absolute value when `abs`). */
  money(label: string, value: string, source?: Source, opts: { abs?: boolean } = {}): string {
    this.list.push({ label, value, unit: 'USD', ...(source ? { source } : {}) });
    const text = formatUsd(value);
    return opts.abs ? text.replace('-', '') : text;
  }

  /** Records a percentage; returns `12.3%` (absolute value when `abs`). */
  percent(label: string, value: number, source?: Source, opts: { abs?: boolean } = {}): string {
    this.list.push({ label, value, unit: '%', ...(source ? { source } : {}) });
    return `${(opts.abs ? Math.abs(value) : value).toFixed(1)}%`;
  }

  /** Records a count; returns it as digits. */
  count(label: string, value: number, source?: Source): string {
    this.list.push({ label, value, unit: 'count', ...(source ? { source } : {}) });
    return String(value);
  }

  /** Records a plain number with a unit and the places to print. */
  number(label: string, value: number, unit: string, places: number, source?: Source): string {
    this.list.push({ label, value, unit, ...(source ? { source } : {}) });
    return value.toFixed(places);
  }
}

/** `"Amazon S3"`: a data value as answers quote it. */
export const quote = (v: string | null | undefined) => `"${v ?? '(none)'}"`;

/** `for service "Amazon S3" and team "ml"`, or empty. */
export function scopeText(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` for ${labels.join(' and ')}`;
}

/** Capitalises the first letter. */
export const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Percentage change from `prev` to `cur` (null when prev is zero). */
export function changePct(cur: string, prev: string): number | null {
  const p = Number(prev);
  return p === 0 ? null : ((Number(cur) - p) * 100) / Math.abs(p);
}
