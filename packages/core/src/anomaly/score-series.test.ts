import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scoreOf, scoreSeries } from './score-series.ts';
import { syntheticSeries } from './synthetic-series.ts';

const flagged = (isAnomaly: Uint8Array) => [...isAnomaly].flatMap((v, i) => (v === 1 ? [i] : []));

describe('the seasonal detector', () => {
  it('stays quiet on clean seasonal series with trend and noise', () => {
    let falseAlarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = syntheticSeries({ seed, days: 200 });
      falseAlarms += flagged(scoreSeries(s.values, s.timesMs).isAnomaly).length;
    }
    assert.ok(
      falseAlarms <= 2,
      `expected almost no alarms on 4,000 clean days, got ${falseAlarms}`,
    );
  });

  it('finds a planted spike and a planted drop on their days', () => {
    const s = syntheticSeries({
      seed: 7,
      days: 120,
      events: [
        { kind: 'spike', day: 60, factor: 1.8 },
        { kind: 'drop', day: 90, factor: 0.4 },
      ],
    });
    const r = scoreSeries(s.values, s.timesMs);
    assert.deepEqual(flagged(r.isAnomaly), [60, 90]);
    assert.ok(r.z[60]! > 0 && r.z[90]! < 0, 'spikes score positive, drops negative');
  });

  it('a series that begins at zero accepts its new level after a few days, not weeks', () => {
    // A service first used on day 80 of a series that was empty before: ~$13 a day, weekends $9.
    const s = syntheticSeries({ seed: 11, days: 140 });
    const values = new Float64Array(140);
    for (let i = 80; i < 140; i++) values[i] = (s.values[i]! / s.values[79]!) * 13;
    const r = scoreSeries(values, s.timesMs);
    const found = flagged(r.isAnomaly);
    assert.ok(found.includes(80), `the launch day is flagged: ${found.join(',')}`);
    assert.ok(
      found.every((i) => i < 80 + 7),
      `after a week the new level is normal, flagged: ${found.join(',')}`,
    );
  });

  it('flags the start of a level shift, then accepts the new level', () => {
    const s = syntheticSeries({
      seed: 3,
      days: 150,
      events: [{ kind: 'level_shift', day: 70, factor: 1.7 }],
    });
    const days = flagged(scoreSeries(s.values, s.timesMs).isAnomaly);
    assert.equal(days[0], 70);
    assert.ok(
      days.every((d) => d >= 70 && d < 70 + 6),
      `flags after re-levelling: ${days}`,
    );
  });

  it('learns the weekly cycle: a weekend at weekday level is anomalous, a normal weekend is not', () => {
    const s = syntheticSeries({ seed: 11, days: 100, weekend: 0.4, noise: 0.02 });
    const saturday = 96; // 2025-01-06 is a Monday, so day 96 is a Saturday
    assert.equal(new Date(s.timesMs[saturday]!).getUTCDay(), 6);
    assert.equal(scoreSeries(s.values, s.timesMs).isAnomaly[saturday], 0);
    const altered = s.values.slice();
    altered[saturday] = s.values[saturday - 1]!; // Friday's level on a Saturday
    assert.equal(scoreSeries(altered, s.timesMs).isAnomaly[saturday], 1);
  });

  it('learns a monthly fee on the first day of each month after seeing it', () => {
    const s = syntheticSeries({ seed: 5, days: 200, monthStartFee: 800, noise: 0.02 });
    const days = flagged(scoreSeries(s.values, s.timesMs).isAnomaly);
    const monthStarts = [...s.timesMs].flatMap((t, i) =>
      new Date(t).getUTCDate() === 1 ? [i] : [],
    );
    // The first month start after warm-up may surprise it; later ones must not.
    assert.ok(
      days.every((d) => d === monthStarts[0] || d === monthStarts[1]),
      `${days}`,
    );
  });

  it('keeps small series quiet with a dollar floor but flags the same shape above it', () => {
    const s = syntheticSeries({
      seed: 9,
      days: 100,
      level: 20,
      events: [{ kind: 'spike', day: 80, factor: 3 }],
    });
    assert.equal(scoreSeries(s.values, s.timesMs).isAnomaly[80], 1);
    assert.equal(scoreSeries(s.values, s.timesMs, { minAbsolute: 50 }).isAnomaly[80], 0);
  });

  it('is causal: appending future points never changes earlier scores', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 16, max: 150 }),
        (seed, cut) => {
          const s = syntheticSeries({
            seed,
            days: 160,
            events: [{ kind: 'spike', day: 40, factor: 2 }],
          });
          const full = scoreSeries(s.values, s.timesMs);
          const prefix = scoreSeries(s.values.subarray(0, cut), s.timesMs.subarray(0, cut));
          for (let i = 0; i < cut; i++) {
            assert.equal(prefix.score[i], full.score[i]);
            assert.equal(prefix.isAnomaly[i], full.isAnomaly[i]);
            assert.ok(Object.is(prefix.expected[i], full.expected[i]));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('maps |z| to a score in [0, 1] that is 0.5 at the threshold and increasing', () => {
    assert.equal(scoreOf(0, 4), 0);
    assert.equal(scoreOf(4, 4), 0.5);
    assert.ok(scoreOf(8, 4) > 0.9 && scoreOf(8, 4) < 1);
    assert.ok(scoreOf(5, 4) > scoreOf(4.5, 4));
  });
});
