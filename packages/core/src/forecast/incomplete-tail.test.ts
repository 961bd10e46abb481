import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countIncompleteTail } from './incomplete-tail.ts';

const week = [100, 105, 98, 102, 99, 70, 72];
const base = Array.from({ length: 35 }, (_, t) => week[t % 7]!);

test('partial last days are counted from the end', () => {
  assert.equal(countIncompleteTail([...base, 40]), 1);
  assert.equal(countIncompleteTail([...base, 60, 20]), 2);
  assert.equal(countIncompleteTail([...base, 30, 25, 5]), 3);
});

test('a normal weekend dip is not mistaken for missing data', () => {
  assert.equal(countIncompleteTail(base), 0);
  assert.equal(countIncompleteTail([...base, 100, 70]), 0);
});

test('only trailing points are dropped, never a low day in the middle', () => {
  assert.equal(countIncompleteTail([...base, 20, 100]), 0);
});
