/**
 * Test helpers for converter golden tests: the stored FOCUS rows of an ingest serialized
 * canonically (every FOCUS column plus the format's x_ columns, as text, in source-line order)
 * and hashed; golden files under ../__golden__ (rewritten only with UPDATE_GOLDEN=1); and an
 * exact decimal sum over source text that shares no code with DuckDB. Not part of the product.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOCUS_COLUMNS } from '../../../focus/schema.ts';
import type { Warehouse } from '../../../store/warehouse.ts';
import { ident } from '../../../util/sql.ts';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../__golden__');
const SCALE = 15;

export type GoldenRow = Record<string, string | null>;

/** Stored rows as text, ordered by source file and line (a split line: Purchase before Usage). */
export async function storedRows(wh: Warehouse, extensions: readonly string[]) {
  const cols = [...FOCUS_COLUMNS.map((c) => c.name), ...extensions];
  const rows = await wh.query<GoldenRow>(
    `SELECT x_source_line::VARCHAR AS "__line", ${cols
      .map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`)
      .join(', ')} FROM focus_cost ORDER BY x_source_file, x_source_line, "ChargeCategory"`,
  );
  return rows;
}

/** sha256 over one canonical JSON line per row (columns in a fixed order, nulls kept). */
export function digestRows(rows: readonly GoldenRow[]): string {
  const h = createHash('sha256');
  for (const r of rows) {
    const keys = Object.keys(r).sort();
    h.update(`${JSON.stringify(keys.map((k) => [k, r[k] ?? null]))}\n`);
  }
  return h.digest('hex');
}

/** A row without its null columns (for readable excerpts). */
export function compact(row: GoldenRow): GoldenRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}

export interface Golden {
  rowCount: number;
  digest: string;
  /** Source lines shown in full, and their expected rows. */
  excerpt: GoldenRow[];
}

/**
 * Compares `actual` with `__golden__/<name>.json`; with UPDATE_GOLDEN=1 writes it instead.
 * Review any rewritten golden file by hand before committing it.
 */
export function assertGolden(name: string, actual: Golden): void {
  const path = join(GOLDEN_DIR, `${name}.json`);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(actual, null, 1)}\n`);
    if (process.env['UPDATE_GOLDEN'] !== '1') assert.fail(`wrote missing golden file ${path}`);
    return;
  }
  const expected = JSON.parse(readFileSync(path, 'utf8')) as Golden;
  assert.deepEqual(actual.excerpt, expected.excerpt, 'excerpt rows differ from the golden file');
  assert.equal(actual.rowCount, expected.rowCount, 'row count differs from the golden file');
  assert.equal(actual.digest, expected.digest, 'FOCUS rows differ from the golden digest');
}

/** Parses CSV text (quotes, CRLF) into rows of fields. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length > 0) rows.push([...row, cur]);
  return rows;
}

/** Parses CSV text into records keyed by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header = [], ...data] = parseCsvRows(text);
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Writes rows of fields as CSV (quoting where needed). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${rows.map((r) => r.map(esc).join(',')).join('\n')}\n`;
}

/** Decimal text (incl. exponent) → integer scaled by 10^15, rounded half away from zero. */
export function scaled(text: string): bigint {
  const t = text.trim();
  if (t === '') return 0n;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const digits = `${int}${frac}`.replace(/^0+(?=\d)/, '') || '0';
  const shift = Number(exp) - frac.length + SCALE; // value = digits × 10^shift / 10^SCALE
  let n: bigint;
  if (shift >= 0) n = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    const q = BigInt(digits) / div;
    const r = BigInt(digits) % div;
    n = r * 2n >= div ? q + 1n : q;
  }
  return sign === '-' ? -n : n;
}

/** A scaled integer as DuckDB prints DECIMAL(38,15). */
export function formatScaled(n: bigint): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(SCALE + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -SCALE)}.${s.slice(-SCALE)}`;
}
