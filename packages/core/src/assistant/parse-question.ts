/**
 * A question in English → intent and slots (metric, time ranges, filters, group-by, top-N, grain,
 * comparison). Deterministic keyword and pattern rules over the question's own words; entity words
 * are resolved against the data's values (entity-match.ts). Nothing here reads the store or runs a
 * query, so the same question over the same data always parses the same way. Text found in the
 * data is only ever compared with the question, so instructions hidden in tag values change nothing.
 */
import type { Filter, Grain } from '../semantic/types.ts';
import type { EntityIndex } from './entity-index.ts';
import {
  COMMON_WORDS,
  DIMENSION_WORDS,
  dimensionLabel,
  matchEntities,
  STOP_WORDS,
  tokenize,
} from './entity-match.ts';
import type { Token } from './entity-match.ts';
import type { Ambiguity, EntityMatch } from './entity-match.ts';
import { findTimeExpressions } from './time-expressions.ts';
import type { TimeExpression } from './time-expressions.ts';
import type { AskIntent } from './types.ts';

export interface ParsedQuestion {
  intent: AskIntent;
  metric: string;
  metricLabel: string;
  /** The main period (defaults to month to date). */
  time: TimeExpression;
  timeGiven: boolean;
  /** A second period named in a comparison ("this month vs last month"). */
  versus?: TimeExpression;
  compare?: 'previous' | 'year';
  filters: Filter[];
  /** `service "Amazon S3"`, for the answer text. */
  filterLabels: string[];
  matches: EntityMatch[];
  groupBy?: string;
  limit?: number;
  order: 'desc' | 'asc';
  grain?: Grain;
  direction?: 'up' | 'down';
  ambiguity?: Ambiguity;
  /** For unsupported questions: what is missing. */
  reason?: string;
  /** Forecast target period. */
  forecastPeriod?: 'month' | 'quarter' | 'year';
  /** Unit-cost questions: the business word after "per" (`order`, `1k requests`). */
  perWhat?: string;
  /** Anomaly / recommendation questions asking for a sum of savings rather than a list. */
  wantsSum?: boolean;
  /** Top-N over periods ("highest spending day") instead of a dimension. */
  topGrain?: Grain;
  /** A name the question uses that matches nothing in the data ("spend in eu-west-1"). */
  unknownName?: string;
  /** "ml team vs data team": the values of one dimension compared side by side. */
  versusValues?: { dimension: string; values: string[] };
}

export interface ParseOptions {
  today: string;
  fiscalYearStartMonth?: number;
}

const METRICS: readonly { re: RegExp; id: string; label: string }[] = [
  { re: /\b(billed|invoiced?|invoice|on the bill)\b/, id: 'billed_cost', label: 'billed cost' },
  {
    re: /\blist(?:[\s-]price)?\s+(?:cost|price|spend)\b|\bat list\b/,
    id: 'list_cost',
    label: 'list cost',
  },
  { re: /\bcontract(?:ed)?\s+(?:cost|price)\b/, id: 'contracted_cost', label: 'contracted cost' },
  {
    re: /\b(?:discount|commitment)\s+savings\b|\b(?:save|saved|saving|savings)\s+(?:by|from|through|with|on|thanks to)\s+(?:our\s+|the\s+)?(?:discounts?|commitments?|reservations?|reserved instances|savings plans?)\b/,
    id: 'savings',
    label: 'savings from discounts',
  },
];
const DEFAULT_METRIC = { id: 'effective_cost', label: 'effective cost' };

const GROUP_WORDS: Readonly<Record<string, string>> = {
  ...DIMENSION_WORDS,
  clouds: 'provider',
  'cost center': 'tag:cost-center',
  'cost centre': 'tag:cost-center',
  'cost-center': 'tag:cost-center',
};

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
};

const UNSUPPORTED: readonly [RegExp, string][] = [
  [
    /\b(ignore|disregard|forget) (all |any |the )?(previous|prior|above|earlier|your) (instructions|rules|prompts?)\b|\bsystem prompt\b|\byou are now\b|\bjailbreak\b/,
    'that reads as instructions, not a question about your costs',
  ],
  [
    /\b(delete|drop table|truncate|remove all|update the|insert into|shut ?down|terminate|stop the instance)\b/,
    'I only read cost data; I do not change anything',
  ],
  [/\b(carbon|co2|emissions?|sustainability)\b/, 'carbon and emissions data is not in the store'],
  [
    /\b(weather|joke|poem|stock price|bitcoin|recipe|song)\b/,
    'that is not a question about your cloud costs',
  ],
  [/\bnext (year|fiscal year)\b/, 'forecasts reach the end of the current year at most'],
  [
    /\b(headcount|salar(y|ies)|payroll|revenue|profit|margin)\b/,
    'only cloud cost and the business metrics you ingest are in the store',
  ],
];

