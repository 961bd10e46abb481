import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decAdd, decCmp, decMul, decSub } from './decimal-text.ts';

describe('decimal text arithmetic', () => {
  it('multiplies prices by hours exactly where floating point drifts', () => {
    assert.equal(0.1 * 3, 0.30000000000000004);
    assert.equal(decMul('0.1', 3, 2), '0.30');
    assert.equal(decMul('0.096', 730, 4), '70.0800');
  });

  it('rounds half up and keeps the sign', () => {
    assert.equal(decMul('0.125', 1, 2), '0.13');
    assert.equal(decSub('1.004', '2', 2), '-1.00');
    assert.equal(decAdd(['-0.001', '0.001'], 2), '0.00');
  });

  it('compares decimal strings numerically, not lexically', () => {
    assert.equal(decCmp('10.5', '9.75'), 1);
    assert.equal(decCmp('-3', '2'), -1);
    assert.equal(decCmp('2.50', '2.5'), 0);
  });
});
