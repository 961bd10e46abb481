import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDec } from '../anomaly/decimal.ts';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { forecastQuery } from './forecast-query.ts';
import { addDays } from './period-projection.ts';

const weekly = [1.1, 1.1, 1, 1, 1, 0.8, 0.9];

/** 2025-01-01 … 2025-04-10: team ml ≈ $200/day with a weekly cycle and noise, team web a flat $50.00. */
function rows(): CostRow[] {
  const out: CostRow[] = [];
  for (let i = 0; i < 100; i++) {
    const day = addDays('2025-01-01', i);
    out.push({
      day,
      cost: (200 * weekly[i % 7]! + ((i * 37) % 11) - 5).toFixed(2),
      tags: { team: 'ml' },
    });
    out.push({ day, cost: '50.00', tags: { team: 'web' }, service: 'Amazon S3' });
  }
  return out;
}

test('a team slice is forecast from its own history through the semantic layer', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    const f = await forecastQuery(
      wh,
      { metric: 'effective_cost', where: ['tag:team=web'] },
      { horizonDays: 30 },
    );
    assert.equal(f.asOf, '2025-04-10');
    assert.equal(f.forecast.length, 30);
    assert.equal(f.forecast[0]!.date, '2025-04-11');
    f.forecast.forEach((p) => assert.ok(Math.abs(p.mean - 50) < 0.5, `${p.date} ${p.mean}`));
    assert.ok(f.sql.includes('$1'), 'the history query is parameterized');
    assert.ok(f.params.includes('web'));
  } finally {
    await wh.close();
  }
});

test('end-of-month projection adds the exact actual to date to the forecast remainder', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    const f = await forecastQuery(wh, { metric: 'effective_cost', where: ['tag:team=web'] });
    const month = f.projections.find((p) => p.period === 'month')!;
    assert.equal(month.start, '2025-04-01');
    assert.equal(month.end, '2025-05-01');
    assert.equal(Number(month.actualToDate), 500); // 10 days × $50.00, exactly
    // 20 remaining days at ≈ $50
    assert.ok(Math.abs(Number(month.forecastRemainder) - 1000) < 10, month.forecastRemainder);
    assert.equal(month.projected, addDec(month.actualToDate, month.forecastRemainder));
    assert.ok(Number(month.lo95) <= Number(month.projected));
    assert.ok(Number(month.hi95) >= Number(month.projected));
    const year = f.projections.find((p) => p.period === 'year')!;
    assert.equal(Number(year.actualToDate), 5000);
    assert.ok(Math.abs(Number(year.projected) - 365 * 50) < 365 * 2, year.projected);
  } finally {
    await wh.close();
  }
});

test('monthly projections cover the current month and every full month in the horizon', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    const f = await forecastQuery(
      wh,
      { metric: 'effective_cost', where: ['tag:team=web'] },
      { horizonDays: 90 },
    );
    // Actuals through 2025-04-10; 90 days reach 2025-07-09: April, May and June are complete.
    assert.deepEqual(
      f.months.map((m) => m.start),
      ['2025-04-01', '2025-05-01', '2025-06-01'],
    );
    const [april, may] = f.months;
    assert.deepEqual(
      april,
      f.projections.find((p) => p.period === 'month'),
    );
    assert.equal(may!.actualToDate, '0');
    // May is forecast only: 31 days at ≈ $50, and exactly the sum of its daily means (to the cent).
    const mayDays = f.forecast.filter((p) => p.date.startsWith('2025-05'));
    assert.equal(mayDays.length, 31);
    const sum = mayDays.reduce((s, p) => s + p.mean, 0);
    assert.ok(Math.abs(Number(may!.projected) - sum) < 0.01, `${may!.projected} vs ${sum}`);
    assert.ok(Math.abs(Number(may!.projected) - 31 * 50) < 31, may!.projected);
    assert.ok(
      Number(may!.lo80) <= Number(may!.projected) && Number(may!.projected) <= Number(may!.hi80),
    );
  } finally {
    await wh.close();
  }
});

test('the last days still arriving are re-forecast, not counted as actual', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    const data = rows().filter((r) => r.tags?.team === 'ml');
    const last = data.at(-1)!;
    last.cost = (Number(last.cost) * 0.2).toFixed(2);
    await insertCostRows(wh, data);
    const f = await forecastQuery(
      wh,
      { metric: 'effective_cost' },
      { horizonDays: 7, accuracy: true },
    );
    assert.equal(f.asOf, '2025-04-09');
    assert.equal(f.forecast[0]!.date, '2025-04-10');
    assert.ok(f.adjustments.some((a) => a.includes('incomplete')));
    assert.ok(f.accuracy && f.accuracy.forecasts > 0 && Number.isFinite(f.accuracy.owa));
  } finally {
    await wh.close();
  }
});

test('an empty slice answers with no forecast instead of failing', async () => {
  const wh = await DuckDbWarehouse.open();
  try {
    await insertCostRows(wh, rows());
    const f = await forecastQuery(wh, { metric: 'effective_cost', where: ['tag:team=nobody'] });
    assert.equal(f.asOf, null);
    assert.deepEqual(f.forecast, []);
  } finally {
    await wh.close();
  }
});