function has(text: string, re: RegExp): boolean {
  return re.test(text);
}

function detectIntent(q: string): { intent: AskIntent; reason?: string } {
  for (const [re, reason] of UNSUPPORTED) if (re.test(q)) return { intent: 'unsupported', reason };
  if (has(q, /\b(gpu|gpus|idle gpu|gpu[- ]hours?|nvidia|a100|h100)\b/)) return { intent: 'gpu' };
  if (
    has(
      q,
      /\b(llms?|token spend|tokens?|openai|anthropic|claude|gpt|ai spend|genai|gen ai|model spend|spend on ai|ai cost)\b/,
    ) &&
    !has(q, /\bazure openai\b/)
  ) {
    return { intent: 'ai_spend' };
  }
  if (
    has(
      q,
      /\b(data quality|quality (score|issues?|report|findings?|problems?)|conformance|data (issues|problems|gaps)|missing tags?|untagged)\b/,
    )
  ) {
    return { intent: 'data_quality' };
  }
  const asksWhy = /\b(why|what (caused|drove|is driving|drives)|root cause)\b/.test(q);
  if (
    has(q, /\banomal|\bunusual\b|\bunexpected\b|\boutliers?\b/) ||
    (!asksWhy && has(q, /\bspik(e|es|ed|ing)\b/))
  ) {
    return { intent: 'anomalies' };
  }
  if (
    has(
      q,
      /\b(recommend|recommendations?|rightsiz|right-siz|optimi[sz]|savings opportunit|how (can|could) we save|ways to save|save money|could we save|can we save|cut costs?|reduce (our |the )?(cloud )?(costs?|spend|bill)|lower (our |the )?(cloud )?(costs?|bill)|idle resources?|waste)/,
    )
  ) {
    return { intent: 'recommendations' };
  }
  if (has(q, /\bbudgets?\b/)) return { intent: 'budget' };
  if (
    has(
      q,
      /\bper (orders?|requests?|customers?|users?|transactions?|1k|1,000|thousand|million|\d+)\b|\bunit (cost|economics)\b/,
    )
  ) {
    return { intent: 'unit_cost' };
  }
  if (
    has(
      q,
      /\b(why|what (caused|drove|is driving|drives)|what made|explain|root cause|reason for|drivers? of)\b/,
    )
  ) {
    return { intent: 'why' };
  }
  if (
    has(
      q,
      /\b(forecast|projected?|projection|on track|end of (the )?(month|quarter|year)|will (?:[\w-]+ ){1,3}(spend|cost|be)|expected (spend|cost)|run[- ]rate|predict)\b/,
    )
  ) {
    return { intent: 'forecast' };
  }
  if (
    has(
      q,
      /\b(vs\.?|versus|compared?|comparison|against|than|year[- ]over[- ]year|yoy|month[- ]over[- ]month|mom|qoq|quarter[- ]over[- ]quarter|difference|change[ds]?|grow(n|s|ing)?|grew|cost growth|spend growth|increase[ds]?|decrease[ds]?|went (up|down)|go(ne)? up|go(ne)? down|going (up|down)|rising|falling|trending (up|down))\b/,
    )
  ) {
    return { intent: 'compare' };
  }
  if (
    has(
      q,
      /\b(trend|trends|trended|trending|over time|month by month|day by day|week by week|each (day|week|month|quarter)|every (day|week|month)|per (day|week|month|quarter)|by (day|week|month|quarter)|daily|weekly|monthly|quarterly|history|time series)\b/,
    )
  ) {
    return { intent: 'trend' };
  }
  if (
    has(
      q,
      /\b(top|biggest|largest|most expensive|highest|costliest|priciest|cheapest|smallest|least|lowest|which \w+ (cost|spent|spend)s? the most)\b/,
    )
  ) {
    return { intent: 'top_n' };
  }
  if (
    has(q, /\b(by|per|breakdown|broken down|split|each|every|across|grouped)\b/) &&
    groupWordIn(q)
  ) {
    return { intent: 'breakdown' };
  }
  return { intent: 'total' };
}

