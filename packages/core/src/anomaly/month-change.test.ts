import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreSeries } from './score-series.ts';
import { syntheticSeries } from './synthetic-series.ts';

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A monthly credit of −$600 on the 1st that runs out from `endsOn` on. */
function creditRunsOut(endsOn: string) {
  const s = syntheticSeries({ seed: 3, days: 400, noise: 0.02, monthStartFee: -600 });
  for (let i = 0; i < s.values.length; i++) {
    const d = iso(s.timesMs[i]!);
    if (d.endsWith('-01') && d >= endsOn) s.values[i]! += 600;
  }
  return s;
}

describe('month-start charges learnt per series', () => {
  it('a credit that runs out alerts on the first month only, not again when it repeats', () => {
    const s = creditRunsOut('2025-09-01');
    const scores = scoreSeries(s.values, s.timesMs);
    const flagged = [...scores.isAnomaly].flatMap((f, i) => (f ? [iso(s.timesMs[i]!)] : []));
    assert.deepEqual(flagged, ['2025-09-01']);
  });

  it('a one-off month-start spike is not learnt: the month after is ordinary', () => {
    const s = syntheticSeries({ seed: 3, days: 400, noise: 0.02, monthStartFee: -600 });
    const at = [...s.timesMs].findIndex((t) => iso(t) === '2025-09-01');
    s.values[at]! += 1200;
    const scores = scoreSeries(s.values, s.timesMs);
    const flagged = [...scores.isAnomaly].flatMap((f, i) => (f ? [iso(s.timesMs[i]!)] : []));
    assert.deepEqual(flagged, ['2025-09-01']);
  });
});
