/**
 * The grounding check: every number written in an answer must be one of the answer's `values`
 * (as written, or rounded to the places written: `$1,234.57` matches `1234.5671`). Dates
 * (`2026-06-01`, `2026-06`, `Q3 2026`, `June 2026`) are not numbers here, and numbers inside a
 * quoted data label ("us-east-1", "fh-sandbox-360143") are skipped only when that label appears in
 * the result's values or table — quoting cannot hide an invented figure.
 */
import { fixedDec } from '../anomaly/decimal.ts';
import { CostLensError } from '../errors.ts';
import type { AskResult } from './types.ts';

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_PATTERNS: readonly RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\b/g,
  /\b\d{4}-\d{2}\b/g,
  /\b(?:Q[1-4]|H[12]|FY)\s?'?\d{2,4}\b/gi,
  /\bQ[1-4]\b/gi,
  // A bare year (2026) names a period; with `$`, decimals or `%` it is a number and is checked.
  /(?<![$\d.,])\b(?:19|20)\d{2}\b(?![.,]?\d|%)/g,
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+(?:\\d{1,2},?\\s+)?\\d{4}\\b`, 'gi'),
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}\\b`, 'gi'),
];

/** A standalone number: optional sign and `$`, thousands separators, decimals, optional `%`. */
const NUMBER = /(?<![\w.\-/:])[-+−]?\$?\d[\d,]*(?:\.\d+)?%?(?![\w\-/])/g;

export interface GroundingIssue {
  text: string;
  message: string;
}

/** The numbers written in `text` (dates and known quoted labels removed), as written. */
export function numbersIn(text: string, knownLabels: readonly string[] = []): string[] {
  let t = text.replace(/"([^"]*)"|“([^”]*)”/g, (m, a?: string, b?: string) => {
    const inner = a ?? b ?? '';
    return knownLabels.some((l) => l.includes(inner)) ? ' ' : m;
  });
  for (const p of DATE_PATTERNS) t = t.replace(p, ' ');
  return [...t.matchAll(NUMBER)].map((m) => m[0]).filter((s) => /\d/.test(s));
}

function canonical(written: string): { digits: string; places: number } {
  const s = written.replace(/[$,%+−-]/g, '');
  const places = s.includes('.') ? s.split('.')[1]!.length : 0;
  return { digits: s, places };
}

function asDecimal(v: string | number): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.abs(v).toFixed(12) : undefined;
  const t = v.trim().replace(/^[-+]/, '');
  return /^\d+(?:\.\d+)?$/.test(t) ? t : undefined;
}

/**
 * The numbers in `result.answer` that no value backs (empty when grounded).
 * @example groundingIssues({ ...result, answer: 'You spent $999.00.' }) // [{ text: '$999.00', … }]
 */
export function groundingIssues(
  result: Pick<AskResult, 'answer' | 'values' | 'table'>,
): GroundingIssue[] {
  const labels = [
    ...result.values.map((v) => v.label),
    ...(result.table?.rows.flat() ?? []),
    ...(result.table?.columns ?? []),
  ];
  const decimals = result.values
    .map((v) => asDecimal(v.value))
    .filter((d): d is string => d !== undefined);
  const issues: GroundingIssue[] = [];
  for (const written of numbersIn(result.answer, labels)) {
    const { digits, places } = canonical(written);
    const found = decimals.some((d) => fixedDec(d, places) === fixedDec(digits, places));
    if (!found) {
      issues.push({ text: written, message: `"${written}" is not one of the answer's values` });
    }
  }
  return issues;
}

/**
 * Throws INTERNAL when a number in the answer is not backed by `values`.
 * @example assertGrounded(await answerQuestion(wh, 'total cost last month'))
 */
export function assertGrounded(result: Pick<AskResult, 'answer' | 'values' | 'table'>): void {
  const issues = groundingIssues(result);
  if (issues.length === 0) return;
  throw new CostLensError({
    code: 'INTERNAL',
    message: `the answer states numbers its values do not contain: ${issues.map((i) => i.text).join(', ')}`,
    hint: 'Every number in an answer must come from a query or analysis listed with it.',
    issues: issues.map((i) => ({ column: 'answer', message: i.message })),
  });
}
