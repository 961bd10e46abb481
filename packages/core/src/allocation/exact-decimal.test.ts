import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDecimals, fromUnits, splitExact, toUnits } from './exact-decimal.ts';

describe('exact decimals', () => {
  it('round-trips decimal strings through integer units', () => {
    assert.equal(fromUnits(toUnits('-12.5')), '-12.500000000000000');
    assert.equal(fromUnits(toUnits('0.000000000000001')), '0.000000000000001');
    assert.equal(addDecimals('0.1', '0.2'), '0.300000000000000');
    assert.throws(() => toUnits('1e5'), /not a decimal/);
  });

  it('splits 100 units three ways into 34, 33, 33', () => {
    assert.deepEqual(splitExact(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
    assert.deepEqual(splitExact(-100n, [1n, 1n, 1n]), [-34n, -33n, -33n]);
    assert.deepEqual(splitExact(10n, [3n, 0n, 1n]), [8n, 0n, 2n]);
  });

  it('always returns parts that sum to the amount, for any amount and weights', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 12 }),
        (amount, weights) => {
          fc.pre(weights.some((w) => w > 0n));
          const parts = splitExact(amount, weights);
          assert.equal(
            parts.reduce((a, p) => a + p, 0n),
            amount,
          );
          weights.forEach((w, i) => {
            if (w === 0n) assert.equal(parts[i], 0n);
          });
        },
      ),
    );
  });

  it('refuses to split when no weight is positive', () => {
    assert.throws(() => splitExact(5n, [0n, -1n]), /positive weight/);
  });
});
