import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { compileCheck } from './compile-check.ts';
import type { CompileContext } from './compile-check.ts';
import { planConformance } from './plan-conformance.ts';
import { loadValidatorModel, nationalCurrencies } from './validator-model.ts';
import type { CheckNode } from './validator-model.ts';

const model = loadValidatorModel();
const ctx: CompileContext = {
  rule: (id) => model.ModelRules[id],
  relativeTolerance: 1e-6,
  absoluteTolerance: 1e-9,
  currencies: nationalCurrencies(),
};
const requirement = (id: string): CheckNode => model.ModelRules[id]!.ValidationCriteria.Requirement;

/** Rows keyed by a label; each test evaluates a compiled predicate and names the failing labels. */
const ROWS: Record<string, Record<string, string | null>> = {
  usage: {
    ChargeCategory: "'Usage'",
    ChargeClass: 'NULL',
    ListUnitPrice: '0.5',
    PricingQuantity: '4',
    ListCost: '2.0000001',
    BillingCurrency: "'USD'",
    Tags: `'{"team":"a"}'`,
  },
  tax: {
    ChargeCategory: "'Tax'",
    ChargeClass: 'NULL',
    ListUnitPrice: '1',
    PricingQuantity: '1',
    ListCost: '1',
    BillingCurrency: "'usd'",
    Tags: `'{"a":{"b":1}}'`,
  },
  badList: {
    ChargeCategory: "'Usage'",
    ChargeClass: 'NULL',
    ListUnitPrice: '0.05',
    PricingQuantity: '0.00000003',
    ListCost: '0.000015',
    BillingCurrency: "'EUR'",
    Tags: `'[1,2]'`,
  },
  correction: {
    ChargeCategory: "'Usage'",
    ChargeClass: "'Correction'",
    ListUnitPrice: '1',
    PricingQuantity: '2',
    ListCost: '5',
    BillingCurrency: "'XYZ'",
    Tags: 'NULL',
  },
  bogusCategory: {
    ChargeCategory: "'Refund'",
    ChargeClass: 'NULL',
    ListUnitPrice: 'NULL',
    PricingQuantity: 'NULL',
    ListCost: '0',
    BillingCurrency: "'Credits'",
    Tags: `'{}'`,
  },
};

describe('validator rule interpreter', () => {
  let wh: DuckDbWarehouse;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    for (const [label, r] of Object.entries(ROWS)) {
      const cols = Object.keys(r).map((c) => `"${c}"`);
      await wh.exec(
        `INSERT INTO focus_cost (x_source_file, ${cols.join(', ')}) VALUES ('${label}', ${Object.values(r).join(', ')})`,
      );
    }
  });
  after(() => wh.close());

  /** Labels of rows where the requirement fails (FALSE; NULL is not a failure). */
  async function failing(node: CheckNode): Promise<string[]> {
    const c = compileCheck(node, ctx);
    assert.equal(c.kind, 'row', JSON.stringify(c));
    if (c.kind !== 'row') return [];
    const rows = await wh.query<{ f: string }>(
      `SELECT x_source_file AS f FROM focus_cost WHERE NOT coalesce(${c.sql}, true) ORDER BY 1`,
    );
    return rows.map((r) => r.f);
  }

  it('an allowed-values rule (OR of CheckValue) fails only rows outside the list', async () => {
    assert.deepEqual(await failing(requirement('ChargeCategory-C-003-M')), ['bogusCategory']);
  });

  it('the arithmetic rule ListUnitPrice × PricingQuantity = ListCost holds within the relative tolerance', async () => {
    // 0.5 × 4 = 2 vs 2.0000001 is within 1e-6 relative; 0.05 × 3e-8 vs 1.5e-5 is not; 1 × 2 vs 5 is not.
    assert.deepEqual(await failing(requirement('ListUnitPrice-C-010-C')), [
      'badList',
      'correction',
    ]);
  });

  it('a "not Correction" condition holds on rows whose ChargeClass is null', async () => {
    const cond = model.ModelRules['ListUnitPrice-C-010-C']!.ValidationCriteria.Condition;
    const c = compileCheck(cond, ctx);
    assert.equal(c.kind, 'row');
    if (c.kind !== 'row') return;
    const rows = await wh.query<{ f: string }>(
      `SELECT x_source_file AS f FROM focus_cost WHERE coalesce(${c.sql}, false) ORDER BY 1`,
    );
    assert.deepEqual(
      rows.map((r) => r.f),
      ['badList', 'tax', 'usage'],
    );
  });

  it('key-value format accepts JSON objects of scalars only', async () => {
    assert.deepEqual(await failing(requirement('Tags-C-001-M')), ['badList', 'tax']);
  });

  it('national currency codes come from the ISO 4217 list', async () => {
    assert.deepEqual(await failing(requirement('BillingCurrency-C-006-M')), [
      'bogusCategory',
      'correction',
      'tax',
    ]);
    // CurrencyFormat also admits virtual currencies (text that is not a three-letter code).
    assert.deepEqual(await failing(requirement('BillingCurrency-C-003-M')), ['correction', 'tax']);
  });

  it('column presence and distinct counts are not row predicates', () => {
    assert.deepEqual(compileCheck(requirement('CostAndUsage-D-005-M'), ctx), {
      kind: 'presence',
      column: 'BillingAccountName',
    });
    assert.deepEqual(compileCheck(requirement('SkuPriceId-C-008-M'), ctx), {
      kind: 'distinct',
      columnA: 'SkuPriceId',
      columnB: 'SkuId',
      expected: 1,
    });
  });

  it('a prose-only rule and an unknown column are reported as unsupported, never guessed', () => {
    const prose = compileCheck(requirement('DateTimeFormat-A-001-M'), ctx);
    assert.equal(prose.kind, 'unsupported');
    const unknown = compileCheck(
      { CheckFunction: 'CheckValue', ColumnName: 'NoSuchColumn', Value: 'x' },
      ctx,
    );
    assert.deepEqual(unknown, {
      kind: 'unsupported',
      reason: 'column NoSuchColumn is not a FOCUS column of the store',
    });
  });
});

