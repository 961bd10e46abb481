import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { parseInitiative } from './definition.ts';
import { benefitMoneyByMonth, measureBenefits } from './measured-benefits.ts';
import { buildInitiativeReport, initiativeReportHtml } from './report-html.ts';

const benefit = {
  order: 1 as const,
  description: 'Tickets deflected',
  kpi: 'tickets_deflected',
  unitValue: '6.50',
  monthlyQuantity: '100',
  from: '2025-01',
  confidence: 'medium' as const,
  source: 'helpdesk report',
  metric: 'tickets_deflected',
};

const def = parseInitiative({
  id: 'copilot',
  name: 'Copilot',
  owner: 'jane@example.com',
  start: '2025-01-01',
  end: '2025-03-31',
  budget: [{ category: 'inference_and_platform', amount: '3000' }],
  otherCosts: [{ month: '2025-01', category: 'inference_and_platform', amount: '1000' }],
  benefits: [
    benefit,
    {
      ...benefit,
      description: 'Agent hours saved',
      kpi: 'hours_saved',
      unitValue: '50',
      monthlyQuantity: '20',
      from: '2025-02',
      metric: 'agent_hours',
    },
    { ...benefit, description: 'Unmeasured', kpi: 'csat', unitValue: '0', metric: undefined },
  ],
});

// tickets_deflected: Jan 40 + 30 (two rows, one per region), Feb 90 + 0.5, data through 28 Feb
// (the last day: February is closed). agent_hours: Jan 10 (before the benefit starts), nothing in
// Feb, Mar 5 on the 15th (March is not closed: measured through February).
const ROWS = `INSERT INTO business_metric ("date", metric, value, dimensions, source_file, source_line, ingested_at) VALUES
  ('2025-01-10', 'tickets_deflected', 40, '{"region":"eu"}', NULL, NULL, '2025-03-01 00:00:00'),
  ('2025-01-20', 'tickets_deflected', 30, '{"region":"us"}', NULL, NULL, '2025-03-01 00:00:00'),
  ('2025-02-05', 'tickets_deflected', 90, NULL, NULL, NULL, '2025-03-01 00:00:00'),
  ('2025-02-28', 'tickets_deflected', 0.5, NULL, NULL, NULL, '2025-03-01 00:00:00'),
  ('2025-01-10', 'agent_hours', 10, NULL, NULL, NULL, '2025-03-01 00:00:00'),
  ('2025-03-15', 'agent_hours', 5, NULL, NULL, NULL, '2025-03-01 00:00:00')`;

describe('measured KPIs', () => {
  it('sums the business metric per closed month next to the plan, and prices measured months', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await wh.exec(ROWS);
      const m = await measureBenefits(wh, def);
      assert.deepEqual(
        m.map((x) => [x.benefit, x.metric, x.measuredThrough, x.plannedToDate, x.measuredToDate]),
        [
          [0, 'tickets_deflected', '2025-02', '200', '160.5'],
          [1, 'agent_hours', '2025-02', '20', '0'],
        ],
      );
      assert.deepEqual(m[0]!.months, [
        { month: '2025-01', planned: '100', measured: '70' },
        { month: '2025-02', planned: '100', measured: '90.5' },
        { month: '2025-03', planned: '100', measured: null },
      ]);
      assert.deepEqual(m[1]!.months, [
        { month: '2025-02', planned: '20', measured: '0' },
        { month: '2025-03', planned: '20', measured: null },
      ]);
      // Jan 70 × 6.50; Feb 90.5 × 6.50 + 0 × 50; Mar planned 100 × 6.50 + 20 × 50 (+ 0 csat).
      assert.deepEqual(Object.fromEntries(benefitMoneyByMonth(def, m)), {
        '2025-01': '455',
        '2025-02': '588.25',
        '2025-03': '1650',
      });
      assert.deepEqual(Object.fromEntries(benefitMoneyByMonth(def)), {
        '2025-01': '650',
        '2025-02': '1650',
        '2025-03': '1650',
      });
    } finally {
      await wh.close();
    }
  });

  it('shows ROI as measured next to ROI as planned', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await wh.exec(ROWS);
      const r = await buildInitiativeReport(wh, def, { now: new Date('2025-03-05T00:00:00Z') });
      // Costs: $1,000 a month (the plan; January's $1,000 entered equals it) = 3,000.
      assert.equal(r.roi.totalCost, '3000');
      // Planned benefits 650 + 1,650 + 1,650 = 3,950; measured 455 + 588.25 + 1,650 = 2,693.25.
      assert.equal(r.roi.totalBenefit, '3950');
      assert.equal(r.roiMeasured!.totalBenefit, '2693.25');
      assert.ok(Math.abs(r.roi.roi! - 950 / 3000) < 1e-12);
      assert.ok(Math.abs(r.roiMeasured!.roi! - -306.75 / 3000) < 1e-12);
      const html = initiativeReportHtml(r);
      assert.match(html, /data-kpi="roi-measured">-10\.2 %</);
      assert.match(html, /data-measured="0">161 vs 200 planned \(2 months to 2025-02\)/);
      assert.match(html, /data-measured="2">—/);
    } finally {
      await wh.close();
    }
  });

  it('has no ROI as measured while no metric has data', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const r = await buildInitiativeReport(wh, def);
      assert.equal(r.roiMeasured, null);
      assert.deepEqual(
        r.measurements.map((x) => [x.measuredThrough, x.months.every((m) => m.measured === null)]),
        [
          [null, true],
          [null, true],
        ],
      );
    } finally {
      await wh.close();
    }
  });
});
