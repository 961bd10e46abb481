/**
 * Reads long-format series files (`series_id,timestamp,value`, one row per observation) for the
 * generic forecasting mode. Timestamps are all integer indexes or all ISO dates/date-times;
 * each series is sorted, checked for duplicates and even spacing. Problems are collected with
 * file, line and column and reported together; nothing is returned unless the whole file is good.
 */
import { createReadStream } from 'node:fs';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { splitCsvLine } from '../util/csv-line.ts';

export interface LongSeries {
  id: string;
  /** Values in time order, evenly spaced (gaps filled when asked). */
  values: number[];
  /** Time keys in order: integer indexes, or epoch milliseconds for ISO timestamps. */
  keys: number[];
  /** ISO dates (YYYY-MM-DD) when timestamps were dates, for calendar effects. */
  dates?: string[];
  /** Spacing between points in key units (ms for ISO timestamps). */
  step: number;
}

export interface ReadSeriesOptions {
  /** What to do with missing steps inside a series: refuse (default) or fill with zero. */
  fillGaps?: 'error' | 'zero';
  /** Stop collecting after this many issues (default 50). */
  maxIssues?: number;
}

const REQUIRED = ['series_id', 'timestamp', 'value'] as const;
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads and validates a long-format series CSV.
 * @example const series = await readSeriesCsv('/data/m4-hourly.csv');
 */
