/**
 * The semantic-query compiler: a validated query → one parameterized SQL statement, its
 * parameters and the result columns. Pure and I/O-free. Internal aliases are positional (`d0`,
 * `m0`), so user text (tag keys, filter values) only ever reaches `params`: two queries that use
 * the same declared dimensions and operators compile to the same SQL text.
 * Pipeline: one scan per range (a comparison range ending before the current one shares its
 * scan; tag dimensions are computed per distinct tag set) → optional top-N with "Other" →
 * comparison columns → order.
 */
import { COST_TABLE } from '../focus/schema.ts';
import type { Catalog } from './catalog.ts';
import { DEFAULT_CATALOG, resolveDimension } from './catalog.ts';
import { dimensionSql, filterSql, tagSql } from './compile-dimension.ts';
import type { CompileEnv } from './compile-dimension.ts';
import { dialectFor } from './dialect.ts';
import type { SemanticDialect } from './dialect.ts';
import './dialect-clickhouse.ts';
import './dialect-duckdb.ts';
import type { DimensionDef } from './dimensions.ts';
import type { MetricDef } from './metrics.ts';
import { SqlParams } from './sql-params.ts';
import type { ParamValue } from './sql-params.ts';
import { comparisonShift, formatInstant, resolveTimeRange, shiftRange } from './time-range.ts';
import type { RangeShift } from './time-range.ts';
import type { ResultColumn, SemanticQuery } from './types.ts';
import { validateQuery } from './validate-query.ts';

/** The label of the top-N remainder bucket. */
export const OTHER_LABEL = 'Other';

export interface CompileContext {
  catalog?: Catalog;
  /** The clock relative ranges resolve against (default: now). */
  now?: Date;
  /** Dialect name (default `duckdb`). */
  dialect?: string;
}

/** How each SQL output column maps to a result column. */
export interface CompiledColumn extends ResultColumn {
  /** The SQL alias it is read from. */
  alias: string;
  /** How to turn the driver's value into the result value. */
  read: 'text' | 'decimal' | 'count' | 'number' | 'date';
}

export interface CompiledQuery {
  sql: string;
  params: ParamValue[];
  columns: CompiledColumn[];
  timeRange?: { start: string; end: string };
}

const TS = 'ChargePeriodStart';
const tsParam = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

interface Range {
  start: Date;
  end: Date;
}

/**
 * Compiles a query. Throws INVALID_INPUT (listing valid names) for unknown metrics or dimensions.
 * @example compileQuery({ metric: 'effective_cost', groupBy: ['service'], grain: 'month' }, {})
 */
