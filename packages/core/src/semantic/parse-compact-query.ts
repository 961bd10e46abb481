/**
 * The compact query language of `costlens query` (and any chat surface that wants it):
 * `effective_cost by service,tag:team last 3 months monthly top 10 where provider=aws`.
 * Deterministic word rules into a SemanticQuery; no SQL, no model. Names are checked later by
 * the compiler against the catalog, so this parser never needs to know them.
 */
import { CostLensError } from '../errors.ts';
import type { CompareTo, Filter, Grain, SemanticQuery, TimeRange } from './types.ts';

export interface CompactQueryOptions {
  /** `--top N`. */
  top?: number;
  /** `--where k=v` expressions. */
  where?: readonly string[];
  /** `--compare previous|last-year`. */
  compare?: string;
  /** `--order field[:asc|desc]`. */
  order?: readonly string[];
}

const GRAIN_WORDS: Record<string, Grain> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  yearly: 'year',
  annually: 'year',
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

const UNIT_DAYS: Record<string, number> = { day: 1, week: 7 };
const UNIT_MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

export const COMPACT_SYNTAX =
  '<metric>[,<metric>…] [by <dim>[,<dim>…]] [last N days|weeks|months|quarters|years | last month|quarter|year | this month|quarter|year | mtd|qtd|ytd | in YYYY-MM | from YYYY-MM-DD to YYYY-MM-DD] [daily|weekly|monthly|quarterly|yearly] [vs previous|last year] [top N] [where k=v …]';

function usage(message: string, hint?: string): CostLensError {
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `cannot read the query: ${message}`,
    hint: hint ?? `Write: ${COMPACT_SYNTAX}. Or pass the full model with --query-json.`,
  });
}

const singular = (w: string) => w.toLowerCase().replace(/s$/, '');

/**
 * Parses a filter expression: `k=v`, `k=a|b` (in), `k!=v`, `k!=a|b` (not in), `k~text`
 * (contains), `k=` (is empty), `k!=` (is not empty).
 * @example parseWhere('provider=aws|gcp') // { dimension: 'provider', op: 'in', value: ['aws', 'gcp'] }
 */
export function parseWhere(expr: string): Filter {
  const m = /^([^=!~]+?)\s*(!=|=|~)\s*(.*)$/s.exec(expr);
  if (!m)
    throw usage(
      `"${expr}" is not a filter`,
      'Write filters as dim=value, dim=a|b, dim!=value, dim~text, or dim= for "has no value".',
    );
  const [, dimension = '', op, value = ''] = m;
  const values = value.split('|');
  if (op === '~') return { dimension, op: 'contains', value };
  if (value === '') return { dimension, op: op === '=' ? 'is_null' : 'is_not_null' };
  if (values.length > 1) return { dimension, op: op === '=' ? 'in' : 'not_in', value: values };
  return { dimension, op: op === '=' ? 'eq' : 'neq', value };
}

/**
 * Parses the compact form.
 * @example parseCompactQuery(['effective_cost', 'by', 'service,tag:team', 'last', '3', 'months', 'monthly'], { top: 10, where: ['provider=aws'] })
 */
