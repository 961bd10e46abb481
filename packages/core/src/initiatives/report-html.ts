/**
 * The CFO one-pager for an initiative: headline figures (plan, actual, estimate at completion,
 * ROI, payback, NPV), plan vs actual by month as an inline SVG chart, cost by category, the
 * benefits with their KPI, confidence and source, the sensitivity table, and the budget checklist.
 * Self-contained HTML (no scripts, no external assets) so it prints to one PDF page as is.
 * Every number comes from the computed results passed in; nothing is recomputed here.
 */
import { fixedDec } from '../anomaly/decimal.ts';
import type { Warehouse } from '../store/warehouse.ts';
import type { Initiative } from './definition.ts';
import { cashFlows, planVsActual } from './plan-vs-actual.ts';
import type { PlanVsActual } from './plan-vs-actual.ts';
import { measureBenefits } from './measured-benefits.ts';
import type { BenefitMeasurement } from './measured-benefits.ts';
import { checkPlan } from './planner.ts';
import type { PlanCheck } from './planner.ts';
import { roi, sensitivity } from './roi.ts';
import type { RoiResult, SensitivityCell } from './roi.ts';

export interface InitiativeReport {
  def: Initiative;
  plan: PlanCheck;
  pva: PlanVsActual;
  /** On the estimate at completion (actuals, then max(plan, forecast)). */
  roi: RoiResult;
  /** The same on the plan's costs alone. */
  roiOnPlan: RoiResult;
  /** Benefits whose KPI names a business metric: measured quantities next to planned ones. */
  measurements: BenefitMeasurement[];
  /** ROI on the estimate with benefits as measured (planned beyond the data); null when none is measured. */
  roiMeasured: RoiResult | null;
  sensitivity: SensitivityCell[];
  /** When the report was generated (ISO). */
  generatedAt: string;
}

const esc = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** `1,234,567` with the currency code: whole units for a one-pager. */
export function money(v: string, currency: string): string {
  const whole = fixedDec(v, 0);
  const neg = whole.startsWith('-');
  const digits = (neg ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}${digits} ${currency}`;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const label = (c: string) => c.replaceAll('_', ' ').replace(/^./, (x) => x.toUpperCase());

/** Plan (outline) vs actual (filled) vs forecast (hatched) bars per month. */
function chart(pva: PlanVsActual): string {
  const W = 680;
  const H = 180;
  const pad = { l: 60, r: 10, t: 10, b: 24 };
  const rows = pva.months;
  const max = Math.max(
    1,
    ...rows.map((r) => Math.max(Number(r.plan), Number(r.actual ?? 0) + Number(r.forecast))),
  );
  const bw = (W - pad.l - pad.r) / Math.max(rows.length, 1);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const bars = rows
    .map((r, i) => {
      const x = pad.l + i * bw;
      const a = Number(r.actual ?? 0);
      const f = Number(r.forecast);
      const p = Number(r.plan);
      return [
        `<rect x="${(x + bw * 0.15).toFixed(1)}" y="${y(a).toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${(y(0) - y(a)).toFixed(1)}" fill="#3a6ea5"/>`,
        f > 0
          ? `<rect x="${(x + bw * 0.15).toFixed(1)}" y="${y(a + f).toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${(y(a) - y(a + f)).toFixed(1)}" fill="#e0892b" fill-opacity="0.55"/>`
          : '',
        `<line x1="${(x + bw * 0.05).toFixed(1)}" x2="${(x + bw * 0.95).toFixed(1)}" y1="${y(p).toFixed(1)}" y2="${y(p).toFixed(1)}" stroke="#111" stroke-width="2"/>`,
        `<text x="${(x + bw / 2).toFixed(1)}" y="${H - 8}" font-size="9" text-anchor="middle">${esc(r.month.slice(2))}</text>`,
      ].join('');
    })
    .join('');
  const ticks = [0, 0.5, 1]
    .map(
      (t) =>
        `<text x="${pad.l - 6}" y="${(y(max * t) + 3).toFixed(1)}" font-size="9" text-anchor="end">${esc(money(String(Math.round(max * t)), '').trim())}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Plan vs actual by month">${ticks}<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>${bars}</svg>`;
}