export function compileQuery(query: SemanticQuery, ctx: CompileContext = {}): CompiledQuery {
  const catalog = ctx.catalog ?? DEFAULT_CATALOG;
  const q = validateQuery(query, catalog);
  const dialect = dialectFor(ctx.dialect ?? 'duckdb');
  const params = new SqlParams(dialect);
  const env: CompileEnv = { catalog, dialect, params };

  const metrics = [q.metric, ...(q.metrics ?? [])].map((id) => catalog.metrics.get(id)!);
  const dims = (q.groupBy ?? []).map((id) => resolveDimension(catalog, id)!);
  const dAlias = dims.map((_, i) => `d${i}`);
  const mAlias = metrics.map((_, i) => `m${i}`);
  const pAlias = metrics.map((_, i) => `p${i}`);
  const grain = q.grain;
  const range = q.timeRange ? resolveTimeRange(q.timeRange, ctx.now ?? new Date()) : undefined;
  const shift = range && q.compareTo ? comparisonShift(range, q.compareTo) : undefined;

  const ctes: string[] = [];
  const block = (
    name: string,
    r: Range | undefined,
    sh: RangeShift | undefined,
    inlinePrevious?: { range: Range; shift: RangeShift },
  ) => {
    ctes.push(
      ...rangeBlock({
        name,
        range: r,
        shift: sh,
        ...(inlinePrevious ? { inlinePrevious } : {}),
        metrics,
        dims,
        grain,
        filters: q.filters ?? [],
        env,
      }),
    );
  };
  // A comparison range that ends before the current one starts is read in the same scan;
  // unit costs (which join business metrics per range) and overlapping ranges use two scans.
  const prevRange = range && shift ? shiftRange(range, shift) : undefined;
  const inline = Boolean(
    range &&
    shift &&
    prevRange &&
    prevRange.end <= range.start &&
    metrics.every((m) => m.kind !== 'unit_cost'),
  );
  block('cur', range, undefined, inline ? { range: prevRange!, shift: shift! } : undefined);
  let source = 'cur';
  if (range && shift && !inline) {
    block('prev', prevRange, shift);
    const on = [
      ...dAlias.map((a) => dialect.nullSafeEqual(`c.${a}`, `p.${a}`)),
      ...(grain ? ['c.period = p.period'] : []),
    ];
    ctes.push(
      `joined AS (SELECT ${[
        ...dAlias.map((a) => `COALESCE(c.${a}, p.${a}) AS ${a}`),
        ...(grain ? ['COALESCE(c.period, p.period) AS period'] : []),
        ...mAlias.map((a) => `c.${a} AS ${a}`),
        ...pAlias.map((a, i) => `p.${mAlias[i]} AS ${a}`),
      ].join(
        ', ',
      )} FROM cur c FULL OUTER JOIN prev p ON ${on.length > 0 ? on.join(' AND ') : 'TRUE'})`,
    );
    source = 'joined';
  }
  const valueCols = shift ? [...mAlias, ...pAlias] : mAlias;

  const topN = q.limit !== undefined && dims.length > 0;
  const withOther = topN && q.other !== false;
  if (topN) {
    const n = params.add(q.limit!);
    const nullsLast = dAlias.map((a) => `${a} ASC NULLS LAST`);
    ctes.push(
      `ranked AS (SELECT ${dAlias.join(', ')}, row_number() OVER (ORDER BY sum(m0) DESC NULLS LAST, ${nullsLast.join(', ')}) AS rn FROM ${source} GROUP BY ${dAlias.join(', ')})`,
    );
    const join = dAlias.map((a) => dialect.nullSafeEqual(`s.${a}`, `r.${a}`)).join(' AND ');
    if (withOther) {
      const other = params.add(OTHER_LABEL);
      ctes.push(
        `collapsed AS (SELECT ${[
          ...dAlias.map((a, i) => `CASE WHEN r.rn <= ${n} THEN s.${a} ELSE ${other} END AS o${i}`),
          `CASE WHEN r.rn <= ${n} THEN 0 ELSE 1 END AS is_other`,
          ...(grain ? ['s.period AS operiod'] : []),
          ...valueCols.map((a) => `s.${a} AS ${a}`),
        ].join(', ')} FROM ${source} s JOIN ranked r ON ${join})`,
      );
      ctes.push(
        `limited AS (SELECT ${[
          ...dAlias.map((a, i) => `o${i} AS ${a}`),
          'is_other',
          ...(grain ? ['operiod AS period'] : []),
          ...valueCols.map((a) => `sum(${a}) AS ${a}`),
        ].join(
          ', ',
        )} FROM collapsed GROUP BY ${[...dAlias.map((_, i) => `o${i}`), 'is_other', ...(grain ? ['operiod'] : [])].join(', ')})`,
      );
    } else {
      ctes.push(
        `limited AS (SELECT ${[...dAlias.map((a) => `s.${a}`), ...(grain ? ['s.period'] : []), ...valueCols.map((a) => `s.${a}`), '0 AS is_other'].join(', ')} FROM ${source} s JOIN ranked r ON ${join} WHERE r.rn <= ${n})`,
      );
    }
    source = 'limited';
  }

  // Final projection: comparison columns computed last so the "Other" bucket's delta is right.
  const select: string[] = [...dAlias, ...(grain ? ['period'] : []), ...mAlias];
  const columns: CompiledColumn[] = [
    ...dims.map((d, i) => ({
      name: d.id,
      role: 'dimension' as const,
      alias: dAlias[i]!,
      read: 'text' as const,
    })),
    ...(grain
      ? [{ name: 'period', role: 'period' as const, alias: 'period', read: 'date' as const }]
      : []),
    ...metrics.map((m, i) => ({
      name: m.id,
      role: 'metric' as const,
      unit: m.unit,
      alias: mAlias[i]!,
      read: readOf(m),
    })),
  ];
  if (shift) {
    metrics.forEach((m, i) => {
      const [cur, prev] = [mAlias[i]!, pAlias[i]!];
      select.push(
        prev,
        `(COALESCE(${cur}, 0) - COALESCE(${prev}, 0)) AS x${i}`,
        `CASE WHEN ${prev} IS NULL OR ${prev} = 0 THEN NULL ELSE ${dialect.divide(`(COALESCE(${cur}, 0) - ${prev}) * 100`, `abs(${prev})`)} END AS r${i}`,
      );
      columns.push(
        { name: `${m.id}_previous`, role: 'previous', unit: m.unit, alias: prev, read: readOf(m) },
        { name: `${m.id}_delta`, role: 'delta', unit: m.unit, alias: `x${i}`, read: readOf(m) },
        {
          name: `${m.id}_delta_pct`,
          role: 'delta_pct',
          unit: 'percent',
          alias: `r${i}`,
          read: 'number',
        },
      );
    });
  }
  const fieldAlias = new Map<string, string>([
    ...dims.map((d, i) => [d.id, dAlias[i]!] as const),
    ...metrics.map((m, i) => [m.id, mAlias[i]!] as const),
    ...(grain ? [['period', 'period'] as const] : []),
  ]);
  const order: string[] = [];
  for (const o of q.orderBy ?? []) {
    const alias = fieldAlias.get(o.field);
    if (alias) order.push(`${alias} ${o.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  }
  if (order.length === 0) {
    if (grain) order.push('period ASC');
    if (topN) order.push('is_other ASC');
    order.push('m0 DESC NULLS LAST');
  }
  order.push(...dAlias.map((a) => `${a} ASC NULLS LAST`));
  const tail = q.limit !== undefined && !topN ? ` LIMIT ${params.add(q.limit)}` : '';
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${select.join(', ')} FROM ${source} ORDER BY ${order.join(', ')}${tail}`;
  return {
    sql,
    params: params.values,
    columns,
    ...(range
      ? { timeRange: { start: formatInstant(range.start), end: formatInstant(range.end) } }
      : {}),
  };
}

function readOf(m: MetricDef): CompiledColumn['read'] {
  if (m.kind === 'count') return 'count';
  if (m.kind === 'unit_cost') return 'number';
  return 'decimal';
}

/**
 * The aggregate expression of a base metric over `focus_cost` rows, optionally only over rows
 * where `when` holds (NULL when none do, counts included, so a missing period reads as empty).
 */
function aggregateSql(m: MetricDef, dialect: SemanticDialect, when?: string): string {
  const c = (m.columns ?? []).map((x) => dialect.quoteIdent(x));
  const only = (expr: string) => (when ? `CASE WHEN ${when} THEN ${expr} END` : expr);
  switch (m.kind) {
    case 'sum':
      return `sum(${only(c[0]!)})`;
    case 'difference':
      return `sum(${only(`${c[0]} - ${c[1]}`)})`;
    case 'count':
      return when ? `sum(${only('1')})` : 'count(*)';
    case 'unit_cost':
      throw new Error('unit costs are not plain aggregates');
  }
}

/**
 * One range's aggregate, as CTEs ending in `name`: `focus_cost` grouped by the dimensions and
 * period, unit costs divided by their business metric per period. A shifted (comparison) range
 * moves its timestamps by `-shift` so its periods line up with the current range's. With
 * `inlinePrevious`, the comparison range is read in the same scan into `p<i>` columns.
 * Tag dimensions are computed after a first grouping by the raw Tags value: tag sets repeat
 * across rows, so the JSON work is done once per distinct set rather than once per row.
 */
function rangeBlock(a: {
  name: string;
  range: Range | undefined;
  shift: RangeShift | undefined;
  inlinePrevious?: { range: Range; shift: RangeShift };
  metrics: readonly MetricDef[];
  dims: readonly DimensionDef[];
  grain: SemanticQuery['grain'];
  filters: NonNullable<SemanticQuery['filters']>;
  env: CompileEnv;
}): string[] {
  const { env, grain } = a;
  const { dialect, params, catalog } = env;
  const ts = dialect.quoteIdent(TS);
  const align = (expr: string, shift: RangeShift | undefined) => {
    if (!shift) return expr;
    const p = params.add(-shift.amount);
    return shift.unit === 'month' ? dialect.addMonths(expr, p) : dialect.addDays(expr, p);
  };
  const within = (r: Range) =>
    `${ts} >= ${dialect.timestampParam(params.add(tsParam(r.start)))} AND ${ts} < ${dialect.timestampParam(params.add(tsParam(r.end)))}`;
  const where: string[] = [];
  const prev = a.inlinePrevious;
  let isCurrent: string | undefined;
  if (a.range && prev) {
    where.push(
      prev.range.end.getTime() === a.range.start.getTime()
        ? within({ start: prev.range.start, end: a.range.end })
        : `((${within(a.range)}) OR (${within(prev.range)}))`,
    );
    isCurrent = `${ts} >= ${dialect.timestampParam(params.add(tsParam(a.range.start)))}`;
  } else if (a.range) {
    where.push(within(a.range));
  }
  where.push(...a.filters.map((f) => filterSql(f, env)));

  const twoPhase = a.dims.some((d) => d.kind === 'tag');
  const inner: string[] = [];
  const innerGroup: string[] = [];
  a.dims.forEach((d, i) => {
    if (d.kind === 'tag') return;
    inner.push(`${dimensionSql(d, env)} AS d${i}`);
    innerGroup.push(`d${i}`);
  });
  if (twoPhase) {
    inner.push(`${dialect.quoteIdent('Tags')} AS tags_raw`);
    innerGroup.push('tags_raw');
  }
  if (grain) {
    const t = isCurrent
      ? `CASE WHEN ${isCurrent} THEN ${ts} ELSE ${align(ts, prev!.shift)} END`
      : align(ts, a.shift);
    inner.push(`${dialect.timeBucket(grain, t)} AS period`);
    innerGroup.push('period');
  }
  const hasUnit = a.metrics.some((m) => m.kind === 'unit_cost');
  const out = hasUnit ? 'n' : 'm';
  const valueCols: string[] = [];
  a.metrics.forEach((m, i) => {
    const base = m.kind === 'unit_cost' ? catalog.metrics.get(m.unitCost!.costMetric)! : m;
    if (isCurrent) {
      inner.push(
        `${aggregateSql(base, dialect, isCurrent)} AS ${out}${i}`,
        `${aggregateSql(base, dialect, `NOT (${isCurrent})`)} AS p${i}`,
      );
      valueCols.push(`${out}${i}`, `p${i}`);
    } else {
      inner.push(`${aggregateSql(base, dialect)} AS ${out}${i}`);
      valueCols.push(`${out}${i}`);
    }
  });
  const baseName = hasUnit ? `${a.name}_base` : a.name;
  const scan = `SELECT ${inner.join(', ')} FROM ${COST_TABLE}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}${innerGroup.length > 0 ? ` GROUP BY ${innerGroup.join(', ')}` : ''}`;
  let body = scan;
  if (twoPhase) {
    const outer = a.dims.map((d, i) =>
      d.kind === 'tag' ? `${tagSql(d, 'tags_raw', env)} AS d${i}` : `d${i}`,
    );
    const outerGroup = a.dims.map((_, i) => `d${i}`);
    if (grain) {
      outer.push('period');
      outerGroup.push('period');
    }
    outer.push(...valueCols.map((c) => `sum(${c}) AS ${c}`));
    body = `SELECT ${outer.join(', ')} FROM (${scan}) g GROUP BY ${outerGroup.join(', ')}`;
  }
  const ctes = [`${baseName} AS (${body})`];
  if (!hasUnit) return ctes;

  // Unit costs: numerator per group and period over the business metric's total for that period.
  const joins: string[] = [];
  const cols = [...a.dims.map((_, i) => `b.d${i}`), ...(grain ? ['b.period'] : [])];
  a.metrics.forEach((m, i) => {
    if (m.kind !== 'unit_cost') {
      cols.push(`b.n${i} AS m${i}`);
      return;
    }
    const u = m.unitCost!;
    const day = `CAST(${dialect.quoteIdent('date')} AS TIMESTAMP)`;
    const bw = [`metric = ${params.add(u.businessMetric)}`];
    if (a.range) {
      bw.push(
        `${day} >= ${dialect.timestampParam(params.add(tsParam(a.range.start)))}`,
        `${day} < ${dialect.timestampParam(params.add(tsParam(a.range.end)))}`,
      );
    }
    const bucket = grain ? `${dialect.timeBucket(grain, align(day, a.shift))} AS period, ` : '';
    ctes.push(
      `${a.name}_den${i} AS (SELECT ${bucket}sum(value) AS v FROM business_metric WHERE ${bw.join(' AND ')}${grain ? ' GROUP BY period' : ''})`,
    );
    joins.push(
      `LEFT JOIN ${a.name}_den${i} u${i} ON ${grain ? `b.period = u${i}.period` : 'TRUE'}`,
    );
    cols.push(`${dialect.divide(`b.n${i} * ${params.add(u.per)}`, `u${i}.v`)} AS m${i}`);
  });
  ctes.push(`${a.name} AS (SELECT ${cols.join(', ')} FROM ${baseName} b ${joins.join(' ')})`);
  return ctes;
}
