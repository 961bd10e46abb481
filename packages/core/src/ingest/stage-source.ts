/**
 * Reads one source file into a temporary, all-text stage table inside DuckDB — the file streams
 * through DuckDB's readers and never sits in JS memory. CSV (plain or gzipped), Parquet and
 * JSON / newline-delimited JSON are read; nested values become JSON text. `__row` is the 1-based
 * data row, so a CSV's line is `__row + 1` (the header is line 1).
 * Structural problems (ragged rows, unterminated quotes, truncated gzip, one-column "CSV") become
 * INVALID_INPUT / SOURCE_UNREADABLE errors that name the file and line.
 */
import { open, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { splitCsvLine } from '../util/csv-line.ts';
import { ident, literal } from '../util/sql.ts';
import { stageColumns } from './stage-columns.ts';
import type { StageColumns } from './source-format.ts';

export type SourceKind = 'csv' | 'parquet' | 'json';

export interface StagedSource {
  file: string;
  table: string;
  kind: SourceKind;
  columns: StageColumns;
  rowCount: number;
  bytes: number;
}

export function sourceKindOf(file: string): SourceKind {
  const lower = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, '');
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.json') || lower.endsWith('.jsonl') || lower.endsWith('.ndjson'))
    return 'json';
  return 'csv';
}

const NESTED = /^(STRUCT|MAP|JSON|.*\[\])|\[\]$/i;

/**
 * A typed Parquet/JSON column as the text a CSV export would hold: nested values as JSON,
 * timestamps as ISO 8601 UTC with `Z` (so typed files raise no date-format findings).
 */
function textOf(type: string, ref: string): string {
  if (NESTED.test(type)) return `to_json(${ref})::VARCHAR`;
  if (/^TIMESTAMP/i.test(type)) {
    const ts = `${ref}::TIMESTAMP`;
    return `CASE WHEN microsecond(${ts}) % 1000000 = 0 THEN strftime(${ts}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%fZ') END`;
  }
  return `${ref}::VARCHAR`;
}

async function describe(wh: Warehouse, relation: string) {
  return wh.query<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM ${relation}`,
  );
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The most columns a delimited source may have: far above any export, far below a stall. */
export const MAX_COLUMNS = 4096;
/** How far to read for the header line (4,096 long column names fit). */
const MAX_HEAD_BYTES = 1 << 20;

/**
 * Reads the start of a (possibly gzipped) text file: enough for the header line. It reads 64 KiB
 * and more (up to 1 MiB) while no line break has shown up, so a wide header is not cut short.
 */
async function readHead(file: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    for (let bytes = 65536; ; bytes *= 4) {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      let head = buf.subarray(0, bytesRead);
      if (head[0] === 0x1f && head[1] === 0x8b) {
        try {
          head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a partial stream */ });
        } catch {
          return '';
        }
      }
      const text = head.toString('utf8').replace(/^\uFEFF/, '');
      if (text.includes('\n') || bytesRead < bytes || bytes >= MAX_HEAD_BYTES) return text;
    }
  } finally {
    await fh.close();
  }
}

/** Splits the header line on `delimiter`, honouring double quotes; duplicate names get a suffix. */
export function parseHeader(head: string, delimiter: string): string[] {
  const line = (head.split(/\r?\n/, 1)[0] ?? '').replace(/\r$/, '');
  const names = splitCsvLine(line, delimiter);
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw.trim() === '' ? `column${i + 1}` : raw.trim();
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

/** Counts each candidate delimiter in the header line, outside quotes; the most frequent wins. */
export function sniffDelimiter(head: string): string {
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

function readerFor(
  kind: SourceKind,
  file: string,
  header: readonly string[] = [],
  delimiter = ',',
): string {
  const path = literal(literalGlob(file));
  switch (kind) {
    case 'parquet':
      // No hive partitioning: exports live in folders like BILLING_PERIOD=2025-01/, and the
      // folder name is not a column of the file.
      return `read_parquet(${path}, hive_partitioning = false)`;
    case 'json':
      return `read_json(${path}, format = 'auto', sample_size = -1, maximum_object_size = 268435456)`;
    case 'csv': {
      // Delimiter and column names come from the header line, not DuckDB's sniffer: the sniffer
      // gives up on a file whose sampled rows are damaged, hiding the real error (a short row at
      // line N), and could silently re-split a file it misjudges.
      const columns = `{${header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ')}}`;
      return `read_csv(${path}, header = true, auto_detect = false, columns = ${columns}, delim = ${literal(delimiter)}, quote = '"', escape = '"', strict_mode = true, null_padding = false)`;
    }
  }
}

/**
 * A path DuckDB's table functions read as exactly that file. They expand `*`, `?` and `[..]`, so
 * a file named `bill*.csv` would pull in its neighbours (and `bill[0-9].csv` read `bill1.csv`
 * instead of itself); each of those characters becomes a one-character class (`[*]`, `[?]`, `[[]`).
 * @example literalGlob('/in/bill[0-9]*.csv') // '/in/bill[[]0-9][*].csv'
 */
