// Converts a Numenta Anomaly Benchmark (NAB) series into the long format `costlens detect --series`
// reads (series_id,timestamp,value), for the bench-only subset in bench/data/anomaly (SOURCES.md
// there). It exists so the copy is reproducible and checked rather than hand-edited: the output is
// refused unless timestamps strictly increase, every value is a number, and the expected row
// count / first / last timestamps (when given) match the source.
//
// Two inputs:
//   csv        NAB's own text: `timestamp,value[,label,notes]`, naive timestamps `YYYY-MM-DD HH:MM:SS`
//   transcript pages copied through a read-only file viewer: each line is a source timestamp then
//              the values of the rows that follow it at --step seconds (`2014-02-14 14:30:00 0.132
//              0.134 …`); lines starting with # are comments. Every line re-anchors the clock on a
//              timestamp read from the source, and any line whose timestamp is not the one the
//              previous line implies is reported on stderr (a real gap in NAB, or a copying slip to
//              look up), so a dropped or doubled value cannot pass silently.
//
// Conversion: timestamps read as UTC and written `YYYY-MM-DDTHH:MM:SSZ`; values unchanged except
// binary floating-point noise (`45.751999999999995`), written as the short number it stands for
// (`45.752`); extra columns dropped. A run of rows sharing one timestamp (NAB's US daylight-saving
// duplicates) is re-stamped at the --step slots after the previous row it fills, and only if those
// slots end before the next row; each re-stamp is reported.
//
// Usage:
//   node scripts/nab-convert.mjs csv <nab.csv> --series ID [checks] > out.csv
//   node scripts/nab-convert.mjs transcript <page files…> --series ID [--step 300] [checks] > out.csv
//   checks: --rows N  --first 'YYYY-MM-DD HH:MM:SS'  --last 'YYYY-MM-DD HH:MM:SS'
import { readFileSync } from 'node:fs';

const TS = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const NUM = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function fail(msg) {
  console.error(`nab-convert: ${msg}`);
  process.exit(1);
}

function parseTs(s, where) {
  const m = TS.exec(s);
  if (!m) fail(`${where}: timestamp '${s}' is not 'YYYY-MM-DD HH:MM:SS'`);
  const [, y, mo, d, h, mi, se] = m.map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  if (new Date(t).getUTCDate() !== d) fail(`${where}: '${s}' is not a calendar date`);
  return t;
}

function naive(t) {
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

function iso(t) {
  return new Date(t).toISOString().slice(0, 19) + 'Z';
}

function cleanValue(v, where) {
  if (!NUM.test(v)) fail(`${where}: value '${v}' is not a number`);
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  if (frac.length < 12 || /[eE]/.test(v)) return v;
  // 17-digit prints of a short decimal: keep the shortest form that rounds to the same number.
  const short = String(Number(Number(v).toPrecision(12)));
  return Math.abs(Number(short) - Number(v)) < 1e-9 * Math.max(1, Math.abs(Number(v))) ? short : v;
}

/** rows: [{ t, value, where }] in source order. */
function readCsv(path) {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = lines[0].split(',');
  if (header[0] !== 'timestamp' || header[1] !== 'value') {
    fail(`${path}:1: header must start 'timestamp,value', got '${lines[0]}'`);
  }
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const where = `${path}:${i + 1}`;
    const [ts, value] = lines[i].split(',');
    rows.push({ t: parseTs(ts, where), value: cleanValue(value ?? '', where), where });
  }
  return rows;
}

function readTranscript(paths, stepMs) {
  const rows = [];
  let expected = null;
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#')) continue;
      const where = `${path}:${i + 1}`;
      const parts = line.split(/\s+/);
      let t = parseTs(`${parts[0]} ${parts[1]}`, where);
      if (expected !== null && t !== expected) {
        console.error(
          `nab-convert: ${where}: line starts ${naive(t)}, previous implies ${naive(expected)}`,
        );
      }
      for (const v of parts.slice(2)) {
        rows.push({ t, value: cleanValue(v, where), where });
        t += stepMs;
      }
      expected = t;
    }
  }
  return rows;
}

/** Re-stamps runs of equal timestamps into the free step slots after the previous row. */
function spreadDuplicates(rows, stepMs) {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].t !== rows[i - 1].t) continue;
    let start = i - 1;
    let end = i;
    while (end + 1 < rows.length && rows[end + 1].t === rows[start].t) end++;
    const prev = start > 0 ? rows[start - 1].t : null;
    const next = end + 1 < rows.length ? rows[end + 1].t : Infinity;
    const k = end - start + 1;
    if (prev === null || prev + k * stepMs >= next) {
      fail(
        `${rows[i].where}: ${k} rows share ${naive(rows[i].t)} and there are no free slots for them`,
      );
    }
    console.error(
      `nab-convert: ${k} rows stamped ${naive(rows[start].t)} (${rows[start].where}) re-stamped ` +
        `${naive(prev + stepMs)} … ${naive(prev + k * stepMs)}`,
    );
    for (let j = 0; j < k; j++) rows[start + j].t = prev + (j + 1) * stepMs;
    i = end;
  }
  return rows;
}

const args = process.argv.slice(2);
const mode = args.shift();
const opts = {};
const files = [];
while (args.length > 0) {
  const a = args.shift();
  if (a.startsWith('--')) opts[a.slice(2)] = args.shift();
  else files.push(a);
}
if ((mode !== 'csv' && mode !== 'transcript') || files.length === 0 || !opts.series) {
  fail(
    'usage: nab-convert.mjs csv|transcript <files…> --series ID [--step S] [--rows N] [--first TS] [--last TS]',
  );
}
if (!/^[A-Za-z0-9_.-]+$/.test(opts.series))
  fail(`series id '${opts.series}' has characters a CSV field cannot hold bare`);
const stepMs = Number(opts.step ?? 300) * 1000;
if (!Number.isInteger(stepMs) || stepMs <= 0) fail(`--step '${opts.step}' must be whole seconds`);

const rows = spreadDuplicates(
  mode === 'csv' ? readCsv(files[0]) : readTranscript(files, stepMs),
  stepMs,
);
if (rows.length === 0) fail('no rows');
for (let i = 1; i < rows.length; i++) {
  if (rows[i].t <= rows[i - 1].t)
    fail(`${rows[i].where}: ${naive(rows[i].t)} does not follow ${naive(rows[i - 1].t)}`);
}
if (opts.rows !== undefined && rows.length !== Number(opts.rows))
  fail(`${rows.length} rows, expected ${opts.rows}`);
if (opts.first !== undefined && naive(rows[0].t) !== opts.first)
  fail(`first row ${naive(rows[0].t)}, expected ${opts.first}`);
const last = rows[rows.length - 1].t;
if (opts.last !== undefined && naive(last) !== opts.last)
  fail(`last row ${naive(last)}, expected ${opts.last}`);

const out = ['series_id,timestamp,value'];
for (const r of rows) out.push(`${opts.series},${iso(r.t)},${r.value}`);
process.stdout.write(out.join('\n') + '\n');
console.error(
  `nab-convert: ${opts.series}: ${rows.length} rows, ${naive(rows[0].t)} → ${naive(last)}`,
);
