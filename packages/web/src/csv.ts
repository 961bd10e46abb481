/** Result rows → CSV text (RFC 4180 quoting), values written exactly as the API returned them. */
import type { ResultColumn } from '@costlens/core';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
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
