import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deseasonalize, isSeasonal, multiplicativeIndices } from './seasonality.ts';
import { seededRandom } from './seeded-random.ts';

const rng = seededRandom(7);
const periodic = Array.from(
  { length: 84 },
  (_, t) => 100 * [1.2, 1, 1, 1, 1, 0.9, 0.9][t % 7]! + rng.normal(),
);
const noise = Array.from({ length: 84 }, () => 100 + rng.normal());

test('the 90 % autocorrelation test finds a weekly cycle and not one in white noise', () => {
  assert.equal(isSeasonal(periodic, 7), true);
  assert.equal(isSeasonal(noise, 7), false);
});

test('the seasonality test refuses series shorter than three cycles', () => {
  assert.equal(isSeasonal(periodic.slice(0, 20), 7), false);
});

test('multiplicative indices recover the pattern and average one', () => {
  const idx = multiplicativeIndices(periodic, 7)!;
  const avg = idx.reduce((a, b) => a + b, 0) / 7;
  assert.ok(Math.abs(avg - 1) < 1e-12);
  const truth = [1.2, 1, 1, 1, 1, 0.9, 0.9].map((v) => v / (7.0 / 7));
  const scale = truth.reduce((a, b) => a + b, 0) / 7;
  idx.forEach((v, i) => assert.ok(Math.abs(v - truth[i]! / scale) < 0.02, `index ${i}: ${v}`));
});

test('deseasonalizing leaves non-seasonal or non-positive series unchanged', () => {
  assert.deepEqual(deseasonalize(noise, 7).adjusted, noise);
  const withZero = periodic.map((v, i) => (i === 3 ? 0 : v));
  assert.equal(deseasonalize(withZero, 7, { force: true }).indices, undefined);
});
