/**
 * The budget checklist: does an AI initiative's budget cover what sits below the waterline, and
 * are the big categories within the ranges the field reports? Inference is the visible tip; data
 * preparation (typically 30–40 % of an AI budget) and integration and training (20–30 %) are the
 * usual misses, with governance, an experimentation (failure) budget, FinOps capacity, change
 * management and the people time redirected from other work. Each finding explains itself.
 */
import { addDec, decToNumber } from '../anomaly/decimal.ts';
import type { BudgetCategory, Initiative } from './definition.ts';
import { BUDGET_CATEGORIES } from './definition.ts';

/** Typical share of the total budget, where the field gives one. */
export const TYPICAL_SHARE: Partial<Record<BudgetCategory, [number, number]>> = {
  data_preparation: [0.3, 0.4],
  integration_and_training: [0.2, 0.3],
};

/** Below the waterline: a budget without these is planning the tip only. */
export const BELOW_WATERLINE: readonly BudgetCategory[] = [
  'data_preparation',
  'governance',
  'integration_and_training',
  'experimentation',
  'finops_capacity',
  'change_management',
  'people_time',
];

/** Inference and platform above this share: the plan is mostly the visible tip. */
const ICEBERG_SHARE = 0.5;

export interface PlanFinding {
  kind: 'missing' | 'below_range' | 'above_range' | 'iceberg';
  category: BudgetCategory;
  /** The category's share of the planned total (0 when missing). */
  share: number;
  message: string;
}

export interface PlanCheck {
  /** Planned total by category (the budget lines; people time and other costs are actuals). */
  byCategory: Record<BudgetCategory, string>;
  total: string;
  findings: PlanFinding[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Checks an initiative's plan.
 * @example checkPlan(initiative).findings.map((f) => f.message)
 */
export function checkPlan(def: Initiative): PlanCheck {
  const byCategory = Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, '0'])) as Record<
    BudgetCategory,
    string
  >;
  for (const b of def.budget) byCategory[b.category] = addDec(byCategory[b.category], b.amount);
  const total = BUDGET_CATEGORIES.reduce((s, c) => addDec(s, byCategory[c]), '0');
  const t = decToNumber(total);
  const share = (c: BudgetCategory) => (t > 0 ? decToNumber(byCategory[c]) / t : 0);
  const findings: PlanFinding[] = [];
  for (const c of BELOW_WATERLINE) {
    if (decToNumber(byCategory[c]) <= 0) {
      findings.push({
        kind: 'missing',
        category: c,
        share: 0,
        message: MISSING_WHY[c] ?? `No budget for ${c.replaceAll('_', ' ')}.`,
      });
    }
  }
  for (const [c, [lo, hi]] of Object.entries(TYPICAL_SHARE) as [
    BudgetCategory,
    [number, number],
  ][]) {
    const s = share(c);
    if (s === 0) continue; // reported as missing
    if (s < lo) {
      findings.push({
        kind: 'below_range',
        category: c,
        share: s,
        message: `${label(c)} is ${pct(s)} of the plan; initiatives typically spend ${pct(lo)}–${pct(hi)} here. Under-budgeting it is the most common reason AI projects overrun.`,
      });
    } else if (s > hi) {
      findings.push({
        kind: 'above_range',
        category: c,
        share: s,
        message: `${label(c)} is ${pct(s)} of the plan, above the typical ${pct(lo)}–${pct(hi)}: check the estimate, or say why this initiative is unusual.`,
      });
    }
  }
  const tip = share('inference_and_platform');
  if (tip >= ICEBERG_SHARE) {
    findings.push({
      kind: 'iceberg',
      category: 'inference_and_platform',
      share: tip,
      message: `Inference and platform are ${pct(tip)} of the plan: the visible tip of the iceberg. Data preparation, integration, training and experiments usually cost more than inference.`,
    });
  }
  return { byCategory, total, findings };
}

const label = (c: BudgetCategory) => c.replaceAll('_', ' ').replace(/^./, (x) => x.toUpperCase());

const MISSING_WHY: Partial<Record<BudgetCategory, string>> = {
  data_preparation:
    'No budget for data preparation (collection, cleaning, labelling, pipelines), typically 30–40 % of an AI budget.',
  governance:
    'No budget for governance (model risk, privacy and security reviews, evaluation, monitoring).',
  integration_and_training:
    'No budget for integration and training (wiring the model into products, fine-tuning, training users), typically 20–30 %.',
  experimentation:
    'No experimentation or failure budget: most experiments do not ship, and their cost is real.',
  finops_capacity: 'No FinOps capacity to track, allocate and optimize the initiative’s spend.',
  change_management:
    'No organizational change management: adoption is what turns the model into benefits.',
  people_time:
    'No budget for people time: the hours existing teams redirect to this initiative are a cost even when no invoice says so.',
};
