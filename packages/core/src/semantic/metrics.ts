/**
 * The declared metrics: each says how it aggregates FOCUS rows, its unit and a description, so
 * UIs and the assistant can list them. Money sums stay DECIMAL (exact); unit costs (cost per
 * business unit) are ratios and come back as numbers in decimal strings.
 */

export type MetricUnit = 'currency' | 'quantity' | 'count' | 'ratio';

/** A cost metric divided by a business metric, per `per` units of it. */
export interface UnitCostDefinition {
  costMetric: string;
  businessMetric: string;
  per: number;
}

export interface MetricDef {
  id: string;
  label: string;
  unit: MetricUnit;
  description: string;
  /** `sum`: sum of `columns[0]`; `difference`: sum of `columns[0] - columns[1]`; `count`: rows. */
  kind: 'sum' | 'difference' | 'count' | 'unit_cost';
  columns?: readonly string[];
  unitCost?: UnitCostDefinition;
}

/** The built-in metrics over `focus_cost`. */
export const BASE_METRICS: readonly MetricDef[] = [
  {
    id: 'billed_cost',
    label: 'Billed cost',
    unit: 'currency',
    kind: 'sum',
    columns: ['BilledCost'],
    description: 'What the invoice charges (FOCUS BilledCost), in the billing currency.',
  },
  {
    id: 'effective_cost',
    label: 'Effective cost',
    unit: 'currency',
    kind: 'sum',
    columns: ['EffectiveCost'],
    description:
      'Amortized cost after discounts and commitment purchases are spread over usage (FOCUS EffectiveCost).',
  },
  {
    id: 'list_cost',
    label: 'List cost',
    unit: 'currency',
    kind: 'sum',
    columns: ['ListCost'],
    description: 'Cost at public list prices, before any discount (FOCUS ListCost).',
  },
  {
    id: 'contracted_cost',
    label: 'Contracted cost',
    unit: 'currency',
    kind: 'sum',
    columns: ['ContractedCost'],
    description: 'Cost at negotiated contract prices (FOCUS ContractedCost).',
  },
  {
    id: 'savings',
    label: 'Savings',
    unit: 'currency',
    kind: 'difference',
    columns: ['ListCost', 'EffectiveCost'],
    description:
      'List cost minus effective cost, over rows that carry both: what discounts and commitments saved.',
  },
  {
    id: 'consumed_quantity',
    label: 'Consumed quantity',
    unit: 'quantity',
    kind: 'sum',
    columns: ['ConsumedQuantity'],
    description:
      'Usage volume (FOCUS ConsumedQuantity). Units differ per SKU: group by consumed_unit before summing across services.',
  },
  {
    id: 'row_count',
    label: 'Rows',
    unit: 'count',
    kind: 'count',
    description: 'Number of cost rows.',
  },
];

/** The metric a unit cost is built on must be a money sum. */
export const UNIT_COST_BASES: readonly string[] = [
  'billed_cost',
  'effective_cost',
  'list_cost',
  'contracted_cost',
  'savings',
];
