/**
 * Result rows → CSV text (RFC 4180 quoting), values written exactly as the API returned them,
 * except text a spreadsheet would run as a formula (=, +, -, @, tab, CR first — a service or tag
 * named `=cmd|…`): it gets a leading `'`. Plain numbers, negative credits included, stay exact.
 * The same rule as core's `csvCell` (the dashboard bundles no core runtime code).
 */
import type { ResultColumn } from '@costlens/core';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One header line of column names, then one line per row, CRLF-separated. */
export function toCsv(
  columns: readonly Pick<ResultColumn, 'name'>[],
  rows: readonly Record<string, unknown>[],
): string {
  const lines = [columns.map((c) => cell(c.name)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c.name])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
