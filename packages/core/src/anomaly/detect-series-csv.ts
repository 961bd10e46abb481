/**
 * Generic mode: a long-format CSV `series_id,timestamp,value` in, the same rows plus
 * `anomaly_score,is_anomaly` out. Series are independent and scored with one parameter set; each
 * row's score uses that series' earlier rows only. Bad input is reported by line and field, all
 * problems at once, and nothing is written; the output appears whole (temp file + rename) or not.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { DetectorParams } from './detector-params.ts';
import { resolveParams } from './detector-params.ts';
import { scoreSeries } from './score-series.ts';

export interface DetectSeriesCsvResult {
  rows: number;
  series: number;
  anomalies: number;
}

import { splitCsvLine } from '../util/csv-line.ts';

export { splitCsvLine };

const REQUIRED = ['series_id', 'timestamp', 'value'] as const;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const MAX_ISSUES = 50;

/** Parses an ISO date or date-time as UTC when it has no offset; NaN when it is not ISO. */
export function parseIsoUtc(text: string): number {
  const s = text.trim();
  const m = ISO.exec(s);
  if (!m) return NaN;
  const zone = m[7] ?? '';
  const base = m[4]
    ? s.slice(0, s.length - zone.length).replace(' ', 'T')
    : `${s.slice(0, 10)}T00:00`;
  const offset =
    zone === '' || /^z$/i.test(zone)
      ? 'Z'
      : zone.length === 5
        ? `${zone.slice(0, 3)}:${zone.slice(3)}`
        : zone;
  const iso = `${base}${offset}`;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : NaN;
}

function escapeCsv(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Scores every series in `inPath` and writes `outPath`.
 * @example await detectSeriesCsv('metrics.csv', 'scored.csv'); // → { rows, series, anomalies }
 */
export async function detectSeriesCsv(
  inPath: string,
  outPath: string,
  params: Partial<DetectorParams> = {},
): Promise<DetectSeriesCsvResult> {
  const resolved = resolveParams(params);
  let text: string;
  try {
    text = await readFile(inPath, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${inPath}: cannot read the file (${e instanceof Error ? e.message : String(e)}).`,
      hint: 'Check the path and permissions.',
      issues: [{ file: inPath, message: 'cannot read the file' }],
      cause: e,
    });
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const col = REQUIRED.map((name) => header.indexOf(name));
  const issues: Issue[] = [];
  REQUIRED.forEach((name, i) => {
    if (col[i] === -1) {
      issues.push({
        file: inPath,
        line: 1,
        column: name,
        message: `missing column "${name}" (header: ${lines[0] ?? '(empty file)'})`,
        hint: 'The file must be long format with a header: series_id,timestamp,value',
      });
    }
  });
  if (issues.length > 0) throw invalid(inPath, issues);
  const [idCol, tsCol, valCol] = col as [number, number, number];

  const n = lines.length - 1;
  const ids: string[] = new Array(n);
  const tsText: string[] = new Array(n);
  const valText: string[] = new Array(n);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const bySeries = new Map<string, number[]>();
  for (let r = 0; r < n && issues.length < MAX_ISSUES; r++) {
    const lineNo = r + 2;
    const f = splitCsvLine(lines[r + 1]!);
    const id = f[idCol]?.trim() ?? '';
    const ts = f[tsCol]?.trim() ?? '';
    const v = f[valCol]?.trim() ?? '';
    if (id === '') {
      issues.push({ file: inPath, line: lineNo, column: 'series_id', message: 'empty series_id' });
      continue;
    }
    const t = parseIsoUtc(ts);
    if (Number.isNaN(t)) {
      issues.push({
        file: inPath,
        line: lineNo,
        column: 'timestamp',
        message: `not an ISO timestamp: "${ts}"`,
        hint: 'Use ISO 8601, e.g. 2025-01-31 or 2025-01-31T13:00:00Z (no offset means UTC).',
      });
      continue;
    }
    const x = v === '' ? NaN : Number(v);
    if (!Number.isFinite(x)) {
      issues.push({
        file: inPath,
        line: lineNo,
        column: 'value',
        message: `not a number: "${v}"`,
        hint: 'Values are plain decimal numbers (1234.5); leave a missing point out instead.',
      });
      continue;
    }
    ids[r] = id;
    tsText[r] = ts;
    valText[r] = v;
    times[r] = t;
    values[r] = x;
    const list = bySeries.get(id);
    if (list) list.push(r);
    else bySeries.set(id, [r]);
  }
  if (issues.length > 0) throw invalid(inPath, issues);

  const score = new Float64Array(n);
  const flag = new Uint8Array(n);
  let anomalies = 0;
  for (const [id, rows] of bySeries) {
    rows.sort((a, b) => times[a]! - times[b]! || a - b);
    for (let i = 1; i < rows.length; i++) {
      if (times[rows[i]!] === times[rows[i - 1]!]) {
        issues.push({
          file: inPath,
          line: Math.max(rows[i]!, rows[i - 1]!) + 2,
          column: 'timestamp',
          message: `series "${id}" has two values at ${tsText[rows[i]!]} (also line ${Math.min(rows[i]!, rows[i - 1]!) + 2})`,
          hint: 'Each series needs one value per timestamp; sum or drop duplicates first.',
        });
      }
    }
    if (issues.length > 0) continue;
    const v = Float64Array.from(rows, (r) => values[r]!);
    const t = Float64Array.from(rows, (r) => times[r]!);
    const s = scoreSeries(v, t, resolved);
    rows.forEach((r, i) => {
      score[r] = s.score[i]!;
      flag[r] = s.isAnomaly[i]!;
      anomalies += s.isAnomaly[i]!;
    });
  }
  if (issues.length > 0) throw invalid(inPath, issues);

  const out: string[] = ['series_id,timestamp,value,anomaly_score,is_anomaly'];
  for (let r = 0; r < n; r++) {
    out.push(
      `${escapeCsv(ids[r]!)},${escapeCsv(tsText[r]!)},${valText[r]},${score[r]!.toFixed(6)},${flag[r]}`,
    );
  }
  const tmp = `${outPath}.tmp-${process.pid}`;
  await writeFile(tmp, `${out.join('\n')}\n`);
  await rename(tmp, outPath);
  return { rows: n, series: bySeries.size, anomalies };
}

function invalid(file: string, issues: Issue[]): CostLensError {
  const first = issues[0]!;
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}:${first.line ?? ''} column ${first.column ?? ''}: ${first.message}${
      issues.length > 1
        ? ` (${issues.length}${issues.length >= MAX_ISSUES ? '+' : ''} problems)`
        : ''
    }`,
    ...(first.hint ? { hint: first.hint } : {}),
    issues,
  });
}