function groupWordIn(q: string): string | undefined {
  const m =
    /\b(?:by|per|each|every|across|for each|for every|broken down by|split by|grouped by|breakdown by|which|what|top\s+\d*\s*|biggest|largest|most expensive|cheapest|highest|lowest)\s+(?:the\s+)?(?:\d+\s+)?(?:most expensive\s+|biggest\s+|largest\s+)?(tag\s+[\w-]+|cost[ -]cent(?:er|re)|[a-z]+)/g;
  for (const hit of q.matchAll(m)) {
    const word = hit[1]!;
    if (word.startsWith('tag ')) return `tag:${word.slice(4)}`;
    const dim = GROUP_WORDS[word];
    if (dim) return dim;
  }
  // "top services", "services by cost", "breakdown of spend across providers"
  for (const [word, dim] of Object.entries(GROUP_WORDS)) {
    if (word.endsWith('s') && new RegExp(`\\b${word}\\b`).test(q)) return dim;
  }
  return undefined;
}

function limitIn(q: string, singular: boolean): number | undefined {
  const m =
    /\b(?:top|biggest|largest|highest|cheapest|lowest|smallest|first)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(
      q,
    );
  if (m) return NUMBER_WORDS[m[1]!] ?? Number(m[1]);
  const before =
    /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:biggest|largest|highest|most expensive|costliest|cheapest|lowest|smallest|least expensive)\b/.exec(
      q,
    );
  if (before) return NUMBER_WORDS[before[1]!] ?? Number(before[1]);
  return singular ? 1 : undefined;
}

function grainIn(q: string): Grain | undefined {
  if (/\b(daily|day by day|each day|every day|per day|by day)\b/.test(q)) return 'day';
  if (/\b(weekly|week by week|each week|every week|per week|by week)\b/.test(q)) return 'week';
  if (/\b(quarterly|by quarter|per quarter|each quarter)\b/.test(q)) return 'quarter';
  if (/\b(monthly|month by month|each month|every month|per month|by month)\b/.test(q))
    return 'month';
  return undefined;
}

/** The dimension group-by words of a question point at, resolved against the data's tag keys. */
function resolveGroup(dim: string | undefined, index: EntityIndex): string | undefined {
  if (!dim) return undefined;
  if (dim === 'env') return index.envDimension;
  if (dim.startsWith('tag:')) {
    const key = dim.slice(4);
    const stored = index.tagKeys.find((k) => k.toLowerCase() === key.toLowerCase());
    return stored ? `tag:${stored.toLowerCase()}` : dim;
  }
  return dim;
}

/**
 * Parses a question.
 * @example parseQuestion('top 5 services last month', index, { today: '2026-06-17' }).intent // 'top_n'
 */
