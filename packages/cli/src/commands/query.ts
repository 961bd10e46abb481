/**
 * `costlens query` — ask the semantic layer, in the compact form
 * (`costlens query effective_cost by service,tag:team last 3 months monthly --top 10 --where provider=aws`)
 * or with the full model (`--query-json`). Prints a table, `--json` (the whole result with its SQL)
 * or `--csv` (exact values). Typed filter values are matched to the stored spelling ignoring case.
 */
import { readFileSync } from 'node:fs';
import {
  COMPACT_SYNTAX,
  csvCell,
  CostLensError,
  costDataSpan,
  dimensionValues,
  listDimensions,
  listMetrics,
  loadCatalog,
  parseCompactQuery,
  resolveFilterValues,
  runQuery,
} from '@costlens/core';
import type { SemanticQuery, SemanticResult, Warehouse } from '@costlens/core';
import { money } from '../output.ts';
import type { Output } from '../output.ts';
import type { RegisterCommand } from './types.ts';

interface QueryOptions {
  top?: string;
  where: string[];
  compare?: string;
  order: string[];
  queryJson?: string;
  csv?: boolean;
  asOf?: string;
  sql?: boolean;
  list?: boolean;
  values?: string;
  search?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const registerQuery: RegisterCommand = (program, ctx) => {
  program
    .command('query')
    .description(`Ask a cost question through the semantic layer. Compact form: ${COMPACT_SYNTAX}`)
    .argument('[words...]', 'e.g. effective_cost by service last 30 days daily')
    .option('--top <n>', 'keep the top N groups, the rest summed into "Other"')
    .option(
      '--where <dim=value>',
      'filter: dim=v, dim=a|b, dim!=v, dim~text, dim= (no value); repeatable',
      collect,
      [],
    )
    .option('--compare <what>', 'previous | last-year')
    .option(
      '--order <field[:asc|desc]>',
      'sort by a metric, dimension or period; repeatable',
      collect,
      [],
    )
    .option('--query-json <json|@file>', 'the full semantic query model as JSON')
    .option('--csv', 'print CSV with exact values')
    .option(
      '--as-of <date|latest>',
      'resolve relative ranges as of this day (latest: the last day with data)',
    )
    .option('--sql', 'also print the SQL and parameters that produced the numbers')
    .option('--list', 'list the metrics and dimensions you can ask for')
    .option('--values <dimension>', 'list the values of a dimension, biggest spend first')
    .option('--search <text>', 'with --values: only values containing this text')
    .action(async (words: string[], opts: QueryOptions) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const catalog = await loadCatalog(wh);
      if (opts.list) return printCatalog(out, catalog);
      if (opts.values) {
        const values = await dimensionValues(wh, opts.values, {
          catalog,
          ...(opts.search ? { search: opts.search } : {}),
        });
        if (out.json) return out.data(values);
        out.table(
          [opts.values, 'effective cost', 'rows'],
          values.map((v) => [v.value ?? '(none)', money(v.effectiveCost), v.rows]),
        );
        return;
      }
      const parsed = readQuery(words, opts);
      const { query, changes } = await resolveFilterValues(wh, parsed, { catalog });
      for (const c of changes) out.info(`(${c.dimension}: matched "${c.from}" to "${c.to}")`);
      const now = await asOf(wh, opts.asOf);
      const result = await runQuery(wh, query, { catalog, ...(now ? { now } : {}) });
      if (out.json) return out.data({ query, ...result });
      if (opts.csv) {
        printCsv(out, result);
      } else {
        out.table(
          result.columns.map((c) => c.name),
          result.rows.map((r) => result.columns.map((c) => display(r[c.name], c.role, c.unit))),
        );
        out.info(summary(result));
      }
      for (const w of result.warnings ?? []) out.info(`warning: ${w}`);
      const metricCols = result.columns.filter((c) => c.role === 'metric');
      const empty = result.rows.every((r) => metricCols.every((c) => r[c.name] === null));
      if (empty) await explainEmpty(wh, out, result);
      if (opts.sql) {
        out.line();
        out.line(result.sql);
        out.line(`-- params: ${JSON.stringify(result.params)}`);
      }
    });
};

