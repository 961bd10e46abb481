import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAlertingConfig } from '../channels/alerting-config.ts';
import { isCostLensError } from '../errors.ts';
import { scoreSeries } from './score-series.ts';
import { DEFAULT_HOLIDAYS, holidayTest, seasonBuckets } from './season-buckets.ts';
import { syntheticSeries } from './synthetic-series.ts';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A year of daily spend from 2025-03-03 whose year-end holidays dip by `dip` (0.7 = −30 %). */
function yearWithHolidays(dip: number, extra?: { day: string; factor: number }) {
  const s = syntheticSeries({ seed: 7, days: 365, start: '2025-03-03', noise: 0.02 });
  const isHoliday = holidayTest(DEFAULT_HOLIDAYS);
  for (let i = 0; i < s.values.length; i++) {
    const d = iso(s.timesMs[i]!);
    if (isHoliday(d)) s.values[i]! *= dip;
    if (extra && d === extra.day) s.values[i]! *= extra.factor;
  }
  return s;
}

const flaggedDays = (s: { timesMs: Float64Array }, flags: Uint8Array) =>
  [...flags].flatMap((f, i) => (f ? [iso(s.timesMs[i]!)] : []));

describe('holiday calendar', () => {
  it('reads month-day, dated and wrapping ranges, and names a bad entry', () => {
    const t = holidayTest(['12-24..01-01', '07-04', '2026-11-26..2026-11-27']);
    assert.equal(t('2025-12-24'), true);
    assert.equal(t('2026-01-01'), true);
    assert.equal(t('2026-01-02'), false);
    assert.equal(t('2025-07-04'), true);
    assert.equal(t('2026-11-27'), true);
    assert.equal(t('2025-11-27'), false, 'a dated holiday is that year only');
    assert.throws(
      () => holidayTest(['Dec 25']),
      (e: unknown) => isCostLensError(e) && /Dec 25/.test(e.message) && /MM-DD/.test(e.message),
    );
    assert.throws(
      () => holidayTest(['12-24..2026-01-01']),
      (e: unknown) => isCostLensError(e),
    );
  });

  it('is a setting of the alerting config, checked when it is read', () => {
    assert.deepEqual(parseAlertingConfig({ channels: [] }).holidays, DEFAULT_HOLIDAYS);
    assert.deepEqual(parseAlertingConfig({ channels: [], holidays: [] }).holidays, []);
    assert.throws(
      () => parseAlertingConfig({ channels: [], holidays: ['12-25', '31/12'] }),
      (e: unknown) => isCostLensError(e) && /31\/12/.test(e.message),
    );
  });

  it('marks holiday days only when a calendar is given', () => {
    const times = Float64Array.from({ length: 10 }, (_, i) => Date.parse('2025-12-20') + i * DAY);
    assert.equal(
      seasonBuckets(times).holiday.reduce((a, b) => a + b, 0),
      0,
    );
    const marked = seasonBuckets(times, { holidays: DEFAULT_HOLIDAYS }).holiday;
    assert.deepEqual([...marked], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('a year-end dip of 30 % pages without the calendar, not with it, and the return to work is quiet', () => {
    const s = yearWithHolidays(0.7);
    const plain = scoreSeries(s.values, s.timesMs);
    const withCalendar = scoreSeries(
      s.values,
      s.timesMs,
      {},
      seasonBuckets(s.timesMs, { holidays: DEFAULT_HOLIDAYS }),
    );
    assert.ok(
      flaggedDays(s, plain.isAnomaly).some((d) => d >= '2025-12-24' && d <= '2026-01-01'),
      'without a calendar the dip is flagged',
    );
    assert.deepEqual(flaggedDays(s, withCalendar.isAnomaly), []);
  });

  it('still flags a spike on a holiday that the wider band cannot explain', () => {
    const s = yearWithHolidays(0.8, { day: '2025-12-27', factor: 3 });
    const scores = scoreSeries(
      s.values,
      s.timesMs,
      {},
      seasonBuckets(s.timesMs, { holidays: DEFAULT_HOLIDAYS }),
    );
    assert.deepEqual(flaggedDays(s, scores.isAnomaly), ['2025-12-27']);
  });
});