export function parseQuestion(
  question: string,
  index: EntityIndex,
  opts: ParseOptions,
): ParsedQuestion {
  const q = question.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
  // "the difference between X in April and May" names two periods, not the span April–May.
  const timeText = q.replace(/\bdifference between (.+?) and /, 'difference in $1 and in ');
  const times = findTimeExpressions(timeText, opts);
  const tokens = tokenize(timeText);
  const timeTokens = new Set<number>();
  tokens.forEach((t, i) => {
    for (const te of times) {
      const at = timeText.indexOf(te.matched);
      if (at >= 0 && t.start >= at && t.end <= at + te.matched.length) timeTokens.add(i);
    }
  });
  // Group-by and dimension words are not entity names.
  const explicit = explicitFilters(q, index);
  explicit.tokens.forEach((i) => timeTokens.add(i));
  const { matches, ambiguities, used } = matchEntities(tokens, index, timeTokens);
  const unknown = unknownName(tokens, used);
  const all = [...explicit.matches, ...matches];
  const detected = detectIntent(q);
  let intent = detected.intent;
  const metric = METRICS.find((m) => m.re.test(q)) ?? DEFAULT_METRIC;

  const filters: Filter[] = [];
  const filterLabels: string[] = [];
  const byDim = new Map<string, string[]>();
  for (const m of all) byDim.set(m.dimension, [...(byDim.get(m.dimension) ?? []), ...m.values]);
  for (const [dimension, values] of byDim) {
    const unique = [...new Set(values)];
    filters.push(
      unique.length === 1
        ? { dimension, op: 'eq', value: unique[0]! }
        : { dimension, op: 'in', value: unique },
    );
    filterLabels.push(`${dimensionLabel(dimension)} ${unique.map((v) => `"${v}"`).join(' or ')}`);
  }

  const defaultTime = findTimeExpressions('this month', opts)[0]!;
  const time = times[0] ?? defaultTime;
  const parsed: ParsedQuestion = {
    intent,
    metric: metric.id,
    metricLabel: metric.label,
    time,
    timeGiven: times.length > 0,
    filters,
    filterLabels,
    matches: all,
    order: /\b(cheapest|smallest|least|lowest)\b/.test(q) ? 'asc' : 'desc',
  };
  if (detected.reason) parsed.reason = detected.reason;
  if (ambiguities.length > 0) {
    parsed.ambiguity = ambiguities[0]!;
    return parsed;
  }
  if (
    unknown &&
    ['total', 'breakdown', 'top_n', 'trend', 'compare', 'why', 'forecast'].includes(intent)
  ) {
    parsed.unknownName = unknown;
    return parsed;
  }

  const group = resolveGroup(groupWordIn(q), index);
  const grain = grainIn(q);
  // "sagemaker vs bedrock", "the ml team compared with the data team": values, not periods.
  const sameDim = all.length >= 2 && all.every((m) => m.dimension === all[0]!.dimension);
  if (
    intent === 'compare' &&
    times.length <= 1 &&
    sameDim &&
    /\b(vs\.?|versus|compared?|against|than)\b/.test(q)
  ) {
    const ordered = [...all].sort((x, y) => x.tokens[0] - y.tokens[0]);
    const between = ordered.slice(0, 2).map((m) => m.tokens);
    const gap = tokens
      .slice(between[0]![1], between[1]![0])
      .map((t) => t.text)
      .join(' ');
    if (/\b(vs\.?|versus|compared?|against|than|and)\b/.test(gap)) {
      const dimension = all[0]!.dimension;
      parsed.versusValues = { dimension, values: ordered.map((m) => m.values[0]!) };
      parsed.filters = parsed.filters.filter((f) => f.dimension !== dimension);
      parsed.filterLabels = parsed.filterLabels.filter(
        (l) => !l.startsWith(`${dimensionLabel(dimension)} `),
      );
      return parsed;
    }
  }
  if (intent === 'compare') {
    if (times.length >= 2) parsed.versus = times[1]!;
    else
      parsed.compare =
        /\b(year[- ]over[- ]year|yoy|last year|a year (ago|earlier)|same (period|month|quarter) last year)\b/.test(
          q,
        )
          ? 'year'
          : 'previous';
    // "how did S3 change vs last year": the only period named is what the present is compared with.
    const only = times.length === 1 ? times[0]! : undefined;
    const at = only ? timeText.indexOf(only.matched) : -1;
    if (
      only &&
      at >= 0 &&
      /\b(vs\.?|versus|compared (to|with)|than|against)\s+(the\s+)?$/.test(timeText.slice(0, at))
    ) {
      parsed.time = defaultTime;
      parsed.timeGiven = false;
      if (/^(last|previous|prior) year$/.test(only.matched.trim())) parsed.compare = 'year';
      else {
        parsed.versus = only;
        delete parsed.compare;
      }
    }
    // "how did X change last month" with no explicit pair reads as that period vs the one before.
    if (
      times.length >= 2 &&
      times[0]!.range.start === times[1]!.range.start &&
      times[0]!.range.end === times[1]!.range.end
    ) {
      delete parsed.versus;
      parsed.compare = 'previous';
    }
    if (/\b(go|went|gone) up\b|\bincrease|\brise|\bgrow/.test(q)) parsed.direction = 'up';
    if (/\b(go|went|gone) down\b|\bdecrease|\bdrop|\bfall|\bfell/.test(q))
      parsed.direction = 'down';
    if (group) parsed.groupBy = group;
  }
  if (intent === 'why') {
    parsed.direction = /\b(down|decrease|drop|fall|fell|lower|less)\b/.test(q) ? 'down' : 'up';
  }
  if (intent === 'trend') {
    parsed.grain = grain ?? (time.unit === 'day' || time.unit === 'week' ? 'day' : 'month');
    if (!parsed.timeGiven) {
      parsed.time = findTimeExpressions(
        parsed.grain === 'day' ? 'last 30 days' : 'last 6 months',
        opts,
      )[0]!;
    }
    if (group) parsed.groupBy = group;
  }
  // "our highest spending day this month": periods ranked, not a dimension.
  const periodRank =
    /\b(?:highest|biggest|most expensive|costliest|largest|cheapest|lowest)\s+(?:\w+\s+)?(day|week|month)s?\b/.exec(
      q,
    );
  if (intent === 'top_n' && periodRank && !group) {
    parsed.topGrain = periodRank[1] as Grain;
    parsed.limit = limitIn(q, !/\b(days|weeks|months)\b/.test(q)) ?? 5;
    return parsed;
  }
  if (intent === 'top_n' || intent === 'breakdown') {
    if (!group) {
      // "what is our most expensive X" with no dimension word: services by default.
      parsed.groupBy = 'service';
    } else {
      parsed.groupBy = group;
    }
    const singular =
      /\b(most expensive|biggest|largest|highest|cheapest|costliest|top)\s+(service|provider|cloud|region|account|team|category|resource|app|project|subscription|environment)\b(?!s)/.test(
        q,
      ) ||
      /\bwhich (service|provider|cloud|region|account|team|category|resource|app) (cost|spent|spend)s? the most\b/.test(
        q,
      );
    const limit = limitIn(q, singular);
    if (intent === 'top_n') parsed.limit = limit ?? 5;
    if (intent === 'breakdown' && grain) {
      parsed.intent = intent = 'trend';
      parsed.grain = grain;
    }
  }
  if (intent === 'forecast') {
    parsed.forecastPeriod =
      parsed.timeGiven && (time.unit === 'quarter' || time.unit === 'year')
        ? time.unit
        : /\bquarter\b/.test(q)
          ? 'quarter'
          : /\byear\b/.test(q)
            ? 'year'
            : 'month';
  }
  if (intent === 'unit_cost') {
    const m = /\bper\s+((?:1k|1,000|thousand|million|\d+)?\s*[a-z]+)/.exec(q);
    if (m) parsed.perWhat = m[1]!.trim();
  }
  if (intent === 'recommendations') {
    parsed.wantsSum = /\b(how much|total|sum|savings?)\b/.test(q);
  }
  if (
    intent === 'total' &&
    filters.length === 0 &&
    !/\b(cost|costs|spend|spent|spending|bill|billed|invoiced?|amount|save|saved|pay|paid|expense|expenses|charges?|money|dollars|\$|usd|total)\b/.test(
      q,
    )
  ) {
    parsed.intent = 'unsupported';
    parsed.reason = 'I could not find a cost question in that';
  }
  return parsed;
}

