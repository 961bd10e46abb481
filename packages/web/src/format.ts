/**
 * Display formatting for money and ratios. Money arrives as exact decimal strings and is rounded
 * to cents in decimal (never through a float); Intl adds the currency symbol and grouping.
 */

/** Rounds a decimal string half away from zero to `places` decimals, exactly. */
export function roundDecimal(value: string, places = 2): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) return value;
  const neg = m[1] === '-';
  const int = m[2] || '0';
  const frac = (m[3] ?? '').padEnd(places + 1, '0');
  let scaled = BigInt(int + frac.slice(0, places));
  if (Number(frac[places]) >= 5) scaled += 1n;
  const digits = scaled.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const cents = places > 0 ? `.${digits.slice(-places)}` : '';
  const zero = scaled === 0n;
  return `${neg && !zero ? '-' : ''}${whole}${cents}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a decimal string as money: `formatMoney('1234.5', 'USD')` → `$1,234.50`.
 * `compact` gives `$1.2K` for chart axes and cards.
 */
export function formatMoney(
  value: string | number | null | undefined,
  currency = 'USD',
  opts: { compact?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${currency}:${opts.compact ? 'c' : 'f'}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      ...(opts.compact
        ? { notation: 'compact', maximumFractionDigits: 1 }
        : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    });
    formatters.set(key, f);
  }
  if (typeof value === 'number') return f.format(value);
  return f.format(roundDecimal(value, 2) as `${number}`);
}

/** Formats a ratio change (0.123 → `+12.3%`); null when there is nothing to compare with. */
export function formatPct(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const sign = ratio > 0 ? '+' : ratio < 0 ? '−' : '';
  return `${sign}${Math.abs(ratio * 100).toFixed(1)}%`;
}

/** (a − b) / |b| for decimal strings, as a number for display; null when b is zero. */
export function changeRatio(current: string | null, previous: string | null): number | null {
  if (current === null || previous === null) return null;
  const b = Number(previous);
  if (b === 0) return null;
  return (Number(current) - b) / Math.abs(b);
}
