/**
 * The question bank over the demo company (ask-demo-fixture.ts): questions in varied phrasing,
 * each with the intent it must get and its expected numbers computed by plain SQL over
 * `focus_cost` (and the insight tables) — written independently of the semantic layer, so a
 * wrong parse, range or filter shows up as a wrong number. Used by the accuracy test and the
 * latency benchmark. Dates are fixed: the demo's "today" is 2026-06-17.
 */
import { compareDec } from '../anomaly/decimal.ts';
import type { SqlValue, Warehouse } from '../store/warehouse.ts';
import type { AskIntent, AskResult } from './types.ts';

type Range = readonly [string, string];

export interface BankCase {
  q: string;
  intent: AskIntent;
  /** Expected USD values in the order the answer lists them (null: not checked). */
  expect?: (sql: BankSql) => Promise<(string | null)[]>;
  /** Expected count values (anomalies, recommendations). */
  expectCounts?: (sql: BankSql) => Promise<number[]>;
}

// Ranges relative to 2026-06-17, written out by hand.
export const R = {
  lastMonth: ['2026-05-01', '2026-06-01'],
  thisMonth: ['2026-06-01', '2026-06-18'],
  mayToDate: ['2026-05-01', '2026-05-18'],
  june2025ToDate: ['2025-06-01', '2025-06-18'],
  q1: ['2026-01-01', '2026-04-01'],
  q4_2025: ['2025-10-01', '2026-01-01'],
  q3_2025: ['2025-07-01', '2025-10-01'],
  thisQuarter: ['2026-04-01', '2026-06-18'],
  march: ['2026-03-01', '2026-04-01'],
  april: ['2026-04-01', '2026-05-01'],
  october: ['2025-10-01', '2025-11-01'],
  february: ['2026-02-01', '2026-03-01'],
  last30: ['2026-05-19', '2026-06-18'],
  last7: ['2026-06-11', '2026-06-18'],
  last90: ['2026-03-20', '2026-06-18'],
  yesterday: ['2026-06-16', '2026-06-17'],
  lastWeek: ['2026-06-08', '2026-06-15'],
  weekBefore: ['2026-06-01', '2026-06-08'],
  sinceApril: ['2026-04-01', '2026-06-18'],
  ytd: ['2026-01-01', '2026-06-18'],
  last6Months: ['2026-01-01', '2026-06-18'],
  last3Months: ['2026-04-01', '2026-06-18'],
  y2025: ['2025-06-01', '2026-01-01'],
  jan10to20: ['2026-01-10', '2026-01-21'],
} as const satisfies Record<string, Range>;

/** Plain SQL over the store, for expected values. */
export class BankSql {
  constructor(private readonly wh: Warehouse) {}

  /** Σ EffectiveCost (or another cost column) over [start, end) where `where` holds. */
  async sum(
    range: Range,
    where = 'TRUE',
    params: SqlValue[] = [],
    column = 'EffectiveCost',
  ): Promise<string | null> {
    const [row] = await this.wh.query<{ v: string | null }>(
      `SELECT sum("${column}")::VARCHAR AS v FROM focus_cost
       WHERE "ChargePeriodStart" >= $1::TIMESTAMP AND "ChargePeriodStart" < $2::TIMESTAMP AND (${renumber(where, 2)})`,
      [range[0], range[1], ...params],
    );
    return row?.v ?? null;
  }

  /** Σ EffectiveCost per group, biggest first (smallest first with `asc`), at most `limit`. */
  async groups(
    range: Range,
    expr: string,
    opts: { where?: string; params?: SqlValue[]; limit?: number; asc?: boolean } = {},
  ): Promise<string[]> {
    const rows = await this.wh.query<{ v: string }>(
      `SELECT sum("EffectiveCost")::VARCHAR AS v, ${expr} AS g FROM focus_cost
       WHERE "ChargePeriodStart" >= $1::TIMESTAMP AND "ChargePeriodStart" < $2::TIMESTAMP AND (${renumber(opts.where ?? 'TRUE', 2)})
       GROUP BY g HAVING sum("EffectiveCost") IS NOT NULL
       ORDER BY sum("EffectiveCost") ${opts.asc ? 'ASC' : 'DESC'}, g ASC NULLS LAST LIMIT ${opts.limit ?? 1000}`,
      [range[0], range[1], ...(opts.params ?? [])],
    );
    return rows.map((r) => r.v);
  }