describe('conformance plan', () => {
  const plan = planConformance(model, { ...ctx, applicability: [] });
  const planned = (id: string) => plan.rules.find((r) => r.ruleId === id);
  const skipped = (id: string) => plan.notChecked.find((r) => r.ruleId === id);

  it('a rule under a "when X is not null" composite inherits that condition', () => {
    const rule = planned('ListUnitPrice-C-008-M');
    assert.ok(rule);
    assert.match(rule.appliesTo ?? '', /"ListUnitPrice" IS NOT NULL/);
    assert.equal(rule.severity, 'error');
  });

  it('maps keywords to severities: MUST → error, SHOULD → warning, MAY → info', () => {
    assert.equal(planned('SkuMeter-C-005-C')?.severity, 'warning'); // SHOULD NOT
    const may = planned('Tags-C-002-O');
    assert.equal(may?.severity, 'info');
    assert.equal(may?.permission, true);
  });

  it('lists every prose-only rule as not checked, with its id', () => {
    const dynamic = Object.entries(model.ModelRules).filter(
      ([, r]) => Object.keys(r.ValidationCriteria.Requirement).length === 0,
    );
    assert.ok(dynamic.length > 150);
    for (const [id] of dynamic) assert.ok(skipped(id), `${id} should be listed as not checked`);
    assert.equal(planned('DateTimeFormat-A-001-M'), undefined);
  });

  it('a presence rule gated on a provider capability waits for that capability to be declared', () => {
    assert.match(skipped('CostAndUsage-D-004-C')?.reason ?? '', /PUBLIC_PRICE_LIST_SUPPORTED/);
    const declared = planConformance(model, {
      ...ctx,
      applicability: ['PUBLIC_PRICE_LIST_SUPPORTED'],
    });
    assert.ok(declared.rules.some((r) => r.ruleId === 'CostAndUsage-D-004-C'));
  });

  it('a rule whose check contradicts its own text is not checked, and says why', () => {
    assert.match(skipped('CommitmentDiscountStatus-C-003-C')?.reason ?? '', /model inconsistency/);
    assert.match(skipped('CommitmentDiscountStatus-C-005-M')?.reason ?? '', /Used, Unused/);
  });

  it('items of an OR composite are checked through it, not listed as skipped', () => {
    assert.ok(planned('InvoiceId-C-003-C'));
    assert.equal(skipped('InvoiceId-C-004-C'), undefined);
  });
});
