import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combForecast, multiSeasonalComb, twoCriteriaComb } from './combination.ts';
import { fitEts, forecastEts } from './ets.ts';
import { mstlForecast } from './mstl.ts';
import { seasonalNaiveForecast } from './naive.ts';
import { seededRandom } from './seeded-random.ts';

test('Comb is the mean of SES, Holt and damped trend on a non-seasonal series', () => {
  const rng = seededRandom(21);
  const xs = Array.from({ length: 50 }, (_, t) => 80 + 0.5 * t + 2 * rng.normal());
  const members = (['N', 'A', 'Ad'] as const).map((trend) =>
    forecastEts(fitEts(xs, { trend, seasonal: false, m: 1 })!, 6),
  );
  const comb = combForecast(xs, 1, 6);
  comb.mean.forEach((v, i) => {
    const expected = members.reduce((s, f) => s + f.mean[i]!, 0) / 3;
    assert.ok(Math.abs(v - expected) < 1e-9);
  });
  assert.equal(comb.model, 'Comb(SES,Holt,Damped)');
});

test('a combination with Theta lies between its members', () => {
  const xs = Array.from({ length: 50 }, (_, t) => 10 + t);
  const f = combForecast(xs, 1, 5, ['ses', 'theta']);
  const ses = forecastEts(fitEts(xs, { trend: 'N', seasonal: false, m: 1 })!, 5);
  assert.ok(f.mean[4]! > ses.mean[4]!);
});

/** Five weeks of hourly data: daily cycle, a day level that wanders, optional weekend drop. */
function hourly(seed: number, weekendDrop: number) {
  const rng = seededRandom(seed);
  let level = 500;
  return Array.from({ length: 24 * 7 * 5 }, (_, t) => {
    if (t % 24 === 0) level += 20 * rng.normal();
    const weekend = Math.floor(t / 24) % 7 >= 5 ? -weekendDrop : 0;
    return level + 80 * Math.sin((2 * Math.PI * t) / 24) + weekend + 5 * rng.normal();
  });
}

function meanAbsError(make: (seed: number) => number[], f: (train: number[]) => number[]) {
  let total = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const xs = make(seed);
    const actual = xs.slice(-48);
    const forecast = f(xs.slice(0, -48));
    total += forecast.reduce((s, v, i) => s + Math.abs(v - actual[i]!), 0) / 48;
  }
  return total / 10;
}

test('hourly with daily and weekly cycles: the blend keeps the week and beats seasonal naive', () => {
  const make = (seed: number) => hourly(seed, 120);
  const blend = meanAbsError(make, (xs) => multiSeasonalComb(xs, [24, 168], 48).mean);
  const snaive = meanAbsError(make, (xs) => seasonalNaiveForecast(xs, 24, 48).mean);
  assert.ok(blend < 0.3 * snaive, `blend ${blend} vs seasonal naive ${snaive}`);
  assert.match(multiSeasonalComb(make(1), [24, 168], 48).model, /MSTL\(24,168\)/);
});

test('hourly without a weekly cycle: the weekly period is left out and the blend beats MSTL', () => {
  const make = (seed: number) => hourly(seed, 0);
  const blend = meanAbsError(make, (xs) => multiSeasonalComb(xs, [24, 168], 48).mean);
  const mstl = meanAbsError(make, (xs) => mstlForecast(xs, [24, 168], 48).mean);
  const snaive = meanAbsError(make, (xs) => seasonalNaiveForecast(xs, 24, 48).mean);
  assert.ok(blend < mstl, `blend ${blend} vs MSTL ${mstl}`);
  assert.ok(blend < 1.1 * snaive, `blend ${blend} vs seasonal naive ${snaive}`);
  assert.doesNotMatch(multiSeasonalComb(make(1), [24, 168], 48).model, /168/);
});

test('the default blend pools the one-step and the horizon-fitted combinations', () => {
  const rng = seededRandom(31);
  const xs = Array.from({ length: 120 }, (_, t) => 50 + 0.2 * t + 5 * rng.normal());
  const members = ['ses', 'damped', 'theta'] as const;
  const a = combForecast(xs, 1, 13, members);
  const b = combForecast(xs, 1, 13, members, { steps: 13 });
  const f = twoCriteriaComb(xs, 1, 13);
  // The horizon fits start from the one-step optimum, so they may land a hair away from a cold
  // start's; the pooled path is still the mean of the two combinations.
  f.mean.forEach((v, i) => assert.ok(Math.abs(v - (a.mean[i]! + b.mean[i]!) / 2) < 0.01 * v));
  f.sigma.forEach((v, i) => assert.ok(Math.abs(v - (a.sigma[i]! + b.sigma[i]!) / 2) < 0.05 * v));
  assert.equal(f.model, 'Comb(SES,Damped,Theta; 1 and 13-step fits)');
  // One step ahead there is nothing to pool.
  assert.equal(twoCriteriaComb(xs, 1, 1).model, 'Comb(SES,Damped,Theta)');
});