export function parseCompactQuery(
  words: readonly string[],
  opts: CompactQueryOptions = {},
): SemanticQuery {
  const t = words.flatMap((w) => w.split(/\s+/)).filter(Boolean);
  if (t.length === 0) throw usage('no metric given');
  const [first, ...rest] = t;
  const metrics = first!.split(',').filter(Boolean);
  let groupBy: string[] | undefined;
  let grain: Grain | undefined;
  let timeRange: TimeRange | undefined;
  let compareTo: CompareTo | undefined;
  let limit = opts.top;
  const filters: Filter[] = (opts.where ?? []).map(parseWhere);

  let i = 0;
  const next = () => rest[i++];
  const peek = (k = 0) => rest[i + k]?.toLowerCase();
  const setRange = (r: TimeRange) => {
    if (timeRange) throw usage('two time ranges given');
    timeRange = r;
  };
  while (i < rest.length) {
    const w = next()!.toLowerCase();
    if (w === 'by' || w === 'per') {
      const arg = next();
      if (!arg) throw usage(`"${w}" needs a dimension list`);
      if (GRAIN_WORDS[arg.toLowerCase()] && !arg.includes(','))
        grain = GRAIN_WORDS[arg.toLowerCase()];
      else groupBy = [...(groupBy ?? []), ...arg.split(',').filter(Boolean)];
    } else if (
      GRAIN_WORDS[w] &&
      ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'annually'].includes(w)
    ) {
      grain = GRAIN_WORDS[w];
    } else if (w === 'last' || w === 'past' || w === 'previous' || w === 'prev') {
      const n = Number(peek());
      if (Number.isInteger(n) && n > 0 && (w === 'last' || w === 'past')) {
        next();
        const unit = singular(next() ?? '');
        if (UNIT_DAYS[unit]) setRange({ relative: 'last_n_days', n: n * UNIT_DAYS[unit]! });
        else if (UNIT_MONTHS[unit])
          setRange({ relative: 'last_n_months', n: n * UNIT_MONTHS[unit]! });
        else throw usage(`"last ${n} ${unit}" needs days, weeks, months, quarters or years`);
      } else {
        const unit = singular(next() ?? '');
        if (unit === 'month') setRange({ relative: 'previous_month' });
        else if (unit === 'quarter') setRange({ relative: 'previous_quarter' });
        else if (unit === 'year') setRange({ relative: 'previous_year' });
        else if (unit === 'week') setRange({ relative: 'last_n_days', n: 7 });
        else throw usage(`"${w} ${unit}" is not a time range`);
      }
    } else if (w === 'this') {
      const unit = singular(next() ?? '');
      const map: Record<string, TimeRange> = {
        month: { relative: 'month_to_date' },
        quarter: { relative: 'quarter_to_date' },
        year: { relative: 'year_to_date' },
      };
      if (!map[unit]) throw usage(`"this ${unit}" is not a time range`);
      setRange(map[unit]!);
    } else if (w === 'mtd' || w === 'qtd' || w === 'ytd') {
      setRange({
        relative: w === 'mtd' ? 'month_to_date' : w === 'qtd' ? 'quarter_to_date' : 'year_to_date',
      });
    } else if (
      (w === 'month' || w === 'quarter' || w === 'year') &&
      peek() === 'to' &&
      peek(1) === 'date'
    ) {
      i += 2;
      setRange({ relative: `${w}_to_date` as 'month_to_date' });
    } else if (w === 'in' || /^\d{4}(-\d{2})?$/.test(w)) {
      const arg = w === 'in' ? (next() ?? '') : w;
      setRange(periodRange(arg));
    } else if (w === 'from') {
      const start = next() ?? '';
      if (peek() !== 'to')
        throw usage('"from" needs "to": from YYYY-MM-DD to YYYY-MM-DD (end exclusive)');
      next();
      setRange({ start, end: next() ?? '' });
    } else if (w === 'vs' || w === 'versus' || w === 'compared') {
      if (peek() === 'to' || peek() === 'with') next();
      const a = next()?.toLowerCase();
      if (a === 'last' && peek() === 'year') {
        next();
        compareTo = 'same_period_last_year';
      } else if (a === 'previous' || a === 'prev' || a === 'last') {
        if (peek() === 'period') next();
        compareTo = 'previous_period';
      } else if (a === 'yoy') compareTo = 'same_period_last_year';
      else
        throw usage(
          `"vs ${a ?? ''}" is not a comparison`,
          'Write "vs previous" or "vs last year".',
        );
    } else if (w === 'yoy') {
      compareTo = 'same_period_last_year';
    } else if (w === 'mom' || w === 'pop') {
      compareTo = 'previous_period';
    } else if (w === 'top') {
      const n = Number(next());
      if (!Number.isInteger(n) || n < 1) throw usage('"top" needs a positive whole number');
      limit = n;
    } else if (w === 'where' || w === 'and') {
      const expr = next();
      if (!expr) throw usage('"where" needs a filter like provider=aws');
      filters.push(parseWhere(expr));
    } else {
      throw usage(`did not understand "${rest[i - 1]}"`);
    }
  }
  if (opts.compare) {
    const c = opts.compare.toLowerCase();
    if (c === 'previous' || c === 'previous_period') compareTo = 'previous_period';
    else if (c === 'last-year' || c === 'same_period_last_year' || c === 'yoy')
      compareTo = 'same_period_last_year';
    else throw usage(`--compare ${opts.compare}`, 'Use --compare previous or --compare last-year.');
  }
  const orderBy = (opts.order ?? []).map((o) => {
    const [field = '', dir = 'desc'] = o.split(':');
    if (dir !== 'asc' && dir !== 'desc')
      throw usage(`--order ${o}`, 'Use --order field:asc or field:desc.');
    return { field, direction: dir as 'asc' | 'desc' };
  });
  return {
    metric: metrics[0]!,
    ...(metrics.length > 1 ? { metrics: metrics.slice(1) } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(filters.length > 0 ? { filters } : {}),
    ...(timeRange ? { timeRange } : {}),
    ...(grain ? { grain } : {}),
    ...(compareTo ? { compareTo } : {}),
    ...(orderBy.length > 0 ? { orderBy } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** `2025-01` → that month; `2025` → that year. */
function periodRange(text: string): TimeRange {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(text);
  if (!m) throw usage(`"${text}" is not a month (YYYY-MM) or year (YYYY)`);
  const y = Number(m[1]);
  if (m[2] === undefined) return { start: `${y}-01-01`, end: `${y + 1}-01-01` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) throw usage(`"${text}" is not a month`);
  const end = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
  return { start: `${y}-${m[2]}-01`, end };
}