/** `team=ml`, `tag:app=checkout-api`, `service="Amazon S3"`: filters typed the compact way. */
function explicitFilters(
  q: string,
  index: EntityIndex,
): { matches: EntityMatch[]; tokens: number[] } {
  const matches: EntityMatch[] = [];
  const spans: [number, number][] = [];
  for (const m of q.matchAll(/\b(tag:[\w-]+|[a-z_]+)\s*=\s*("[^"]+"|[\w.:/-]+)/g)) {
    const rawDim = m[1]!;
    const dim = rawDim.startsWith('tag:')
      ? rawDim
      : (GROUP_WORDS[rawDim] ?? (index.catalog.dimensions.has(rawDim) ? rawDim : undefined));
    if (!dim) continue;
    const resolved = dim === 'env' ? (index.envDimension ?? 'tag:environment') : dim;
    const typed = m[2]!.replace(/^"|"$/g, '');
    const stored = index.values.find(
      (v) => v.dimension === resolved && v.norm === typed.toLowerCase(),
    );
    matches.push({
      phrase: m[0],
      dimension: resolved,
      values: [stored?.value ?? typed],
      how: 'explicit',
      tokens: [0, 0],
    });
    spans.push([m.index, m.index + m[0].length]);
  }
  const tokens = tokenize(q)
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => spans.some(([a, b]) => t.start >= a && t.end <= b))
    .map(({ i }) => i);
  return { matches, tokens };
}

/** Words after "on/in/for/of" that are not names but are understood. */
const UNDERSTOOD = new Set(
  `track average detail general particular terms percent percentage instances instance clusters
   cluster commitments commitment discounts discount tokens usage infrastructure infra everything
   anything something total aggregate sum whole overall bill invoice data cloud clouds`.split(
    /\s+/,
  ),
);

/**
 * A word that reads as a name ("spend on snowflake", "cost in eu-west-1") but matched no value:
 * answering without it would state a number for something else.
 */
function unknownName(tokens: readonly Token[], used: ReadonlySet<number>): string | undefined {
  for (let i = 1; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const prev = tokens[i - 1]!.text === 'the' && i > 1 ? tokens[i - 2]!.text : tokens[i - 1]!.text;
    if (!['on', 'in', 'for', 'of', 'from', 'at'].includes(prev)) continue;
    const word = tokens[i]!.text.replace(/'s$/, '');
    if (
      word.length < 3 ||
      /^\d/.test(word) ||
      /^[$\d.,%]+$/.test(word) ||
      STOP_WORDS.has(word) ||
      COMMON_WORDS.has(word) ||
      UNDERSTOOD.has(word) ||
      DIMENSION_WORDS[word] !== undefined ||
      GROUP_WORDS[word] !== undefined
    ) {
      continue;
    }
    return word;
  }
  return undefined;
}
