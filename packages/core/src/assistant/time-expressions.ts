/**
 * Time expressions in questions → absolute UTC day ranges (`start` inclusive, `end` exclusive).
 * "Today" is the reference day passed in (the assistant uses the data's last charge day), so
 * "this month" means the month that day falls in, up to and including it. A month or quarter
 * named without a year is the latest one that has begun by then. Fiscal years are named by the
 * calendar year they end in (FY2026 with an April start = 2025-04-01 .. 2026-04-01).
 * Pure date arithmetic; no clock is read.
 */

export interface DayRange {
  start: string;
  end: string;
}

export interface TimeExpression {
  range: DayRange;
  /** How the answer names it: `2026-05`, `2026-06-01 to 2026-06-17`, `Q3 2025`, … */
  label: string;
  /** The words matched in the question (lower case). */
  matched: string;
  /** The natural unit, used to pick a comparison period and a trend grain. */
  unit: 'day' | 'week' | 'month' | 'quarter' | 'year' | 'span';
  /** True when the range runs to the reference day (month to date, since June, last 30 days). */
  toDate: boolean;
  /** For "last N months": the span in whole months (comparisons shift by it). */
  months?: number;
}

export interface TimeOptions {
  /** The reference day ("today"), ISO `YYYY-MM-DD`. */
  today: string;
  /** First month of the fiscal year, 1–12 (default 1). */
  fiscalYearStartMonth?: number;
}

const DAY_MS = 86_400_000;
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};
const ORDINAL_Q: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 };

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
/** Adds days to an ISO day. */
export const addDays = (d: string, n: number) => iso(parse(d) + n * DAY_MS);
const monthStart = (y: number, m0: number) => iso(Date.UTC(y, m0, 1));
const ym = (d: string) => ({ y: Number(d.slice(0, 4)), m0: Number(d.slice(5, 7)) - 1 });

function monthIndex(word: string): number {
  return MONTH_NAMES.findIndex((m) => m.startsWith(word.slice(0, 3)));
}

function monthRange(y: number, m0: number): DayRange {
  return { start: monthStart(y, m0), end: monthStart(y, m0 + 1) };
}

/** Clips a range's end to the day after `today` and says whether it was clipped. */
function clip(r: DayRange, today: string): { range: DayRange; toDate: boolean } {
  const tomorrow = addDays(today, 1);
  return r.end > tomorrow
    ? { range: { start: r.start, end: tomorrow }, toDate: true }
    : { range: r, toDate: false };
}

/** `2026-06-01 to 2026-06-17` (inclusive end) or the period's own name. */
export function describeRange(r: DayRange): string {
  const last = addDays(r.end, -1);
  if (r.start === last) return r.start;
  const s = ym(r.start);
  if (r.start.endsWith('-01') && r.end === monthStart(s.y, s.m0 + 1)) return r.start.slice(0, 7);
  return `${r.start} to ${last}`;
}

function make(
  matched: string,
  unit: TimeExpression['unit'],
  full: DayRange,
  today: string,
  name?: string,
): TimeExpression {
  const { range, toDate } = clip(full, today);
  if (name === undefined && unit === 'month') name = describeRange(full);
  const label = name
    ? toDate
      ? `${name} to date (${describeRange(range)})`
      : name
    : describeRange(range);
  return { range, label, matched, unit, toDate };
}

interface Pattern {
  re: RegExp;
  build: (m: RegExpExecArray, o: Required<TimeOptions>) => TimeExpression | undefined;
}

function quarterOf(y: number, q: number): DayRange {
  return { start: monthStart(y, (q - 1) * 3), end: monthStart(y, q * 3) };
}

/** The fiscal year containing `today` is named by the calendar year it ends in. */
function fiscalYear(name: number, startMonth: number): DayRange {
  const y0 = startMonth === 1 ? name : name - 1;
  return { start: monthStart(y0, startMonth - 1), end: monthStart(y0 + 1, startMonth - 1) };
}

function fiscalNameOf(today: string, startMonth: number): number {
  const { y, m0 } = ym(today);
  return startMonth === 1 || m0 < startMonth - 1 ? y : y + 1;
}