  /** Σ EffectiveCost per month (or day), in time order. */
  async series(
    range: Range,
    grain: 'month' | 'day' | 'week',
    where = 'TRUE',
    params: SqlValue[] = [],
  ): Promise<string[]> {
    const rows = await this.wh.query<{ v: string }>(
      `SELECT sum("EffectiveCost")::VARCHAR AS v, date_trunc('${grain}', "ChargePeriodStart") AS p FROM focus_cost
       WHERE "ChargePeriodStart" >= $1::TIMESTAMP AND "ChargePeriodStart" < $2::TIMESTAMP AND (${renumber(where, 2)})
       GROUP BY p ORDER BY p`,
      [range[0], range[1], ...params],
    );
    return rows.map((r) => r.v);
  }

  async count(sql: string, params: SqlValue[] = []): Promise<number> {
    const [row] = await this.wh.query<{ n: number }>(sql, params);
    return Number(row?.n ?? 0);
  }
}

/** `?` placeholders → `$n` after the first `offset` parameters. */
function renumber(where: string, offset: number): string {
  let i = offset;
  return where.replace(/\?/g, () => `$${++i}`);
}

/** The SQL of each filter, written directly over FOCUS columns. */
const W = {
  service: `"ServiceName" = ?`,
  provider: `coalesce("ServiceProviderName", "ProviderName") = ?`,
  region: `coalesce("RegionId", "RegionName") = ?`,
  account: `"SubAccountName" = ?`,
  category: `"ServiceCategory" = ?`,
  team: `(SELECT any_value(j.value ->> '$') FROM json_each("Tags") j WHERE lower(j.key) = 'team') = ?`,
  env: `(SELECT any_value(j.value ->> '$') FROM json_each("Tags") j WHERE lower(j.key) = 'environment') IN (?, ?, ?)`,
  charge: `"ChargeCategory" = ?`,
};
const G = {
  service: `"ServiceName"`,
  provider: `coalesce("ServiceProviderName", "ProviderName")`,
  region: `coalesce("RegionId", "RegionName")`,
  account: `"SubAccountName"`,
  category: `"ServiceCategory"`,
  team: `(SELECT any_value(j.value ->> '$') FROM json_each("Tags") j WHERE lower(j.key) = 'team')`,
};

interface Entity {
  words: string[];
  where: string;
  params: string[];
}
const EC2 = 'Amazon Elastic Compute Cloud';
const S3 = 'Amazon Simple Storage Service';
const ENTITIES: Record<string, Entity> = {
  ec2: { words: ['EC2', 'ec2', 'Amazon EC2'], where: W.service, params: [EC2] },
  s3: { words: ['S3', 's3'], where: W.service, params: [S3] },
  rds: { words: ['RDS'], where: W.service, params: ['Amazon Relational Database Service'] },
  lambda: { words: ['Lambda'], where: W.service, params: ['AWS Lambda'] },
  sagemaker: { words: ['SageMaker', 'sagemaker'], where: W.service, params: ['Amazon SageMaker'] },
  bigquery: { words: ['BigQuery'], where: W.service, params: ['BigQuery'] },
  gce: { words: ['Compute Engine'], where: W.service, params: ['Compute Engine'] },
  bedrock: { words: ['Bedrock'], where: W.service, params: ['Amazon Bedrock'] },
  aws: { words: ['AWS', 'aws'], where: W.provider, params: ['AWS'] },
  azure: { words: ['Azure', 'azure'], where: W.provider, params: ['Microsoft'] },
  gcp: { words: ['GCP', 'Google Cloud'], where: W.provider, params: ['Google Cloud'] },
  prod: { words: ['prod', 'production'], where: W.env, params: ['prod', 'production', 'Prod'] },
  ml: { words: ['the ml team', 'team ml', 'ml'], where: W.team, params: ['ml'] },
  checkout: { words: ['the checkout team', 'checkout'], where: W.team, params: ['checkout'] },
  data: { words: ['the data team'], where: W.team, params: ['data'] },
  useast1: { words: ['us-east-1'], where: W.region, params: ['us-east-1'] },
  fhprod: { words: ['fernhill-prod'], where: W.account, params: ['fernhill-prod'] },
  fhml: { words: ['fernhill-ml'], where: W.account, params: ['fernhill-ml'] },
  compute: {
    words: ['the Compute category', 'category compute'],
    where: W.category,
    params: ['Compute'],
  },
  tax: { words: ['tax', 'taxes'], where: W.charge, params: ['Tax'] },
};

