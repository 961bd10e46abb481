import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mstlDecompose, mstlForecast } from './mstl.ts';
import { seasonalNaiveForecast } from './naive.ts';
import { seededRandom } from './seeded-random.ts';

const rng = seededRandom(77);
const hourly = (t: number) =>
  500 + 80 * Math.sin((2 * Math.PI * t) / 24) + (Math.floor(t / 24) % 7 >= 5 ? -120 : 0);
const xs = Array.from({ length: 24 * 7 * 5 }, (_, t) => hourly(t) + 5 * rng.normal());

test('MSTL separates a daily and a weekly cycle in hourly data', () => {
  const { components } = mstlDecompose(xs, [24, 168]);
  const daily = components.get(24)!;
  assert.ok(daily[6]! > 60 && daily[18]! < -60, `daily peak ${daily[6]} trough ${daily[18]}`);
  const weekly = components.get(168)!;
  // weekend hours (days 5 and 6 of the week) sit well below weekdays
  assert.ok(weekly[24 * 5 + 12]! < weekly[24 * 2 + 12]! - 80);
});

test('MSTL forecasts two cycles better than a single daily seasonal naive', () => {
  const h = 48 + 72;
  const train = xs.slice(0, xs.length - h);
  const actual = xs.slice(xs.length - h);
  const mae = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - actual[i]!), 0) / h;
  const mstl = mstlForecast(train, [24, 168], h);
  const snaive = seasonalNaiveForecast(train, 24, h);
  assert.match(mstl.model, /^MSTL\(24,168\)/);
  assert.ok(mae(mstl.mean) < 0.5 * mae(snaive.mean), `${mae(mstl.mean)} vs ${mae(snaive.mean)}`);
});

test('a weekly component holds no daily-shaped part when the daily shape drifts (nested periods)', () => {
  // The daily swing grows from 40 to 160 over five weeks and there is no weekly cycle. Before
  // the weekly component was cleared of its daily-periodic part, it took up old-minus-new daily
  // shape and the daily component cancelled it (M4 H11: sMAPE 37 against seasonal naive's 2).
  const r = seededRandom(3);
  const n = 24 * 7 * 5;
  const ys = Array.from(
    { length: n },
    (_, t) => 1000 + (40 + (120 * t) / n) * Math.sin((2 * Math.PI * t) / 24) + 3 * r.normal(),
  );
  const { components } = mstlDecompose(ys, [24, 168]);
  const weekly = components.get(168)!;
  for (let hour = 0; hour < 24; hour++) {
    let s = 0;
    for (let day = 0; day < 7; day++) s += weekly[day * 24 + hour]!;
    assert.ok(Math.abs(s / 7) < 1e-9, `hour ${hour}: weekly mean ${s / 7}`);
  }
  const h = 48;
  const actual = Array.from(
    { length: h },
    (_, i) => 1000 + 160 * Math.sin((2 * Math.PI * (n + i)) / 24),
  );
  const f = mstlForecast(ys, [24, 168], h);
  const mae = f.mean.reduce((s, v, i) => s + Math.abs(v - actual[i]!), 0) / h;
  // The components average past cycles (half-life 5 cycles), so they lag the growth (MAE 31
  // here); with the weekly component holding a daily shape the forecast's MAE was 196.
  assert.ok(mae < 60, `MAE ${mae}`);
});
