import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { assertGrounded, groundingIssues, numbersIn } from './grounding.ts';

const values = [
  { label: 'effective cost, 2026-05', value: '117849.0312345', unit: 'USD' },
  { label: 'change %', value: 12.3456, unit: '%' },
  { label: 'open anomalies', value: 49, unit: 'count' },
];

describe('grounding', () => {
  it('accepts numbers written rounded from the values', () => {
    const answer = 'Effective cost in 2026-05 was $117,849.03, up 12.3% with 49 anomalies.';
    assert.deepEqual(groundingIssues({ answer, values }), []);
    assertGrounded({ answer, values });
  });

  it('catches an invented number and names it', () => {
    const answer = 'Effective cost in 2026-05 was $117,849.03; you could save $5,000.00.';
    const issues = groundingIssues({ answer, values });
    assert.deepEqual(
      issues.map((i) => i.text),
      ['$5,000.00'],
    );
    assert.throws(
      () => assertGrounded({ answer, values }),
      (e: unknown) =>
        e instanceof CostLensError && e.code === 'INTERNAL' && e.message.includes('$5,000.00'),
    );
  });

  it('catches a wrongly rounded number', () => {
    assert.equal(groundingIssues({ answer: 'It was $117,849.04.', values }).length, 1);
  });

  it('does not count dates, quarters, month names or ids inside names as numbers', () => {
    assert.deepEqual(
      numbersIn(
        'Q3 2026, June 2026, 2026-06-01 to 2026-06-17, region us-east-1, fh-dev, m5.2xlarge, FY2026',
      ),
      [],
    );
  });

  it('skips numbers in a quoted label only when the label is in the result', () => {
    const table = { columns: ['account'], rows: [['fh-sandbox 360143']] };
    assert.deepEqual(
      groundingIssues({ answer: 'Account "fh-sandbox 360143" cost $117,849.03.', values, table }),
      [],
    );
    assert.equal(groundingIssues({ answer: 'The bill is "$999.00".', values }).length, 1);
  });
});
