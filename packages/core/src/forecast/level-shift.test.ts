import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLastLevelShift } from './level-shift.ts';
import { seededRandom } from './seeded-random.ts';

const rng = seededRandom(5);
const weekly = [1.1, 1.1, 1, 1, 1, 0.85, 0.95];

test('a drop after a commitment purchase is found where it happened', () => {
  const xs = Array.from(
    { length: 100 },
    (_, t) => (t < 70 ? 1000 : 650) * weekly[t % 7]! + 10 * rng.normal(),
  );
  const s = findLastLevelShift(xs, { window: 7 })!;
  assert.ok(Math.abs(s.index - 70) <= 1, `index ${s.index}`);
  assert.ok(s.delta < -300 && s.delta > -400, `delta ${s.delta}`);
});

test('a steady trend is not a level shift', () => {
  const xs = Array.from({ length: 120 }, (_, t) => 100 + 3 * t + 5 * rng.normal());
  assert.equal(findLastLevelShift(xs, { window: 7 }), undefined);
});

test('a two-day spike is not a level shift', () => {
  const xs = Array.from(
    { length: 100 },
    (_, t) => (t === 60 || t === 61 ? 900 : 100) + 3 * rng.normal(),
  );
  assert.equal(findLastLevelShift(xs, { window: 7 }), undefined);
});

test('with two shifts the later one is returned', () => {
  const xs = Array.from(
    { length: 150 },
    (_, t) => (t < 50 ? 100 : t < 110 ? 160 : 120) + 2 * rng.normal(),
  );
  const s = findLastLevelShift(xs, { window: 7 })!;
  assert.ok(Math.abs(s.index - 110) <= 1, `index ${s.index}`);
});