function total(q: string, e: Entity | null, range: Range, column?: string): BankCase {
  return {
    q,
    intent: 'total',
    expect: async (s) => [await s.sum(range, e?.where ?? 'TRUE', e?.params ?? [], column)],
  };
}

const TOTAL_TEMPLATES = [
  (e: string, t: string) => `How much did we spend on ${e} ${t}?`,
  (e: string, t: string) => `What was ${e} spend ${t}?`,
  (e: string, t: string) => `${e} cost ${t}`,
  (e: string, t: string) => `total ${e} costs ${t}`,
  (e: string, t: string) => `how much did ${e} cost us ${t}`,
  (e: string, t: string) => `show me ${e} spending ${t}`,
  (e: string, t: string) => `what did we pay for ${e} ${t}?`,
];
const TIMES: [string, Range][] = [
  ['last month', R.lastMonth],
  ['this month', R.thisMonth],
  ['in Q1', R.q1],
  ['in March', R.march],
  ['over the last 30 days', R.last30],
  ['yesterday', R.yesterday],
  ['last week', R.lastWeek],
  ['since April', R.sinceApril],
  ['year to date', R.ytd],
  ['in Q4 2025', R.q4_2025],
  ['in October', R.october],
  ['month to date', R.thisMonth],
  ['in the past 90 days', R.last90],
  ['between 2026-01-10 and 2026-01-20', R.jan10to20],
];

function totals(): BankCase[] {
  const out: BankCase[] = [];
  let k = 0;
  for (const [, e] of Object.entries(ENTITIES)) {
    for (const word of e.words) {
      for (let rep = 0; rep < 2; rep++) {
        const [t, range] = TIMES[k % TIMES.length]!;
        const tpl = TOTAL_TEMPLATES[k % TOTAL_TEMPLATES.length]!;
        out.push(total(tpl(word, t), e, range));
        k++;
      }
    }
  }
  out.push(
    total('How much did we spend last month?', null, R.lastMonth),
    total('What is our total cloud bill this month so far?', null, R.thisMonth),
    total('total spend in Q3 2025', null, R.q3_2025),
    total('how much have we spent year to date', null, R.ytd),
    total('What did we spend yesterday?', null, R.yesterday),
    total('billed cost last month', null, R.lastMonth, 'BilledCost'),
    total('What was the invoiced amount in March?', null, R.march, 'BilledCost'),
    total('list cost of EC2 last month', ENTITIES.ec2!, R.lastMonth, 'ListCost'),
    total(
      'ec2 spend in prod last month',
      {
        where: `${W.service} AND ${W.env}`,
        params: [EC2, 'prod', 'production', 'Prod'],
        words: [],
      },
      R.lastMonth,
    ),
    total(
      'What did the ml team spend on SageMaker in Q1?',
      { where: `${W.team} AND ${W.service}`, params: ['ml', 'Amazon SageMaker'], words: [] },
      R.q1,
    ),
    total(
      'EC2 and S3 spend last month',
      { where: `"ServiceName" IN (?, ?)`, params: [EC2, S3], words: [] },
      R.lastMonth,
    ),
    total('sagemakr spend last month', ENTITIES.sagemaker!, R.lastMonth),
    total('spend for team=checkout in April', ENTITIES.checkout!, R.april),
    total('How much did AWS cost us in 2025?', ENTITIES.aws!, R.y2025),
  );
  return out;
}

