import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { listAudit } from '../audit/audit-log.ts';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { parseInitiative } from './definition.ts';
import type { Initiative } from './definition.ts';
import { getInitiative, listInitiatives, setInitiative } from './initiative-store.ts';
import { cashFlows, planVsActual, portfolioOverlaps } from './plan-vs-actual.ts';
import { checkPlan } from './planner.ts';
import { roi, sensitivity } from './roi.ts';

const base = {
  id: 'support-copilot',
  name: 'Support copilot',
  owner: 'jane@example.com',
  start: '2025-01-01',
  end: '2025-03-31',
};

describe('initiative definitions', () => {
  it('lists every problem by field path', () => {
    try {
      parseInitiative(
        {
          ...base,
          id: 'Bad Id',
          end: '2024-12-01',
          budget: [{ category: 'snacks', amount: '-5' }],
          benefits: [
            {
              order: 4,
              description: 'x',
              kpi: 'hours_saved',
              unitValue: '80',
              monthlyQuantity: '10',
              from: '2025-13',
              confidence: 'sure',
              source: 'survey',
            },
          ],
        },
        'copilot.json',
      );
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isCostLensError(e));
      const fields = e.issues.map((i) => i.column).sort();
      for (const f of [
        'id',
        'budget.0.category',
        'budget.0.amount',
        'benefits.0.order',
        'benefits.0.from',
        'benefits.0.confidence',
      ]) {
        assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
      }
      assert.ok(e.issues.every((i) => i.file === 'copilot.json'));
    }
    assert.throws(
      () => parseInitiative({ ...base, end: '2024-12-01' }),
      /end: ends before it starts/,
    );
  });
});

describe('the budget checklist', () => {
  it('flags the categories below the waterline that are missing and shares outside the ranges', () => {
    const tipOnly = parseInitiative({
      ...base,
      budget: [
        { category: 'inference_and_platform', amount: '80000' },
        { category: 'data_preparation', amount: '10000' },
        { category: 'integration_and_training', amount: '10000' },
      ],
    });
    const check = checkPlan(tipOnly);
    assert.equal(check.total, '100000');
    const kinds = check.findings.map((f) => `${f.kind}:${f.category}`).sort();
    assert.deepEqual(kinds, [
      'below_range:data_preparation',
      'below_range:integration_and_training',
      'iceberg:inference_and_platform',
      'missing:change_management',
      'missing:experimentation',
      'missing:finops_capacity',
      'missing:governance',
      'missing:people_time',
    ]);
    const prep = check.findings.find((f) => f.category === 'data_preparation')!;
    assert.equal(prep.share, 0.1);
    assert.match(prep.message, /10\.0 % of the plan; .* 30\.0 %–40\.0 %/);

    const balanced = parseInitiative({
      ...base,
      budget: [
        { category: 'data_preparation', amount: '35000' },
        { category: 'integration_and_training', amount: '25000' },
        { category: 'inference_and_platform', amount: '15000' },
        { category: 'governance', amount: '5000' },
        { category: 'experimentation', amount: '8000' },
        { category: 'finops_capacity', amount: '2000' },
        { category: 'change_management', amount: '5000' },
        { category: 'people_time', amount: '5000' },
      ],
    });
    assert.deepEqual(checkPlan(balanced).findings, []);
  });
});

describe('ROI, payback, NPV and sensitivity', () => {
  const flows = [
    { month: '2025-01', cost: '1000', benefit: '0' },
    { month: '2025-02', cost: '500', benefit: '600' },
    { month: '2025-03', cost: '0', benefit: '1200' },
  ];
  it('match a hand computation', () => {
    const r = roi(flows, 12);
    assert.deepEqual([r.totalCost, r.totalBenefit, r.net], ['1500', '1800', '300']);
    assert.equal(r.roi, 0.2);
    assert.deepEqual([r.paybackMonth, r.paybackMonths], ['2025-03', 3]);
    // −1000 + 100 / 1.0094888 + 1200 / 1.0094888² (12 % a year, monthly compounding)
    assert.equal(r.npv, '276.61');
    const zero = roi(flows, 0);
    assert.equal(zero.npv, '300');
  });
  it('the sensitivity table scales benefits and costs', () => {
    const cells = sensitivity(flows, 12);
    assert.equal(cells.length, 4);
    const worst = cells.find((c) => c.benefitFactor === 0.7 && c.costFactor === 1.3)!;
    // benefits 1260, costs 1950 → net −690; NPV −1300 + (420 − 650)/1.0094888 + 840/1.0094888²
    assert.equal(worst.net, '-690');
    assert.ok(Math.abs(worst.roi! - -690 / 1950) < 1e-12);
    assert.equal(worst.npv, '-703.56');
  });
  it('never pays back when benefits never catch up', () => {
    const r = roi([{ month: '2025-01', cost: '10', benefit: '1' }], 8);
    assert.equal(r.paybackMonth, null);
  });
});

