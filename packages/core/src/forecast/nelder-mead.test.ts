import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nelderMead } from './nelder-mead.ts';

test('Nelder–Mead finds the minimum of a shifted quadratic bowl', () => {
  const r = nelderMead(([x = 0, y = 0]) => (x - 3) ** 2 + 2 * (y + 1) ** 2, [0, 0], {
    maxEvals: 400,
    tolerance: 1e-14,
  });
  assert.ok(Math.abs((r.x[0] as number) - 3) < 1e-3, `x=${r.x[0]}`);
  assert.ok(Math.abs((r.x[1] as number) + 1) < 1e-3, `y=${r.x[1]}`);
});

test('Nelder–Mead stops at its evaluation budget', () => {
  const r = nelderMead(([x = 0]) => Math.abs(x - 1e6), [0], { maxEvals: 25 });
  assert.ok(r.evals <= 27);
});