function tops(): BankCase[] {
  const top = (
    q: string,
    expr: string,
    range: Range,
    limit: number,
    asc = false,
    e?: Entity,
  ): BankCase => ({
    q,
    intent: 'top_n',
    expect: (s) =>
      s.groups(range, expr, { limit, asc, ...(e ? { where: e.where, params: e.params } : {}) }),
  });
  return [
    top('top 5 services last month', G.service, R.lastMonth, 5),
    top('What are our 3 biggest services this month?', G.service, R.thisMonth, 3),
    top('top 10 services in Q1', G.service, R.q1, 10),
    top('most expensive service last month', G.service, R.lastMonth, 1),
    top('Which region costs the most?', G.region, R.thisMonth, 1),
    top('top 3 regions last month', G.region, R.lastMonth, 3),
    top('largest accounts in March', G.account, R.march, 5),
    top('top 5 accounts by spend over the last 30 days', G.account, R.last30, 5),
    top('Which team spent the most last month?', G.team, R.lastMonth, 1),
    top('top 3 teams in Q4 2025', G.team, R.q4_2025, 3),
    top('biggest providers year to date', G.provider, R.ytd, 5),
    top('top 2 clouds last month', G.provider, R.lastMonth, 2),
    top('cheapest 3 services last month', G.service, R.lastMonth, 3, true),
    top('list the 3 cheapest regions this month', G.region, R.thisMonth, 3, true),
    top(
      'what was our highest spending day this month',
      `date_trunc('day', "ChargePeriodStart")`,
      R.thisMonth,
      1,
    ),
    top(
      'the 3 most expensive days last month for EC2',
      `date_trunc('day', "ChargePeriodStart")`,
      R.lastMonth,
      3,
      false,
      ENTITIES.ec2,
    ),
    top('top 5 AWS services last month', G.service, R.lastMonth, 5, false, ENTITIES.aws),
    top('top 3 services for the ml team in March', G.service, R.march, 3, false, ENTITIES.ml),
    top('highest cost categories this quarter', G.category, R.thisQuarter, 5),
    top('top 4 services in prod last week', G.service, R.lastWeek, 4, false, ENTITIES.prod),
    top('most expensive account yesterday', G.account, R.yesterday, 1),
    top('top five regions in October', G.region, R.october, 5),
    top(
      'What were the 3 most expensive services in Azure last month?',
      G.service,
      R.lastMonth,
      3,
      false,
      ENTITIES.azure,
    ),
  ];
}

function breakdowns(): BankCase[] {
  const by = (q: string, expr: string, range: Range, e?: Entity): BankCase => ({
    q,
    intent: 'breakdown',
    expect: async (s) => {
      const all = await s.groups(range, expr, e ? { where: e.where, params: e.params } : {});
      return all.length > 10 ? all.slice(0, 10) : all;
    },
  });
  return [
    by('spend by provider this month', G.provider, R.thisMonth),
    by('cost by service last month', G.service, R.lastMonth),
    by('breakdown of last month by team', G.team, R.lastMonth),
    by('Show me costs by region for Q1', G.region, R.q1),
    by('spend per account in March', G.account, R.march),
    by('EC2 spend by region last month', G.region, R.lastMonth, ENTITIES.ec2),
    by('AWS cost by account this month', G.account, R.thisMonth, ENTITIES.aws),
    by('cost split by category over the last 30 days', G.category, R.last30),
    by('How is spend broken down by team year to date?', G.team, R.ytd),
    by('ml team spend by service in April', G.service, R.april, ENTITIES.ml),
    by('spend across providers in Q4 2025', G.provider, R.q4_2025),
    by('prod cost by service last week', G.service, R.lastWeek, ENTITIES.prod),
  ];
}

function trends(): BankCase[] {
  const tr = (q: string, range: Range, grain: 'month' | 'day' | 'week', e?: Entity): BankCase => ({
    q,
    intent: 'trend',
    expect: (s) => s.series(range, grain, e?.where ?? 'TRUE', e?.params ?? []),
  });
  return [
    tr('monthly trend of s3 cost', R.last6Months, 'month', ENTITIES.s3),
    tr('EC2 spend month by month since April', R.sinceApril, 'month', ENTITIES.ec2),
    tr('daily cost over the last 7 days', R.last7, 'day'),
    tr('daily spend last week', R.lastWeek, 'day'),
    tr('monthly spend trend year to date', R.ytd, 'month'),
    tr('How has AWS spend trended over the last 3 months?', R.last3Months, 'month', ENTITIES.aws),
    tr('ml team cost per month in Q1', R.q1, 'month', ENTITIES.ml),
    tr('show the daily trend for SageMaker yesterday', R.yesterday, 'day', ENTITIES.sagemaker),
    tr(
      'monthly cost history for the checkout team since April',
      R.sinceApril,
      'month',
      ENTITIES.checkout,
    ),
    tr('spend over time in prod, monthly, last 3 months', R.last3Months, 'month', ENTITIES.prod),
    tr('BigQuery monthly costs year to date', R.ytd, 'month', ENTITIES.bigquery),
    tr('daily Azure spend this month', R.thisMonth, 'day', ENTITIES.azure),
  ];
}