export function literalGlob(file: string): string {
  return file.replace(/[*?[]/g, (ch) => `[${ch}]`);
}

/** Stages `file` into temp table `table`. */
export async function stageSource(
  wh: Warehouse,
  file: string,
  table: string,
  kindOverride?: SourceKind,
): Promise<StagedSource> {
  let bytes: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a regular file');
    bytes = s.size;
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read the file (${e instanceof Error ? e.message : String(e)}).`,
      hint: 'Check the path and permissions.',
      issues: [{ file, message: 'cannot read the file' }],
      cause: e,
    });
  }
  if (bytes === 0) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}: the file is empty.`,
      hint: 'Export the billing data again; an empty file holds no header and no rows.',
      issues: [{ file, line: 1, message: 'the file is empty' }],
    });
  }
  const kind = kindOverride ?? sourceKindOf(file);
  let reader: string;
  if (kind === 'csv') {
    const head = await readHead(file);
    const delimiter = sniffDelimiter(head);
    const header = parseHeader(head, delimiter);
    if (header.length === 1) checkDelimiter(file, header);
    if (header.length > MAX_COLUMNS) tooManyColumns(file, header.length);
    reader = readerFor(kind, file, header, delimiter);
  } else {
    reader = readerFor(kind, file);
  }
  try {
    const described = await describe(wh, reader);
    const select =
      kind === 'csv'
        ? '*'
        : described
            .map((c) => `${textOf(c.column_type, ident(c.column_name))} AS ${ident(c.column_name)}`)
            .join(', ');
    await wh.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    await wh.exec(
      `CREATE TEMP TABLE ${ident(table)} AS SELECT row_number() OVER () AS __row, ${select} FROM ${reader}`,
    );
    const names = described.map((c) => c.column_name);
    const [{ n } = { n: 0 }] = await wh.query<{ n: number }>(
      `SELECT count(*)::BIGINT AS n FROM ${ident(table)}`,
    );
    if (kind === 'csv') checkDelimiter(file, names);
    return { file, table, kind, columns: stageColumns(names), rowCount: Number(n), bytes };
  } catch (e) {
    await wh.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);
    throw explainReadError(e, file, kind);
  }
}

function tooManyColumns(file: string, count: number): never {
  throw new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}: line 1 has ${count} columns, more than the ${MAX_COLUMNS} CostLens reads.`,
    hint: 'Billing exports have tens to a few hundred columns: check the delimiter and quoting of the header line, or that this is the right file.',
    issues: [{ file, line: 1, message: `${count} columns (at most ${MAX_COLUMNS})` }],
  });
}

function checkDelimiter(file: string, names: readonly string[]): void {
  if (names.length !== 1) return;
  const only = names[0] ?? '';
  const guess = [';', '\t', '|', ','].find((d) => only.includes(d));
  throw new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}: line 1 has a single column ("${only.slice(0, 60)}"), so this is not a delimited billing export as read.`,
    hint: guess
      ? `The header looks ${guess === '\t' ? 'tab' : `"${guess}"`}-delimited but could not be split consistently; check the delimiter and quoting, or re-export as comma-separated CSV.`
      : 'Billing exports have many columns; check that this is the right file and that it is comma-separated.',
    issues: [
      { file, line: 1, message: 'single-column header: wrong delimiter or not a CSV export' },
    ],
  });
}

function explainReadError(e: unknown, file: string, kind: SourceKind): CostLensError {
  if (e instanceof CostLensError && e.code !== 'INTERNAL') return e;
  const message = e instanceof Error ? e.message : String(e);
  const lineMatch = /Line:\s*(\d+)/i.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const colsMatch = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/i.exec(message);
  if (/gzip|inflate|zlib|zstd|decompress/i.test(message) && !/sniff/i.test(message)) {
    return new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: the compressed file is damaged or truncated (${firstLine(message)}).`,
      hint: 'Download or export the file again; check that the transfer finished.',
      issues: [{ file, message: 'damaged or truncated compressed file' }],
      cause: e,
    });
  }
  if (colsMatch) {
    const [, expected, found] = colsMatch;
    const truncated = Number(found) < Number(expected);
    return new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}${line ? `:${line}` : ''}: expected ${expected} columns, found ${found}.`,
      hint: truncated
        ? 'The row is short: the file may be truncated (an interrupted download) or use a different delimiter. Re-export the file.'
        : 'The row has extra fields: check quoting and the delimiter.',
      issues: [
        {
          file,
          ...(line ? { line } : {}),
          message: `expected ${expected} columns, found ${found}`,
        },
      ],
      cause: e,
    });
  }
  if (/unterminated quote|quote/i.test(message) && /CSV/i.test(message)) {
    return new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}${line ? `:${line}` : ''}: a quoted field is never closed.`,
      hint: 'The file may be truncated mid-row, or a value contains an unescaped quote. Re-export the file.',
      issues: [{ file, ...(line ? { line } : {}), message: 'unterminated quoted field' }],
      cause: e,
    });
  }
  if (/No files found|does not exist|Cannot open file/i.test(message)) {
    return new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot open the file.`,
      hint: 'Check the path.',
      issues: [{ file, message: 'cannot open the file' }],
      cause: e,
    });
  }
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}${line ? `:${line}` : ''}: could not read it as ${kind.toUpperCase()} (${firstLine(message)}).`,
    hint:
      kind === 'csv'
        ? 'Check that it is a CSV billing export (header row, consistent delimiter), or pass --format.'
        : `Check that it is a valid ${kind} file.`,
    issues: [{ file, ...(line ? { line } : {}), message: firstLine(message) }],
    cause: e,
  });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}
