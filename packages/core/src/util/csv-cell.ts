/**
 * One CSV cell for a file a person opens in a spreadsheet: RFC 4180 quoting, and text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR — OWASP "CSV
 * injection") gets a leading `'` so it shows as text. Plain numbers, negative ones included
 * (credits), are left exact. Not for data interchange (the FOCUS export writes values verbatim).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * The cell text for `v` (null and undefined are empty).
 * @example csvCell('=HYPERLINK("http://x")') // `"'=HYPERLINK(""http://x"")"`
 * @example csvCell('-12.50') // '-12.50'
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
