import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coverage, mase, owa, smape } from './accuracy.ts';

test('sMAPE matches a hand computation and treats 0 against 0 as no error', () => {
  // |100-110|/210 + |50-40|/90 = 0.047619 + 0.111111; ×200/2
  assert.ok(Math.abs(smape([100, 50], [110, 40]) - 100 * (10 / 210 + 10 / 90)) < 1e-12);
  assert.equal(smape([0, 0], [0, 0]), 0);
  assert.equal(smape([0], [5]), 200);
});

test('MASE scales by the in-sample seasonal naive error', () => {
  // in-sample lag-2 differences: |3-1|, |4-2|, |5-3| = 2 each → scale 2
  assert.equal(mase([1, 2, 3, 4, 5], [7, 8], [6, 10], 2), (1 + 2) / 2 / 2);
  assert.equal(mase([5, 5, 5], [5], [6], 1), undefined);
});

test('coverage counts actuals inside the band, edges included', () => {
  assert.equal(coverage([1, 2, 3, 4], [0, 2, 4, 0], [1, 3, 5, 3]), 0.5);
});

test('OWA is 1 for Naive2 itself and halves when both errors halve', () => {
  const n2 = { smape: 12, mase: 1.4 };
  assert.equal(owa(n2, n2), 1);
  assert.equal(owa({ smape: 6, mase: 0.7 }, n2), 0.5);
});