/** The one-page report as HTML. */
export function initiativeReportHtml(r: InitiativeReport): string {
  const { def, pva, plan } = r;
  const cur = def.currency;
  const kpi = (name: string, value: string, id: string) =>
    `<div class="kpi"><div class="l">${esc(name)}</div><div class="v" data-kpi="${id}">${esc(value)}</div></div>`;
  const categories = Object.entries(pva.byCategory)
    .filter(([, v]) => Number(v.plan) !== 0 || Number(v.actual) !== 0)
    .map(
      ([c, v]) =>
        `<tr><td>${esc(label(c))}</td><td class="n">${esc(money(v.plan, cur))}</td><td class="n">${esc(money(v.actual, cur))}</td></tr>`,
    )
    .join('');
  const measuredText = (i: number) => {
    const m = r.measurements.find((x) => x.benefit === i);
    if (!m) return '—';
    const n = m.months.filter((x) => x.measured !== null).length;
    if (n === 0) return `${m.metric}: no closed month yet`;
    return `${fixedDec(m.measuredToDate, 0)} vs ${fixedDec(m.plannedToDate, 0)} planned (${n} month${n === 1 ? '' : 's'} to ${m.measuredThrough})`;
  };
  const benefits = def.benefits
    .map(
      (b, i) =>
        `<tr><td>${b.order}</td><td>${esc(b.description)}</td><td>${esc(b.kpi)}: ${esc(b.monthlyQuantity)}/month × ${esc(b.unitValue)} ${esc(cur)}</td><td data-measured="${i}">${esc(measuredText(i))}</td><td>${esc(b.confidence)}</td><td>${esc(b.source)}</td></tr>`,
    )
    .join('');
  const lines = pva.lines
    .map(
      (l) =>
        `<tr${l.kind === 'memo' ? ' class="memo"' : ''}><td>${esc(l.label)}</td><td class="n">${esc(money(l.total, cur))}</td></tr>`,
    )
    .join('');
  const measuredRoi = r.roiMeasured
    ? ` As measured (KPIs from business metrics, planned beyond their data): ROI <span data-kpi="roi-measured">${esc(pct(r.roiMeasured.roi))}</span>, NPV ${esc(money(r.roiMeasured.npv, cur))}.`
    : '';
  const sens = r.sensitivity
    .map(
      (c) =>
        `<tr><td>benefits ${c.benefitFactor === 1 ? 'as planned' : `${Math.round((c.benefitFactor - 1) * 100)} %`}, costs ${c.costFactor === 1 ? 'as planned' : `+${Math.round((c.costFactor - 1) * 100)} %`}</td><td class="n">${esc(money(c.net, cur))}</td><td class="n">${esc(pct(c.roi))}</td><td class="n">${esc(money(c.npv, cur))}</td></tr>`,
    )
    .join('');
  const findings = plan.findings.length
    ? plan.findings.map((f) => `<li>${esc(f.message)}</li>`).join('')
    : '<li>The plan covers every category below the waterline, within the typical ranges.</li>';
  const overlaps = pva.overlaps.length
    ? `<p class="warn">${pva.overlaps.length} overlapping mapping pair(s): ${esc(pva.overlaps.map((o) => money(o.amount, cur)).join(', '))} counted once.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(def.name)} — AI initiative report</title>
<style>
@page { size: A4; margin: 12mm; }
body { font: 11px/1.35 system-ui, sans-serif; color: #111; margin: 0; }
h1 { font-size: 18px; margin: 0 0 2px; } h2 { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; color: #444; }
.meta { color: #555; margin-bottom: 8px; }
.kpis { display: grid; grid-template-columns: repeat(6, 1fr); gap: 6px; }
.kpi { border: 1px solid #ddd; border-radius: 4px; padding: 4px 6px; }
.kpi .l { color: #555; font-size: 9px; } .kpi .v { font-size: 13px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #eee; padding: 2px 4px; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.memo td { color: #666; font-style: italic; } .warn { color: #a33; } .legend span { margin-right: 12px; } ul { margin: 0; padding-left: 16px; }
</style></head><body>
<h1>${esc(def.name)}</h1>
<div class="meta">Owner ${esc(def.owner)} · ${esc(def.start)} → ${esc(def.end)} · data through ${esc(pva.dataThrough ?? '—')} · generated ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</div>
<section class="kpis">
${kpi('Plan', money(pva.planTotal, cur), 'plan')}
${kpi('Actual to date', money(pva.actualToDate, cur), 'actual')}
${kpi('Estimate at completion', money(pva.estimateAtCompletion, cur), 'eac')}
${kpi('ROI', pct(r.roi.roi), 'roi')}
${kpi('Payback', r.roi.paybackMonth ?? 'not within the plan', 'payback')}
${kpi(`NPV at ${r.roi.discountRatePct} %`, money(r.roi.npv, cur), 'npv')}
</section>
<p class="meta">ROI and NPV on the estimate at completion (actuals, then the larger of plan and forecast); on the plan alone: ROI <span data-kpi="roi-plan">${esc(pct(r.roiOnPlan.roi))}</span>, NPV ${esc(money(r.roiOnPlan.npv, cur))}.${measuredRoi}</p>
<h2>Plan vs actual by month</h2>
<div class="legend"><span>▬ plan</span><span style="color:#3a6ea5">■ actual</span><span style="color:#e0892b">■ forecast</span></div>
${chart(pva)}
${overlaps}
<div class="cols">
<section><h2>Cost by category</h2><table><tr><th>Category</th><th class="n">Plan</th><th class="n">Actual</th></tr>${categories}</table>
<h2>Actual by source</h2><table><tr><th>Line</th><th class="n">Actual</th></tr>${lines}</table></section>
<section><h2>Sensitivity</h2><table><tr><th>Case</th><th class="n">Net</th><th class="n">ROI</th><th class="n">NPV</th></tr>${sens}</table></section>
</div>
<h2>Benefits</h2>
<table><tr><th>Order</th><th>Benefit</th><th>KPI (planned)</th><th>Measured to date</th><th>Confidence</th><th>Measured by</th></tr>${benefits || '<tr><td colspan="6">No benefits recorded yet.</td></tr>'}</table>
<h2>Budget checklist</h2>
<ul>${findings}</ul>
<p class="meta">Costs: cloud and AI spend from the billing data (FOCUS, through the semantic layer), people time entered × loaded rate, other costs entered; forecast to completion from the daily forecast. ${esc(pva.notes.join(' '))}</p>
</body></html>
`;
}

/**
 * Computes everything the one-pager shows.
 * @example initiativeReportHtml(await buildInitiativeReport(wh, def))
 */
export async function buildInitiativeReport(
  wh: Warehouse,
  def: Initiative,
  opts: { now?: Date } = {},
): Promise<InitiativeReport> {
  const pva = await planVsActual(wh, def);
  const flows = cashFlows(def, pva);
  const measurements = await measureBenefits(wh, def);
  const anyMeasured = measurements.some((m) => m.measuredThrough !== null);
  return {
    def,
    plan: checkPlan(def),
    pva,
    roi: roi(flows, def.discountRatePct),
    roiOnPlan: roi(cashFlows(def, pva, 'plan'), def.discountRatePct),
    measurements,
    roiMeasured: anyMeasured
      ? roi(cashFlows(def, pva, 'estimate', measurements), def.discountRatePct)
      : null,
    sensitivity: sensitivity(flows, def.discountRatePct),
    generatedAt: (opts.now ?? new Date()).toISOString(),
  };
}
