import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeRatio, formatMoney, formatPct, roundDecimal } from './format.ts';

describe('money formatting', () => {
  it('rounds decimal strings half away from zero without a float', () => {
    assert.equal(roundDecimal('0.005000000000000'), '0.01');
    assert.equal(roundDecimal('-0.004999999999999'), '0.00');
    assert.equal(roundDecimal('-2.675'), '-2.68');
    assert.equal(roundDecimal('123456789012345678.995'), '123456789012345679.00');
    assert.equal(roundDecimal('7'), '7.00');
  });

  it('formats money with the currency symbol and grouping', () => {
    assert.equal(formatMoney('1234.5', 'USD'), '$1,234.50');
    assert.equal(formatMoney('-0.125', 'EUR'), '-€0.13');
    assert.equal(formatMoney('9007199254740993.01', 'USD'), '$9,007,199,254,740,993.01');
    assert.equal(formatMoney(null), '—');
    assert.equal(formatMoney('1500000', 'USD', { compact: true }), '$1.5M');
  });

  it('formats changes as signed percentages and refuses to divide by zero', () => {
    assert.equal(formatPct(changeRatio('110', '100')), '+10.0%');
    assert.equal(formatPct(changeRatio('90', '100')), '−10.0%');
    assert.equal(changeRatio('5', '0'), null);
    assert.equal(formatPct(null), '—');
  });
});
