import assert from 'node:assert/strict';
import { test } from 'node:test';
import { thetaForecast } from './theta.ts';

test('Theta extrapolates a straight line at half its slope', () => {
  const xs = Array.from({ length: 40 }, (_, t) => 5 + 3 * t);
  const f = thetaForecast(xs, 1, 10);
  const slope = (f.mean[9]! - f.mean[0]!) / 9;
  assert.ok(Math.abs(slope - 1.5) < 1e-6, `slope ${slope}`);
  assert.ok(f.mean[0]! > xs.at(-1)!, 'first step continues upwards from the last value');
});

test('Theta puts a multiplicative season back onto the forecast', () => {
  const pattern = [1.3, 1, 0.7, 1];
  const xs = Array.from({ length: 48 }, (_, t) => 100 * pattern[t % 4]!);
  const f = thetaForecast(xs, 4, 4);
  f.mean.forEach((v, i) => assert.ok(Math.abs(v - 100 * pattern[i]!) < 0.5, `${i}: ${v}`));
});
