/**
 * A deterministic FOCUS CSV of any size for crash and concurrency tests: chosen billing months ×
 * billing accounts, costs with six decimals so totals exercise exact DECIMAL sums. The same
 * options always give the same bytes (and so the same file hash). Not part of the public API.
 */
import { writeFileSync } from 'node:fs';
import { MINI_FOCUS_HEADER } from './fixtures.ts';

export interface BillingCsvOptions {
  rows: number;
  /** Billing months as `YYYY-MM`; rows are spread over them round-robin. */
  months: readonly string[];
  /** Billing account ids; rows are spread over them. */
  accounts?: readonly string[];
  /** Changes every cost (a restated bill has other numbers for the same period). */
  seed?: number;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Writes the CSV to `path` and returns the path.
 * @example writeBillingCsv(join(dir, 'feb.csv'), { rows: 10_000, months: ['2025-02'] });
 */
export function writeBillingCsv(path: string, opts: BillingCsvOptions): string {
  const accounts = opts.accounts ?? ['111111111111', '222222222222'];
  const seed = opts.seed ?? 1;
  const lines: string[] = [MINI_FOCUS_HEADER.join(',')];
  for (let i = 0; i < opts.rows; i++) {
    const month = opts.months[i % opts.months.length]!;
    const account = accounts[Math.floor(i / opts.months.length) % accounts.length]!;
    const day = String(1 + (i % 27)).padStart(2, '0');
    const next = String(2 + (i % 27)).padStart(2, '0');
    const micros = String((i * 7919 + seed * 104729) % 1_000_000).padStart(6, '0');
    const billed = `${(i * seed) % 997}.${micros}`;
    const effective = `${(i * seed) % 991}.${micros}`;
    lines.push(
      [
        account,
        'Acme',
        'USD',
        `${month}-01T00:00:00Z`,
        `${nextMonth(month)}-01T00:00:00Z`,
        `${month}-${day}T00:00:00Z`,
        `${month}-${next}T00:00:00Z`,
        'Usage',
        'Usage-Based',
        billed,
        effective,
        billed,
        effective,
        'Amazon Elastic Compute Cloud',
        'Compute',
        'AWS',
        `i-${i % 5000}`,
        `"{""team"":""t${i % 7}""}"`,
      ].join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
