/**
 * What the LLM usage tables can hold, checked on parsed records before anything is written: token
 * and request counts are whole numbers JS represents exactly (BIGINT columns), times fall in the
 * years 0001–9999 (TIMESTAMP / DATE columns), money and quantities fit DECIMAL(38, 15). A record
 * past a limit becomes an issue naming file, line and field — never a database error mid-load.
 */
import type { Issue } from '../errors.ts';
import type { ParsedUsage } from './usage-event.ts';

const COUNTS = [
  'requests',
  'inputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
] as const;

/** DECIMAL(38, 15) keeps 23 digits before the point. */
const MAX_INTEGER_DIGITS = 23;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ISSUES = 100;

function fitsDecimal(v: string | null): boolean {
  if (v === null) return true;
  const int = v.replace(/^-/, '').split('.')[0] ?? '';
  return int.replace(/^0+/, '').length <= MAX_INTEGER_DIGITS;
}

/**
 * Issues for values of `parsed` the store cannot hold.
 * @example storeLimitIssues(parseUsageFile(f), f) // [] for any real export
 */
export function storeLimitIssues(parsed: ParsedUsage, file: string): Issue[] {
  const issues: Issue[] = [];
  const push = (line: number, column: string, message: string, hint: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ file, line, column, message, hint });
  };
  const decimals = (line: number, values: Record<string, string | null>) => {
    for (const [c, v] of Object.entries(values)) {
      if (!fitsDecimal(v))
        push(
          line,
          c,
          `${c} ${v!.slice(0, 40)}… has more than ${MAX_INTEGER_DIGITS} digits before the point.`,
          'Amounts and quantities are stored as DECIMAL(38, 15); check the export.',
        );
    }
  };
  for (const e of parsed.events) {
    for (const c of COUNTS) {
      if (!Number.isSafeInteger(e[c]) || e[c] < 0)
        push(
          e.sourceLine,
          c,
          `${c} ${e[c]} is out of range.`,
          `Counts are whole numbers from 0 to ${Number.MAX_SAFE_INTEGER}; check the export.`,
        );
    }
    if (!ISO_TIME.test(e.startTime))
      push(
        e.sourceLine,
        'timestamp',
        `time ${e.startTime} is outside the years 0001–9999.`,
        'Check the timestamp field (ISO 8601, or Unix seconds).',
      );
    decimals(e.sourceLine, { cost: e.reportedCost, quantity: e.otherQuantity });
  }
  for (const l of parsed.invoiceLines) {
    if (!ISO_DAY.test(l.day))
      push(
        l.sourceLine,
        'day',
        `day ${l.day} is outside the years 0001–9999.`,
        'Check the bucket start time.',
      );
    decimals(l.sourceLine, { amount: l.amount, quantity: l.quantity });
  }
  return issues;
}