function compares(): BankCase[] {
  const cmp = (q: string, a: Range, b: Range, e?: Entity): BankCase => ({
    q,
    intent: 'compare',
    expect: async (s) => [
      await s.sum(a, e?.where ?? 'TRUE', e?.params ?? []),
      await s.sum(b, e?.where ?? 'TRUE', e?.params ?? []),
    ],
  });
  return [
    cmp('this month vs last month', R.thisMonth, R.lastMonth),
    cmp(
      'How does EC2 spend this month compare with last month?',
      R.thisMonth,
      R.lastMonth,
      ENTITIES.ec2,
    ),
    cmp('month over month change in spend', R.thisMonth, R.mayToDate),
    cmp('how did aws spend change year over year', R.thisMonth, R.june2025ToDate, ENTITIES.aws),
    cmp('Q1 vs Q4 2025', R.q1, R.q4_2025),
    cmp('compare S3 cost in March versus February', R.march, R.february, ENTITIES.s3),
    cmp('last week vs the week before', R.lastWeek, R.weekBefore),
    cmp(
      'how did ml team spend change last month',
      R.lastMonth,
      ['2026-04-01', '2026-05-01'],
      ENTITIES.ml,
    ),
    cmp(
      'prod spend last month compared to the previous month',
      R.lastMonth,
      ['2026-04-01', '2026-05-01'],
      ENTITIES.prod,
    ),
    cmp('Did Azure costs increase in April vs March?', R.april, R.march, ENTITIES.azure),
    cmp('GCP spend this month year over year', R.thisMonth, R.june2025ToDate, ENTITIES.gcp),
    cmp('quarter over quarter spend for this quarter', R.thisQuarter, ['2026-01-01', '2026-03-18']),
    cmp(
      'What is the difference between RDS spend in April and May?',
      R.april,
      R.lastMonth,
      ENTITIES.rds,
    ),
    cmp(
      'has checkout team spend gone up over the last 30 days?',
      R.last30,
      ['2026-04-19', '2026-05-19'],
      ENTITIES.checkout,
    ),
    cmp('BigQuery last month vs this month', R.lastMonth, R.thisMonth, ENTITIES.bigquery),
    {
      q: 'SageMaker vs Bedrock last month',
      intent: 'compare',
      expect: async (s) => [
        await s.sum(R.lastMonth, W.service, ['Amazon SageMaker']),
        await s.sum(R.lastMonth, W.service, ['Amazon Bedrock']),
      ],
    },
    {
      q: 'cost of the ml team compared with the checkout team in Q1',
      intent: 'compare',
      expect: async (s) => [
        await s.sum(R.q1, W.team, ['ml']),
        await s.sum(R.q1, W.team, ['checkout']),
      ],
    },
  ];
}

function insights(): BankCase[] {
  const activeAnomalies = `SELECT count(*)::INTEGER AS n FROM anomaly WHERE status IN ('open', 'acknowledged')`;
  const openRecs = `SELECT count(*)::INTEGER AS n FROM recommendation WHERE status IN ('proposed', 'approved')`;
  return [
    { q: 'why did ec2 go up last week', intent: 'why' },
    { q: 'Why did our costs go down yesterday?', intent: 'why' },
    { q: 'what drove the change in AWS spend last month', intent: 'why' },
    { q: 'explain the SageMaker increase in the last 7 days', intent: 'why' },
    { q: 'why is prod spend higher this week?', intent: 'why' },
    { q: 'forecast for this month', intent: 'forecast', expect: async () => [null] },
    { q: 'What will we spend by the end of the month?', intent: 'forecast' },
    { q: 'projected EC2 cost for this quarter', intent: 'forecast' },
    { q: 'Are we on track for the year? Give me the forecast', intent: 'forecast' },
    { q: 'are we over budget?', intent: 'budget' },
    { q: 'is the ml team on budget', intent: 'budget' },
    { q: 'budget status', intent: 'budget' },
    {
      q: 'any anomalies?',
      intent: 'anomalies',
      expectCounts: async (s) => [await s.count(activeAnomalies)],
    },
    {
      q: 'Show me unusual spikes',
      intent: 'anomalies',
      expectCounts: async (s) => [await s.count(activeAnomalies)],
    },
    {
      q: 'list open anomalies',
      intent: 'anomalies',
      expectCounts: async (s) => [await s.count(activeAnomalies)],
    },
    {
      q: 'anomalies this month',
      intent: 'anomalies',
      expectCounts: async (s) => [
        await s.count(`${activeAnomalies} AND end_day >= DATE '2026-06-01'`),
      ],
    },
    {
      q: 'how much could we save?',
      intent: 'recommendations',
      expectCounts: async (s) => [await s.count(openRecs)],
    },
    {
      q: 'What are your recommendations?',
      intent: 'recommendations',
      expectCounts: async (s) => [await s.count(openRecs)],
    },
    {
      q: 'any rightsizing opportunities',
      intent: 'recommendations',
      expectCounts: async (s) => [await s.count(openRecs)],
    },
    {
      q: 'How can we reduce our cloud bill?',
      intent: 'recommendations',
      expectCounts: async (s) => [await s.count(openRecs)],
    },
    { q: 'cost per 1k requests last month', intent: 'unit_cost' },
    { q: 'What was our cost per order in March?', intent: 'unit_cost' },
    { q: 'unit cost per request this month', intent: 'unit_cost' },
    { q: 'how is our data quality?', intent: 'data_quality' },
  ];
}

