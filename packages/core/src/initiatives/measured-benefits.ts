/**
 * Measured KPIs: a benefit whose KPI names a business metric (`costlens metrics ingest`) gets the
 * metric's monthly sum next to its planned monthly quantity. Only months the metric has closed are
 * "measured" (through the last complete month of its data; a month with no rows there measures 0);
 * later months keep the plan, so ROI "as measured" is measured to date and planned beyond it.
 * Quantities are exact decimal strings; values come in as parameters.
 */
import { addDec, mulDec } from '../anomaly/decimal.ts';
import { addDays } from '../forecast/period-projection.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Initiative } from './definition.ts';
import { monthsOf } from './definition.ts';

export interface BenefitMeasurement {
  /** Index of the benefit in the definition. */
  benefit: number;
  kpi: string;
  metric: string;
  /** The last month the metric covers completely (`YYYY-MM`); null when it has no data. */
  measuredThrough: string | null;
  /** Quantities per month of the benefit: planned, and measured for closed months (else null). */
  months: { month: string; planned: string; measured: string | null }[];
  /** Planned and measured quantity over the measured months only (like for like). */
  plannedToDate: string;
  measuredToDate: string;
}

/** `YYYY-MM` shifted by `n` months. */
function shiftMonth(month: string, n: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

/** The month of `day` if `day` is its last day, else the month before. */
function closedMonth(day: string): string {
  const month = day.slice(0, 7);
  return addDays(day, 1).slice(0, 7) !== month ? month : shiftMonth(month, -1);
}

/**
 * Measures every benefit that names a business metric.
 * @example await measureBenefits(wh, def) // [{ benefit: 0, metric: 'tickets_deflected', … }]
 */
export async function measureBenefits(
  wh: Warehouse,
  def: Initiative,
): Promise<BenefitMeasurement[]> {
  const out: BenefitMeasurement[] = [];
  for (const [i, b] of def.benefits.entries()) {
    if (!b.metric) continue;
    const months = monthsOf(`${b.from}-01`, `${b.to ?? def.end.slice(0, 7)}-01`);
    const [last] = await wh.query<{ d: string | null }>(
      `SELECT CAST(max("date") AS VARCHAR) AS d FROM business_metric WHERE metric = $1`,
      [b.metric],
    );
    const through = last?.d ? closedMonth(last.d.slice(0, 10)) : null;
    const sums = new Map<string, string>();
    if (through && months.length > 0) {
      const rows = await wh.query<{ d: string; v: string }>(
        `SELECT CAST("date" AS VARCHAR) AS d, CAST(value AS VARCHAR) AS v FROM business_metric
         WHERE metric = $1 AND "date" >= CAST($2 AS DATE) AND "date" < CAST($3 AS DATE)`,
        [b.metric, `${months[0]}-01`, `${shiftMonth(through, 1)}-01`],
      );
      for (const r of rows) {
        const m = r.d.slice(0, 7);
        sums.set(m, addDec(sums.get(m) ?? '0', r.v));
      }
    }
    const rows = months.map((month) => ({
      month,
      planned: b.monthlyQuantity,
      measured: through && month <= through ? (sums.get(month) ?? '0') : null,
    }));
    const measured = rows.filter((r) => r.measured !== null);
    out.push({
      benefit: i,
      kpi: b.kpi,
      metric: b.metric,
      measuredThrough: through,
      months: rows,
      plannedToDate: measured.reduce((s, r) => addDec(s, r.planned), '0'),
      measuredToDate: measured.reduce((s, r) => addDec(s, r.measured!), '0'),
    });
  }
  return out;
}

/**
 * Monthly benefit money: planned quantity × unit value, or — where `measured` has a measured month
 * for the benefit — the measured quantity × unit value instead.
 */
export function benefitMoneyByMonth(
  def: Initiative,
  measured: readonly BenefitMeasurement[] = [],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, b] of def.benefits.entries()) {
    const m = measured.find((x) => x.benefit === i);
    const byMonth = new Map(m?.months.map((r) => [r.month, r.measured]) ?? []);
    const to = b.to ?? def.end.slice(0, 7);
    for (const month of monthsOf(`${b.from}-01`, `${to}-01`)) {
      const qty = byMonth.get(month) ?? b.monthlyQuantity;
      out.set(month, addDec(out.get(month) ?? '0', mulDec(qty, b.unitValue)));
    }
  }
  return out;
}