function fullYear(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const n = Number(text.replace(/['’]/, ''));
  return n < 100 ? 2000 + n : n;
}

function countOf(text: string): number {
  return NUMBER_WORDS[text] ?? Number(text);
}

/** A named month with no year: the latest one begun by `today`. */
function latestMonth(m0: number, today: string): { y: number; m0: number } {
  const t = ym(today);
  return { y: m0 <= t.m0 ? t.y : t.y - 1, m0 };
}

const PATTERNS: readonly Pattern[] = [
  {
    re: /\b(?:between|from)\s+(\d{4}-\d{2}-\d{2})\s+(?:and|to|until|through)\s+(\d{4}-\d{2}-\d{2})\b/,
    build: (m, o) =>
      make(m[0], 'span', { start: m[1]!, end: addDays(m[2]!, 1) }, o.today, undefined),
  },
  {
    re: new RegExp(
      `\\b(?:between|from)\\s+${MONTH_RE}(?:\\s+(\\d{4}))?\\s+(?:and|to|until|through)\\s+${MONTH_RE}(?:\\s+(\\d{4}))?\\b`,
    ),
    build: (m, o) => {
      const a = monthIndex(m[1]!);
      const b = monthIndex(m[3]!);
      const t = ym(o.today);
      const yb = fullYear(m[4], b <= t.m0 ? t.y : t.y - 1);
      const ya = fullYear(m[2], a <= b ? yb : yb - 1);
      return make(m[0], 'span', { start: monthStart(ya, a), end: monthStart(yb, b + 1) }, o.today);
    },
  },
  {
    re: /\b(?:(?:in\s+the\s+)?(?:last|past|previous|trailing)\s+(\d+|[a-z]+)\s+(day|week|month)s?)\b/,
    build: (m, o) => {
      const n = countOf(m[1]!);
      if (!Number.isInteger(n) || n < 1 || n > 1100) return undefined;
      const end = addDays(o.today, 1);
      if (m[2] === 'day') {
        return make(m[0], 'span', { start: addDays(end, -n), end }, o.today);
      }
      if (m[2] === 'week') {
        return make(m[0], 'span', { start: addDays(end, -7 * n), end }, o.today);
      }
      const t = ym(o.today);
      return {
        ...make(
          m[0],
          'span',
          { start: monthStart(t.y, t.m0 - n + 1), end: monthStart(t.y, t.m0 + 1) },
          o.today,
        ),
        months: n,
      };
    },
  },
  {
    re: /\bsince\s+(\d{4}-\d{2}-\d{2})\b/,
    build: (m, o) => make(m[0], 'span', { start: m[1]!, end: addDays(o.today, 1) }, o.today),
  },
  {
    re: /\b(today)\b/,
    build: (m, o) => make(m[0], 'day', { start: o.today, end: addDays(o.today, 1) }, o.today),
  },
  {
    re: /\b(yesterday)\b/,
    build: (m, o) => make(m[0], 'day', { start: addDays(o.today, -1), end: o.today }, o.today),
  },
  {
    re: /\b(?:on\s+)?(\d{4}-\d{2}-\d{2})\b/,
    build: (m, o) => make(m[0], 'day', { start: m[1]!, end: addDays(m[1]!, 1) }, o.today),
  },
  {
    re: /\b(this|current|last|previous|prior|past)\s+week\b|\bweek\s+to\s+date\b|\bwtd\b/,
    build: (m, o) => {
      const dow = (new Date(parse(o.today)).getUTCDay() + 6) % 7; // Monday = 0
      const monday = addDays(o.today, -dow);
      const last = m[1] && m[1] !== 'this' && m[1] !== 'current';
      const r = last
        ? { start: addDays(monday, -7), end: monday }
        : { start: monday, end: addDays(monday, 7) };
      return make(m[0], 'week', r, o.today, `the week of ${r.start}`);
    },
  },
  {
    re: /\b(this|current|last|previous|prior)\s+month\b|\bmonth[\s-]+to[\s-]+date\b|\bmtd\b|\bso\s+far\s+this\s+month\b/,
    build: (m, o) => {
      const t = ym(o.today);
      const last = m[1] && !['this', 'current'].includes(m[1]);
      return make(m[0], 'month', monthRange(t.y, last ? t.m0 - 1 : t.m0), o.today);
    },
  },
  {
    re: /\b(this|current|last|previous|prior)\s+quarter\b|\bquarter[\s-]+to[\s-]+date\b|\bqtd\b/,
    build: (m, o) => {
      const t = ym(o.today);
      const q = Math.floor(t.m0 / 3) + 1 - (m[1] && !['this', 'current'].includes(m[1]) ? 1 : 0);
      const y = q < 1 ? t.y - 1 : t.y;
      const qq = q < 1 ? 4 : q;
      return make(m[0], 'quarter', quarterOf(y, qq), o.today, `Q${qq} ${y}`);
    },
  },
  {
    re: /\b(?:q([1-4])|(first|second|third|fourth)\s+quarter)(?:\s+(?:of\s+)?(?:fy\s?)?(\d{4}|'\d{2}))?\b/,
    build: (m, o) => {
      const q = m[1] ? Number(m[1]) : ORDINAL_Q[m[2]!]!;
      const t = ym(o.today);
      const begun = (q - 1) * 3 <= t.m0;
      const y = fullYear(m[3], begun ? t.y : t.y - 1);
      return make(m[0], 'quarter', quarterOf(y, q), o.today, `Q${q} ${y}`);
    },
  },
  {
    re: /\b(this|current|last|previous|prior|next)\s+fiscal\s+year\b|\bfiscal\s+year\s+(\d{4})\b|\bfy\s?(\d{4}|\d{2})\b|\bfiscal\s+year\s+to\s+date\b|\bfytd\b/,
    build: (m, o) => {
      const cur = fiscalNameOf(o.today, o.fiscalYearStartMonth);
      let name = cur;
      if (m[1] && ['last', 'previous', 'prior'].includes(m[1])) name = cur - 1;
      if (m[1] === 'next') return undefined;
      if (m[2]) name = Number(m[2]);
      if (m[3]) name = fullYear(m[3], cur);
      return make(m[0], 'year', fiscalYear(name, o.fiscalYearStartMonth), o.today, `FY${name}`);
    },
  },
  {
    re: /\b(this|current|last|previous|prior)\s+year\b|\byear[\s-]+to[\s-]+date\b|\bytd\b/,
    build: (m, o) => {
      const y = ym(o.today).y - (m[1] && !['this', 'current'].includes(m[1]) ? 1 : 0);
      return make(m[0], 'year', { start: `${y}-01-01`, end: `${y + 1}-01-01` }, o.today, `${y}`);
    },
  },
  {
    re: new RegExp(`\\bsince\\s+(?:the\\s+start\\s+of\\s+)?${MONTH_RE}(?:\\s+(\\d{4}))?\\b`),
    build: (m, o) => {
      const m0 = monthIndex(m[1]!);
      const l = latestMonth(m0, o.today);
      const y = fullYear(m[2], l.y);
      const start = monthStart(y, m0);
      return make(m[0], 'span', { start, end: addDays(o.today, 1) }, o.today);
    },
  },
  {
    re: new RegExp(`\\b(?:in|for|during|of)?\\s*${MONTH_RE}(?:\\s+(\\d{4}))?\\b`),
    build: (m, o) => {
      const m0 = monthIndex(m[1]!);
      if (m0 < 0) return undefined;
      // "may" is also a verb: only a month when a year follows or "in/for/during" precedes.
      if (m[1] === 'may' && !m[2] && !/^(in|for|during|of)\b/.test(m[0].trim())) return undefined;
      const l = latestMonth(m0, o.today);
      const y = fullYear(m[2], l.y);
      return make(m[0].trim(), 'month', monthRange(y, m0), o.today);
    },
  },
  {
    re: /\b(?:in|for|during)\s+(\d{4})\b/,
    build: (m, o) => {
      const y = Number(m[1]);
      if (y < 2000 || y > 2100) return undefined;
      return make(m[0], 'year', { start: `${y}-01-01`, end: `${y + 1}-01-01` }, o.today, `${y}`);
    },
  },
];

/**
 * Finds every time expression in a question (lower-cased), in order of appearance; overlapping
 * matches keep the first pattern listed (the more specific one).
 * @example findTimeExpressions('ec2 cost last month vs this month', { today: '2026-06-17' })
 */
export function findTimeExpressions(text: string, opts: TimeOptions): TimeExpression[] {
  const o: Required<TimeOptions> = {
    today: opts.today,
    fiscalYearStartMonth: opts.fiscalYearStartMonth ?? 1,
  };
  const lower = text.toLowerCase();
  const taken: [number, number][] = [];
  const found: { at: number; t: TimeExpression }[] = [];
  for (const p of PATTERNS) {
    const re = new RegExp(p.re.source, 'g');
    for (const m of lower.matchAll(re)) {
      const at = m.index;
      const end = at + m[0].length;
      if (taken.some(([a, b]) => at < b && end > a)) continue;
      const t = p.build(m as unknown as RegExpExecArray, o);
      if (!t) continue;
      taken.push([at, end]);
      found.push({ at, t });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.t);
}

/** The period just before `t` of the same length and kind (for "vs last month"-style compares). */
export function previousPeriod(t: TimeExpression): DayRange {
  const { start, end } = t.range;
  if (t.months) return shiftMonths(t.range, -t.months);
  if (t.unit === 'month' || t.unit === 'quarter' || t.unit === 'year') {
    const months = t.unit === 'month' ? 1 : t.unit === 'quarter' ? 3 : 12;
    return shiftMonths(t.range, -months);
  }
  const days = Math.round((parse(end) - parse(start)) / DAY_MS);
  return { start: addDays(start, -days), end: start };
}

/** The same range a year earlier. */
export function sameRangeLastYear(r: DayRange): DayRange {
  return shiftMonths(r, -12);
}

/** Shifts both ends by whole months, keeping the day of month (clamped to the month's length). */
export function shiftMonths(r: DayRange, months: number): DayRange {
  const move = (d: string) => {
    const { y, m0 } = ym(d);
    const day = Number(d.slice(8, 10));
    const last = new Date(Date.UTC(y, m0 + months + 1, 0)).getUTCDate();
    return iso(Date.UTC(y, m0 + months, Math.min(day, last)));
  };
  return { start: move(r.start), end: move(r.end) };
}