function refusals(): BankCase[] {
  return [
    { q: 'how much did compute cost last month?', intent: 'clarify' },
    { q: 'storage spend this month', intent: 'clarify' },
    { q: 'spend in eu-west-1 last month', intent: 'clarify' },
    { q: 'how much did we spend on snowflake in March?', intent: 'clarify' },
    { q: 'what is the weather in Paris', intent: 'unsupported' },
    { q: 'delete all the cost data', intent: 'unsupported' },
    { q: 'What are our carbon emissions?', intent: 'unsupported' },
    { q: 'write me a poem about clouds', intent: 'unsupported' },
    { q: 'what will we spend next year', intent: 'unsupported' },
    { q: 'how is revenue trending', intent: 'unsupported' },
    { q: 'hello there', intent: 'unsupported' },
  ];
}

/** Every question of the bank. */
export function questionBank(): BankCase[] {
  return [
    ...totals(),
    ...tops(),
    ...breakdowns(),
    ...trends(),
    ...compares(),
    ...insights(),
    ...refusals(),
  ];
}

export interface BankRun {
  passed: number;
  total: number;
  failures: string[];
  /** Milliseconds per question, in bank order. */
  latenciesMs: number[];
}

/**
 * Asks every question and compares intent and numbers with the bank's expectations.
 * @example const run = await evaluateBank(wh, questionBank(), answerQuestion);
 */
export async function evaluateBank(
  wh: Warehouse,
  cases: readonly BankCase[],
  ask: (wh: Warehouse, q: string) => Promise<AskResult>,
): Promise<BankRun> {
  const sql = new BankSql(wh);
  const failures: string[] = [];
  const latenciesMs: number[] = [];
  let passed = 0;
  for (const c of cases) {
    const t0 = performance.now();
    let r: AskResult;
    try {
      r = await ask(wh, c.q);
    } catch (e) {
      latenciesMs.push(performance.now() - t0);
      failures.push(`${c.q}: threw ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    latenciesMs.push(performance.now() - t0);
    const problem = await check(c, r, sql);
    if (problem) failures.push(`${c.q}: ${problem} — answer: ${r.answer}`);
    else passed++;
  }
  return { passed, total: cases.length, failures, latenciesMs };
}

async function check(c: BankCase, r: AskResult, sql: BankSql): Promise<string | undefined> {
  if (r.intent !== c.intent) return `intent ${r.intent}, expected ${c.intent}`;
  const ungrounded = r.warnings?.find((w) => w.startsWith('grounding check failed'));
  if (ungrounded) return ungrounded;
  if (c.intent === 'clarify' || c.intent === 'unsupported') {
    return r.values.length === 0 ? undefined : 'states numbers while refusing';
  }
  if (c.expect) {
    const want = await c.expect(sql);
    const got = r.values.filter((v) => v.unit === 'USD').map((v) => String(v.value));
    for (let i = 0; i < want.length; i++) {
      const w = want[i];
      if (w === null || w === undefined) continue;
      const g = got[i];
      if (g === undefined) return `value ${i} missing (expected ${w})`;
      if (compareDec(g, w) !== 0) return `value ${i} is ${g}, SQL says ${w}`;
    }
  }
  if (c.expectCounts) {
    const want = await c.expectCounts(sql);
    const got = r.values.filter((v) => v.unit === 'count').map((v) => Number(v.value));
    for (let i = 0; i < want.length; i++) {
      if (got[i] !== want[i]) return `count ${i} is ${got[i]}, SQL says ${want[i]}`;
    }
  }
  const expectsNothing = c.expect && (await c.expect(sql)).every((w) => w === null);
  if (r.values.length === 0 && !expectsNothing) return 'no values';
  return undefined;
}
