import { listAudit } from '../audit/audit-log.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { isCostLensError } from '../errors.ts';
import { addDays } from '../forecast/period-projection.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { scopeFilters } from './budget-scope.ts';
import { budgetStatus } from './budget-status.ts';
import { createBudget, deleteBudget, getBudget, listBudgets } from './budget-store.ts';
import { collectingNotifier, notifyBudgets } from './notify-budgets.ts';

/** team ml spends exactly $100.00 a day, team web $10.00, 2025-01-01 … 2025-04-15. */
function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 105; i++) {
    const day = addDays('2025-01-01', i);
    out.push({ day, cost: '100.00', tags: { team: 'ml' } });
    out.push({ day, cost: '10.00', tags: { team: 'web' }, service: 'Amazon S3' });
  }
  return out;
}

async function withStore(fn: (wh: Warehouse) => Promise<void>) {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    await fn(wh);
  } finally {
    await wh.close();
  }
}

const APRIL_15 = new Date('2025-04-15T12:00:00Z');

test('budgets are created, listed, found by name and deleted, amounts kept exact', async () => {
  await withStore(async (wh) => {
    const b = await createBudget(wh, {
      name: 'ml monthly',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '3000.10',
    });
    assert.equal(b.amount, '3000.1');
    assert.deepEqual(b.actualThresholdsPct, [80, 100]);
    assert.equal((await listBudgets(wh)).length, 1);
    assert.equal((await getBudget(wh, 'ml monthly'))?.id, b.id);
    await deleteBudget(wh, b.id, { actor: 'token:ab12' });
    assert.equal((await listBudgets(wh)).length, 0);
    await assert.rejects(
      deleteBudget(wh, 'nope'),
      (e) => isCostLensError(e) && e.code === 'NOT_FOUND',
    );
    // Both changes are in the audit log, with who made them.
    assert.deepEqual(
      (await listAudit(wh, { actionPrefix: 'budget.' })).map((e) => [e.action, e.target, e.actor]),
      [
        ['budget.delete', b.id, 'token:ab12'],
        ['budget.create', b.id, 'cli'],
      ],
    );
  });
});

test('invalid budgets are refused with every problem listed', async () => {
  await withStore(async (wh) => {
    await assert.rejects(
      createBudget(wh, {
        name: '',
        scope: { kind: 'team' },
        period: 'week' as 'month',
        amount: '-5',
        actualThresholdsPct: [0],
      }),
      (e) => {
        assert.ok(isCostLensError(e));
        const cols = e.issues.map((i) => i.column);
        for (const c of ['name', 'period', 'amount', 'actualThresholdsPct', 'scope'])
          assert.ok(cols.includes(c), c);
        return true;
      },
    );
    await assert.rejects(
      createBudget(wh, {
        name: 'x',
        scope: { kind: 'custom', filters: [{ dimension: 'colour', op: 'eq', value: 'red' }] },
        period: 'month',
        amount: '1',
      }),
      (e) => isCostLensError(e) && e.issues.some((i) => i.message.includes('colour')),
    );
  });
});

test('status: actual to date is exact, the month-end forecast adds the remaining days', async () => {
  await withStore(async (wh) => {
    const b = await createBudget(wh, {
      name: 'ml',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '4000',
    });
    const s = await budgetStatus(wh, b, { now: APRIL_15 });
    assert.equal(s.periodStart, '2025-04-01');
    assert.equal(s.periodEnd, '2025-05-01');
    assert.equal(Number(s.actual), 1500); // 15 days × $100.00
    assert.equal(s.actualPct, 37.5);
    // 30 days at $100 → ≈ $3,000 at month end = 75 %
    assert.ok(Math.abs(Number(s.forecast.mean) - 3000) < 30, s.forecast.mean);
    assert.ok(Number(s.forecast.lo95) <= Number(s.forecast.mean));
    assert.equal(s.state, 'ok');
    assert.deepEqual(s.crossed, []);
  });
});

test('status flags a forecast overrun before the money is spent, and an actual overrun after', async () => {
  await withStore(async (wh) => {
    const tight = await createBudget(wh, {
      name: 'ml tight',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '2500',
      actualThresholdsPct: [50],
      forecastThresholdsPct: [100],
    });
    const s = await budgetStatus(wh, tight, { now: APRIL_15 });
    assert.equal(s.state, 'forecast_over');
    assert.deepEqual(
      s.crossed.map((c) => `${c.kind}:${c.thresholdPct}`),
      ['actual:50', 'forecast:100'],
    );
    const spent = await createBudget(wh, {
      name: 'web q',
      scope: { kind: 'tag', key: 'team', value: 'web' },
      period: 'quarter',
      amount: '900',
    });
    const q = await budgetStatus(wh, spent, { now: new Date('2025-03-31T00:00:00Z') });
    assert.equal(Number(q.actual), 900); // Jan–Mar: 90 days × $10.00
    assert.equal(q.state, 'over');
  });
});

test('notifications go out once per crossing and period; a failed delivery is retried', async () => {
  await withStore(async (wh) => {
    await createBudget(wh, {
      name: 'ml tight',
      scope: { kind: 'team', value: 'ml' },
      period: 'month',
      amount: '2500',
      actualThresholdsPct: [50],
    });
    const failing = { notify: async () => Promise.reject(new Error('channel down')) };
    const down = await notifyBudgets(wh, failing, { now: APRIL_15 });
    assert.deepEqual(
      [down.sent.length, down.failed.length, down.failed[0]?.error],
      [0, 2, 'channel down'],
    );
    const n = collectingNotifier();
    const first = await notifyBudgets(wh, n, { now: APRIL_15 });
    assert.equal(first.sent.length, 2);
    assert.match(first.sent[0]!.text, /ml tight.*team=ml.*60\.0 % of 2500 USD/);
    const again = await notifyBudgets(wh, n, { now: APRIL_15 });
    assert.equal(again.sent.length, 0);
    assert.equal(n.alerts.length, 2);
  });
});

test('scopes become semantic filters', () => {
  assert.deepEqual(scopeFilters({ kind: 'account', value: '1234' }), [
    { dimension: 'sub_account', op: 'eq', value: '1234' },
  ]);
  assert.deepEqual(scopeFilters({ kind: 'all' }), []);
  assert.equal(
    scopeFilters({ kind: 'initiative', value: 'genai' })[0]!.dimension,
    'tag:initiative',
  );
});