export async function readSeriesCsv(
  path: string,
  opts: ReadSeriesOptions = {},
): Promise<{ series: LongSeries[]; kind: 'index' | 'iso' }> {
  const issues: Issue[] = [];
  const maxIssues = opts.maxIssues ?? 50;
  // Columns per series (no object per row: files hold millions of rows).
  const raw = new Map<string, { lines: number[]; keys: number[]; values: number[] }>();
  let kind: 'index' | 'iso' | undefined;
  let cols: number[] | undefined;
  let lineNo = 0;
  // Timestamps repeat across series: parse each distinct text once.
  const keyCache = new Map<string, { kind: 'index' | 'iso'; key: number } | null>();
  const onLine = (text: string) => {
    lineNo++;
    if (issues.length >= maxIssues || text.trim() === '') return;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    // Most lines have no quotes: a plain split is several times faster than the full splitter.
    const fields = line.includes('"') ? splitCsvLine(line) : line.split(',');
    if (!cols) {
      const header = fields.map((f) =>
        f
          .trim()
          .replace(/^\uFEFF/, '')
          .toLowerCase(),
      );
      cols = REQUIRED.map((c) => header.indexOf(c));
      const missing = REQUIRED.filter((_, i) => cols![i]! < 0);
      if (missing.length) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `${path}: missing column(s) ${missing.join(', ')}`,
          issues: [{ file: path, line: 1, message: `header is "${text.slice(0, 120)}"` }],
          hint: 'the file needs a header row with series_id,timestamp,value (long format)',
        });
      }
      return;
    }
    const [iId, iTs, iVal] = cols as [number, number, number];
    const id = fields[iId]?.trim() ?? '';
    const ts = fields[iTs]?.trim() ?? '';
    const valueText = fields[iVal]?.trim() ?? '';
    if (id === '') return issueAt(issues, path, lineNo, 'series_id', 'empty series_id');
    const value = valueText === '' ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value)) {
      return issueAt(
        issues,
        path,
        lineNo,
        'value',
        `"${valueText}" is not a number`,
        'use a plain decimal like 12.5; no blanks',
      );
    }
    let parsed = keyCache.get(ts);
    if (parsed === undefined) {
      parsed = parseTimestamp(ts);
      if (keyCache.size < 1_000_000) keyCache.set(ts, parsed);
    }
    if (!parsed) {
      return issueAt(
        issues,
        path,
        lineNo,
        'timestamp',
        `"${ts}" is neither an integer index nor a real ISO date/date-time`,
      );
    }
    kind ??= parsed.kind;
    if (parsed.kind !== kind) {
      return issueAt(
        issues,
        path,
        lineNo,
        'timestamp',
        `"${ts}" mixes timestamp kinds (the file started with ${kind} values)`,
      );
    }
    let cols3 = raw.get(id);
    if (!cols3) {
      cols3 = { lines: [], keys: [], values: [] };
      raw.set(id, cols3);
    }
    cols3.lines.push(lineNo);
    cols3.keys.push(parsed.key);
    cols3.values.push(value);
  };
  try {
    let rest = '';
    for await (const chunk of createReadStream(path, {
      encoding: 'utf8',
      highWaterMark: 1 << 20,
    })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (issues.length >= maxIssues) break;
    }
    if (rest !== '') onLine(rest);
  } catch (e) {
    if (e instanceof CostLensError) throw e;
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `cannot read ${path}: ${(e as Error).message}`,
      cause: e,
    });
  }
  if (!cols) {
    throw new CostLensError({ code: 'INVALID_INPUT', message: `${path} is empty` });
  }
  const series: LongSeries[] = [];
  // Dates repeat across series: format each distinct key once.
  const dateCache = new Map<number, string>();
  const dateOf = (k: number) => {
    let d = dateCache.get(k);
    if (d === undefined) {
      d = new Date(k).toISOString().slice(0, 10);
      dateCache.set(k, d);
    }
    return d;
  };
  for (const [id, c] of raw) {
    if (issues.length >= maxIssues) break;
    const rows = inKeyOrder(c);
    const n = rows.keys.length;
    let step = Infinity;
    for (let i = 1; i < n; i++) {
      const d = rows.keys[i]! - rows.keys[i - 1]!;
      if (d === 0) {
        issues.push({
          file: path,
          line: rows.lines[i]!,
          column: 'timestamp',
          message: `series "${id}" has a second value for the same timestamp (first on line ${rows.lines[i - 1]!})`,
          hint: 'aggregate duplicates before forecasting',
        });
      } else step = Math.min(step, d);
    }
    if (!Number.isFinite(step)) step = kind === 'iso' ? 86_400_000 : 1;
    const values: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = rows.keys[i]!;
      if (i > 0) {
        const gap = (key - rows.keys[i - 1]!) / step;
        if (!Number.isInteger(gap)) {
          issues.push({
            file: path,
            line: rows.lines[i]!,
            column: 'timestamp',
            message: `series "${id}" is not evenly spaced (step ${step}, this point is ${gap.toFixed(2)} steps after the previous)`,
          });
          break;
        }
        if (gap > 1) {
          if (opts.fillGaps === 'zero') {
            for (let g = 1; g < gap; g++) {
              values.push(0);
              keys.push(rows.keys[i - 1]! + g * step);
            }
          } else {
            issues.push({
              file: path,
              line: rows.lines[i]!,
              column: 'timestamp',
              message: `series "${id}" has ${gap - 1} missing step(s) before this row`,
              hint: 'add the missing rows, or fill gaps with zero (--fill-gaps zero) if absence means no cost',
            });
            break;
          }
        }
      }
      values.push(rows.values[i]!);
      keys.push(key);
    }
    series.push({
      id,
      values,
      keys,
      step,
      ...(kind === 'iso' ? { dates: keys.map(dateOf) } : {}),
    });
  }
  if (issues.length > 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${path}: ${issues.length}${issues.length >= maxIssues ? '+' : ''} problem(s); nothing was forecast`,
      issues,
    });
  }
  return { series, kind: kind ?? 'index' };
}

/**
 * One series' columns in time order. Already sorted input (the usual case) is returned as is, with
 * no per-row objects: files hold millions of rows.
 */
function inKeyOrder(c: { lines: number[]; keys: number[]; values: number[] }): {
  lines: number[];
  keys: number[];
  values: number[];
} {
  const n = c.keys.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (c.keys[i]! < c.keys[i - 1]!) sorted = false;
  if (sorted) return c;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => c.keys[a]! - c.keys[b]!);
  return {
    lines: order.map((i) => c.lines[i]!),
    keys: order.map((i) => c.keys[i]!),
    values: order.map((i) => c.values[i]!),
  };
}

function parseTimestamp(ts: string): { kind: 'index' | 'iso'; key: number } | null {
  if (/^-?\d+$/.test(ts)) return { kind: 'index', key: Number(ts) };
  if (!ISO.test(ts)) return null;
  const key = Date.parse(isoUtc(ts));
  return Number.isFinite(key) ? { kind: 'iso', key } : null;
}

/** Date-only and zone-less timestamps are read as UTC. */
function isoUtc(ts: string): string {
  const t = ts.replace(' ', 'T');
  if (t.length === 10) return `${t}T00:00:00Z`;
  return /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
}

/** Records one located problem (a plain function: a closure per line costs millions of allocations). */
function issueAt(
  issues: Issue[],
  file: string,
  line: number,
  column: string,
  message: string,
  hint?: string,
): void {
  issues.push({ file, line, column, message, ...(hint ? { hint } : {}) });
}