function readQuery(words: readonly string[], opts: QueryOptions): SemanticQuery {
  if (opts.queryJson) {
    if (words.length > 0) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: 'give either --query-json or the compact words, not both',
      });
    }
    const text = opts.queryJson.startsWith('@')
      ? readFileSync(opts.queryJson.slice(1), 'utf8')
      : opts.queryJson;
    try {
      return JSON.parse(text) as SemanticQuery;
    } catch (e) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `--query-json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
        hint: 'Example: --query-json \'{"metric":"effective_cost","groupBy":["service"],"timeRange":{"relative":"last_n_days","n":30},"grain":"day"}\'',
      });
    }
  }
  const top = opts.top === undefined ? undefined : Number(opts.top);
  if (top !== undefined && (!Number.isInteger(top) || top < 1)) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `--top ${opts.top}: use a positive whole number`,
    });
  }
  return parseCompactQuery(words, {
    ...(top !== undefined ? { top } : {}),
    where: opts.where,
    order: opts.order,
    ...(opts.compare ? { compare: opts.compare } : {}),
  });
}

async function asOf(wh: Warehouse, value: string | undefined): Promise<Date | undefined> {
  if (!value) return undefined;
  if (value === 'latest') {
    const span = await costDataSpan(wh);
    return span ? new Date(`${span.last}T00:00:00Z`) : undefined;
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime())) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `--as-of ${value}: use YYYY-MM-DD or latest`,
    });
  }
  return d;
}

function display(
  v: string | number | null | undefined,
  role: string,
  unit: string | undefined,
): string {
  if (v === null || v === undefined) return role === 'dimension' ? '(none)' : '';
  if (role === 'delta_pct') return `${Number(v).toFixed(1)}%`;
  if (unit === 'currency') return money(String(v));
  if (unit === 'ratio') return Number(v).toPrecision(6);
  if (unit === 'quantity')
    return String(v)
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  return String(v);
}

function summary(r: SemanticResult): string {
  const range = r.timeRange
    ? ` from ${r.timeRange.start} to ${r.timeRange.end} (end exclusive)`
    : '';
  return `${r.rows.length} row(s)${range}. Money in the billing currency; --sql shows the query.`;
}

function printCsv(out: Output, r: SemanticResult): void {
  // Names from the bill may read as spreadsheet formulas (=cmd|…): csvCell shows them as text.
  const esc = csvCell;
  out.line(r.columns.map((c) => esc(c.name)).join(','));
  for (const row of r.rows) out.line(r.columns.map((c) => esc(row[c.name])).join(','));
}

async function explainEmpty(wh: Warehouse, out: Output, r: SemanticResult): Promise<void> {
  const span = await costDataSpan(wh);
  if (!span) {
    out.info('No cost rows are stored yet. Run `costlens ingest <file>` first.');
  } else if (r.timeRange) {
    out.info(
      `No rows match. The stored data covers ${span.first} … ${span.last}; try another range, or --as-of latest to count relative ranges back from the data's last day.`,
    );
  }
}

function printCatalog(out: Output, catalog: Awaited<ReturnType<typeof loadCatalog>>): void {
  const metrics = listMetrics(catalog);
  const dims = listDimensions(catalog);
  if (out.json) return out.data({ metrics, dimensions: dims });
  out.line('Metrics:');
  out.table(
    ['id', 'unit', 'description'],
    metrics.map((m) => [m.id, m.unit ?? '', m.description]),
  );
  out.line();
  out.line('Dimensions:');
  out.table(
    ['id', 'kind', 'description'],
    dims.map((d) => [d.id, d.kind, d.description]),
  );
}
