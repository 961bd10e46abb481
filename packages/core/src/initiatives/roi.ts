/**
 * ROI a CFO accepts: monthly costs and benefits → ROI, payback month, NPV at a stated annual
 * discount rate (monthly compounding), and the sensitivity table (benefits −30 %, costs +30 %).
 * Money in and totals out are exact decimal strings; discounting is a float, rounded to cents.
 */
import { addDec, decToNumber, fromNumber, mulDec, subDec } from '../anomaly/decimal.ts';

export interface MonthlyFlow {
  /** `YYYY-MM` */
  month: string;
  cost: string;
  benefit: string;
}

export interface RoiResult {
  totalCost: string;
  totalBenefit: string;
  net: string;
  /** (benefit − cost) / cost; null when there is no cost. */
  roi: number | null;
  /** First month whose cumulative net is ≥ 0 after costs began; null when never within the flows. */
  paybackMonth: string | null;
  /** Months from the first month to payback (1 = the first month). */
  paybackMonths: number | null;
  /** Net present value of the monthly nets, discounted to the first month. */
  npv: string;
  discountRatePct: number;
}

export interface SensitivityCell {
  benefitFactor: number;
  costFactor: number;
  net: string;
  roi: number | null;
  npv: string;
}

/**
 * ROI, payback and NPV of monthly flows (sorted by month here).
 * @example roi([{ month: '2026-01', cost: '1000', benefit: '0' }, { month: '2026-02', cost: '0', benefit: '1500' }], 0)
 */
export function roi(flows: readonly MonthlyFlow[], discountRatePct: number): RoiResult {
  const sorted = [...flows].sort((a, b) => a.month.localeCompare(b.month));
  const totalCost = sorted.reduce((s, f) => addDec(s, f.cost), '0');
  const totalBenefit = sorted.reduce((s, f) => addDec(s, f.benefit), '0');
  const net = subDec(totalBenefit, totalCost);
  const monthly = Math.pow(1 + discountRatePct / 100, 1 / 12) - 1;
  let npv = 0;
  let cumulative = '0';
  let paybackMonth: string | null = null;
  let paybackMonths: number | null = null;
  let spent = false;
  sorted.forEach((f, i) => {
    const n = subDec(f.benefit, f.cost);
    npv += decToNumber(n) / Math.pow(1 + monthly, i);
    cumulative = addDec(cumulative, n);
    if (decToNumber(f.cost) > 0) spent = true;
    if (
      paybackMonth === null &&
      spent &&
      decToNumber(cumulative) >= 0 &&
      decToNumber(totalCost) > 0
    ) {
      paybackMonth = f.month;
      paybackMonths = i + 1;
    }
  });
  const c = decToNumber(totalCost);
  return {
    totalCost,
    totalBenefit,
    net,
    roi: c > 0 ? decToNumber(net) / c : null,
    paybackMonth,
    paybackMonths,
    npv: fromNumber(npv),
    discountRatePct,
  };
}

/** Net, ROI and NPV with benefits and costs scaled: the table a CFO asks for first. */
export function sensitivity(
  flows: readonly MonthlyFlow[],
  discountRatePct: number,
  benefitFactors: readonly number[] = [1, 0.7],
  costFactors: readonly number[] = [1, 1.3],
): SensitivityCell[] {
  const cells: SensitivityCell[] = [];
  for (const bf of benefitFactors) {
    for (const cf of costFactors) {
      const scaled = flows.map((f) => ({
        month: f.month,
        benefit: mulDec(f.benefit, String(bf)),
        cost: mulDec(f.cost, String(cf)),
      }));
      const r = roi(scaled, discountRatePct);
      cells.push({ benefitFactor: bf, costFactor: cf, net: r.net, roi: r.roi, npv: r.npv });
    }
  }
  return cells;
}
