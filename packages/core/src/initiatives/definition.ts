/**
 * An AI initiative as a reviewable definition (JSON, kept in the store by `costlens initiative
 * set`): owner, dates, the spend it maps to, its budget by category, the people time it redirects,
 * and the benefits it claims, each tied to a KPI with a confidence and a measurement source.
 * Validated as a whole; every problem names its field.
 */
import { z } from 'zod';
import { CostLensError } from '../errors.ts';

/** Budget categories from the field: the visible tip (inference) and what sits below it. */
export const BUDGET_CATEGORIES = [
  'data_preparation',
  'governance',
  'integration_and_training',
  'inference_and_platform',
  'experimentation',
  'finops_capacity',
  'change_management',
  'people_time',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal such as 1200 or 1200.50');
const PositiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal such as 1200 or 1200.50');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const Mapping = z
  .object({
    /** Semantic-layer filters that must all hold (AND); an initiative's spend is the union of its mappings. */
    filters: z.array(z.object({ dimension: z.string().min(1), value: z.string() }).strict()).min(1),
    /** Which budget category this spend counts against (default inference_and_platform). */
    category: z.enum(BUDGET_CATEGORIES).optional(),
    label: z.string().optional(),
  })
  .strict();

const Benefit = z
  .object({
    /** 1 = direct (revenue, hours saved), 2 = second-order (churn, CSAT), 3 = strategic. */
    order: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    description: z.string().min(1),
    /** The KPI it moves: revenue, hours_saved, tickets_deflected, churn_reduced, csat, … */
    kpi: z.string().min(1),
    /** Value of one KPI unit in money (e.g. loaded hourly rate, cost per ticket). */
    unitValue: PositiveDecimal,
    /** KPI units per month from `from` to the initiative's end (or `to`). */
    monthlyQuantity: PositiveDecimal,
    from: Month,
    to: Month.optional(),
    confidence: z.enum(['low', 'medium', 'high']),
    /** Where the KPI is measured (a dashboard, a report, a metric id). */
    source: z.string().min(1),
    /**
     * A business metric (`costlens metrics ingest`) that measures the KPI's quantity: its monthly
     * sum is shown next to `monthlyQuantity`, and ROI is also computed "as measured".
     */
    metric: z.string().min(1).optional(),
  })
  .strict();

const GpuWorkload = z
  .object({
    /** The workload (pod owner, e.g. a Deployment) as the GPU fleet names it. */
    workload: z.string().min(1).optional(),
    /** Or every GPU on a host (hostname as in the samples). */
    host: z.string().min(1).optional(),
  })
  .strict()
  .refine((w) => (w.workload === undefined) !== (w.host === undefined), {
    message: 'give exactly one of workload or host',
  });

export const InitiativeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    owner: z.string().min(1),
    start: Day,
    end: Day,
    currency: z.string().length(3).default('USD'),
    /** Annual discount rate for NPV, in percent. */
    discountRatePct: z.number().min(0).max(100).default(8),
    mappings: z.array(Mapping).default([]),
    /** GPU workloads whose idle cost (GPU fleet) is shown as a memo line under plan vs actual. */
    gpuWorkloads: z.array(GpuWorkload).default([]),
    budget: z
      .array(
        z
          .object({
            category: z.enum(BUDGET_CATEGORIES),
            amount: PositiveDecimal,
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    peopleTime: z
      .array(
        z
          .object({
            month: Month,
            category: z.enum(BUDGET_CATEGORIES),
            hours: PositiveDecimal,
            loadedRate: PositiveDecimal,
            team: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    benefits: z.array(Benefit).default([]),
    /** One-off or other costs outside the bill (licences, contractors), by month. */
    otherCosts: z
      .array(
        z
          .object({
            month: Month,
            category: z.enum(BUDGET_CATEGORIES),
            amount: Decimal,
            note: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type Initiative = z.infer<typeof InitiativeSchema>;
export type InitiativeMapping = Initiative['mappings'][number];
export type InitiativeBenefit = Initiative['benefits'][number];
export type InitiativeGpuWorkload = Initiative['gpuWorkloads'][number];

/**
 * Validates a definition; throws INVALID_INPUT listing every problem by field path.
 * @example parseInitiative(JSON.parse(readFileSync('copilot.json', 'utf8')), 'copilot.json')
 */
export function parseInitiative(value: unknown, source = 'initiative'): Initiative {
  const r = InitiativeSchema.safeParse(value);
  const issues = r.success
    ? []
    : r.error.issues.map((i) => ({ file: source, column: i.path.join('.'), message: i.message }));
  if (r.success) {
    if (r.data.end < r.data.start) {
      issues.push({ file: source, column: 'end', message: 'ends before it starts' });
    }
    for (const [i, b] of r.data.benefits.entries()) {
      if (b.to && b.to < b.from) {
        issues.push({ file: source, column: `benefits.${i}.to`, message: 'before `from`' });
      }
    }
  }
  if (issues.length > 0 || !r.success) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: ${issues.map((i) => `${i.column || '(root)'}: ${i.message}`).join('; ')}`,
      hint: 'See `costlens initiative example` for a complete definition.',
      issues,
    });
  }
  return r.data;
}

/** Months from `start` to `end` inclusive (`YYYY-MM`). */
export function monthsOf(start: string, end: string): string[] {
  const out: string[] = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  const last = end.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