/** Jan–Feb 2025: the copilot's Bedrock spend $10.00/day, its vector store $2.50/day, other $7/day. */
function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 59; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    out.push({ day, cost: '10.00', service: 'Amazon Bedrock', tags: { app: 'copilot' } });
    out.push({ day, cost: '2.50', service: 'Amazon OpenSearch Service', tags: { app: 'copilot' } });
    out.push({ day, cost: '7.00', service: 'Amazon Bedrock', tags: { app: 'search' } });
  }
  return out;
}

describe('plan vs actual', () => {
  const def: Initiative = parseInitiative({
    ...base,
    mappings: [
      { filters: [{ dimension: 'tag:app', value: 'copilot' }], label: 'app tag' },
      // Overlaps the first mapping on Bedrock: the shared $10/day must be counted once.
      {
        filters: [
          { dimension: 'service', value: 'Amazon Bedrock' },
          { dimension: 'tag:app', value: 'copilot' },
        ],
        category: 'integration_and_training',
      },
    ],
    budget: [{ category: 'inference_and_platform', amount: '3000' }],
    peopleTime: [{ month: '2025-02', category: 'people_time', hours: '10', loadedRate: '95.50' }],
    otherCosts: [{ month: '2025-01', category: 'governance', amount: '400' }],
    benefits: [
      {
        order: 1,
        description: 'tickets deflected',
        kpi: 'tickets_deflected',
        unitValue: '6.50',
        monthlyQuantity: '100',
        from: '2025-02',
        confidence: 'medium',
        source: 'helpdesk report',
      },
    ],
  });

  it('sums mappings exactly, reports and removes their overlap, adds people time and other costs', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await insertCostRows(wh, rows());
      const p = await planVsActual(wh, def);
      const jan = p.months.find((m) => m.month === '2025-01')!;
      const feb = p.months.find((m) => m.month === '2025-02')!;
      // Jan: 31 × (10.00 + 2.50) + 400 governance; Feb: 28 × 12.50 + 10 h × 95.50.
      assert.equal(jan.actual, '787.5');
      assert.equal(feb.actual, '1305');
      assert.equal(p.overlaps.length, 1);
      assert.equal(p.overlaps[0]!.amount, '590'); // 59 days × $10.00 on Bedrock for copilot
      assert.equal(p.byCategory.governance.actual, '400');
      assert.equal(p.byCategory.people_time.actual, '955');
      assert.equal(p.planTotal, '3000');
      assert.deepEqual(
        p.months.map((m) => m.plan),
        ['1000', '1000', '1000'],
      );
      // March has no data yet: the forecast fills it (~ $12.50 a day for 31 days).
      const mar = p.months.find((m) => m.month === '2025-03')!;
      assert.equal(mar.actual, null);
      assert.ok(Math.abs(Number(mar.forecast) - 31 * 12.5) < 31, mar.forecast);
      assert.equal(p.dataThrough, '2025-02-28');

      const flows = cashFlows(def, p);
      assert.deepEqual(
        flows.map((f) => f.benefit),
        ['0', '650', '650'],
      );
      assert.equal(flows[0]!.cost, '787.5');
      assert.equal(flows[1]!.cost, '1305'); // February closed with the data (through 28 Feb)
      // March is ahead: its plan ($1,000) exceeds the forecast (~$388), so the plan counts.
      assert.equal(flows[2]!.cost, '1000');
      assert.equal(p.estimateAtCompletion, '3092.5');
      assert.deepEqual(
        cashFlows(def, p, 'plan').map((f) => f.cost),
        ['1000', '1000', '1000'],
      );
    } finally {
      await wh.close();
    }
  });

  it('is stored with an audit entry, and overlaps between initiatives are reported', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      await insertCostRows(wh, rows());
      const other = parseInitiative({
        ...base,
        id: 'bedrock-platform',
        name: 'Bedrock platform',
        mappings: [{ filters: [{ dimension: 'service', value: 'Amazon Bedrock' }] }],
      });
      assert.deepEqual(await setInitiative(wh, def, { actor: 'test' }), { replaced: false });
      assert.deepEqual(await setInitiative(wh, def, { actor: 'test' }), { replaced: true });
      await setInitiative(wh, other, { actor: 'test' });
      assert.deepEqual(
        (await listInitiatives(wh)).map((i) => i.id),
        ['bedrock-platform', 'support-copilot'],
      );
      assert.deepEqual(await getInitiative(wh, 'support-copilot'), def);
      const audit = await listAudit(wh, {});
      assert.deepEqual(
        audit
          .map((a) => a.action)
          .filter((a) => a.startsWith('initiative.'))
          .sort(),
        ['initiative.create', 'initiative.create', 'initiative.replace'],
      );
      const overlaps = await portfolioOverlaps(wh, await listInitiatives(wh));
      // Bedrock for the copilot app is claimed by both (through either copilot mapping).
      assert.deepEqual(
        overlaps.map((o) => `${o.a} ${o.b} ${o.amount}`),
        ['bedrock-platform#0 support-copilot#0 590', 'bedrock-platform#0 support-copilot#1 590'],
      );
      await assert.rejects(getInitiative(wh, 'nope'), /no initiative "nope"/);
    } finally {
      await wh.close();
    }
  });
});
