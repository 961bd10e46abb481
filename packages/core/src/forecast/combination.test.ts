import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combForecast } from './combination.ts';
import { fitEts, forecastEts } from './ets.ts';
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
