import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertFacts } from '../channels/alert-text.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { MIGRATIONS, migrate } from '../store/migrations.ts';
import { addDec } from './decimal.ts';
import { getAnomaly, listAnomalies } from './anomaly-store.ts';
import { insertCostRows } from './cost-rows-fixture.ts';
import type { CostRow } from './cost-rows-fixture.ts';
import { detectAnomalies } from './detect-anomalies.ts';
import { explainAnomaly } from './explain-anomaly.ts';
import { addMonitor, listMonitors } from './monitors.ts';
import {
  DAYS,
  SPIKE_FROM,
  dayOf,
  hourRow,
  hourlyCompany,
  iso,
  spike,
  stamp,
} from './hourly-rows-fixture.ts';

const now = new Date('2025-06-01T00:00:00Z');

async function storeWith(rows: CostRow[]) {
  const wh = await DuckDbWarehouse.open();
  await insertCostRows(wh, rows);
  await addMonitor(wh, { granularity: 'hour' }, { now });
  await addMonitor(wh, {}, { now });
  return wh;
}

describe('hourly anomaly monitors', () => {
  it('finds exactly the planted three-hour spike, with its hours, exact actuals and dollar impact', async () => {
    const rows = hourlyCompany(spike);
    const wh = await storeWith(rows);
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(report.notes, []);
    assert.equal(report.lastSettledHour, iso(DAYS * 24 - 49));
    const hourly = report.created.filter((a) => a.monitorId === 'mon_total_hourly');
    assert.deepEqual(
      hourly.map((a) => [a.startAt, a.endAt, a.startDay, a.endDay, a.direction]),
      [[iso(SPIKE_FROM), iso(SPIKE_FROM + 2), dayOf(SPIKE_FROM), dayOf(SPIKE_FROM), 'spike']],
    );
    const a = hourly[0]!;
    // Actual = the exact sum of every row in those three hours.
    const inSpike = rows.filter(
      (r) => r.start! >= stamp(SPIKE_FROM) && r.start! <= stamp(SPIKE_FROM + 2),
    );
    const actual = inSpike.reduce((s, r) => addDec(s, r.cost), '0');
    assert.equal(Number(a.actual), Number(actual));
    const impact = Number(a.impactUsd);
    assert.ok(impact > 80 && impact < 100, `impact ${a.impactUsd} should be near the planted $90`);
    assert.equal(a.severity, 'low');
    assert.match(a.title, /Spike in All spend \(hourly\) 2025-05-06 14:00–17:00 UTC/);
    assert.ok(
      a.explanation.includes('spiked between 14:00 and 17:00 UTC on 2025-05-06'),
      a.explanation,
    );
    assert.ok(a.explanation.includes('over the whole day'), a.explanation);
    // Alerts (Slack, webhook, email) say the hours instead of the day.
    assert.deepEqual(
      alertFacts(a).find((f) => f.label === 'Hours'),
      { label: 'Hours', value: '2025-05-06 14:00–17:00 UTC' },
    );
    assert.deepEqual([a.drivers[0]?.dimension, a.drivers[0]?.value], ['resource_id', 'i-gpu']);
    assert.equal(a.band.at(-1)!.day, iso(SPIKE_FROM + 2));
    assert.ok(a.band.filter((p) => p.anomalous).length === 3);
    // The daily monitor over the same data flags the whole day, without hours: $90 is ~20 % of a
    // ~$470 day whose hourly noise averages out to well under 1 % a day.
    const daily = report.created.filter((x) => x.monitorId === 'mon_total');
    assert.deepEqual(
      daily.map((x) => [x.startDay, x.endDay, x.startAt]),
      [[dayOf(SPIKE_FROM), dayOf(SPIKE_FROM), undefined]],
    );
    // Nothing else on the hourly monitor in nine weeks of hours.
    assert.equal((await listAnomalies(wh, { monitorId: 'mon_total_hourly' })).length, 1);
    // Re-running changes nothing.
    const again = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(
      [again.created.length, again.updated.length, again.withdrawn.length],
      [0, 0, 0],
    );
    await wh.close();
  });

  it('floors an hourly run on a typical hour, so a burst too small for a day still counts', async () => {
    // $10 an hour for three hours: +$30, above the $25 floor and ~40 % of those hours, but only
    // ~6 % of a ~$470 day (under the 10 % a daily run needs).
    const burst = { [SPIKE_FROM]: '10', [SPIKE_FROM + 1]: '10', [SPIKE_FROM + 2]: '10' };
    const wh = await storeWith(hourlyCompany(burst));
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(
      report.created.map((a) => [a.monitorId, a.startAt, a.endAt]),
      [['mon_total_hourly', iso(SPIKE_FROM), iso(SPIKE_FROM + 2)]],
    );
    // A monitor floor above the burst keeps it quiet.
    await addMonitor(wh, { granularity: 'hour', minImpactUsd: '40' }, { now });
    const quiet = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(quiet.withdrawn, [report.created[0]!.id]);
    const why = (await getAnomaly(wh, report.created[0]!.id)).history.at(-1)!.reason ?? '';
    assert.match(
      why,
      /^still unusual, but its impact \(\+\$[\d.]+\) is now under the monitor's floor of \$40\.00$/,
    );
    await wh.close();
  });

  it('skips an hourly monitor whose scope has only daily rows, and notes what a mixed scope leaves out', async () => {
    // EC2 is hourly; S3 arrives as one row per day (a 24-hour charge period stamped at 00:00) at $72.
    const rows = hourlyCompany().filter((r) => r.service !== 'Amazon S3');
    for (let d = 0; d < DAYS; d++) {
      rows.push({
        day: dayOf(d * 24),
        start: stamp(d * 24),
        end: stamp(d * 24 + 24),
        cost: '72',
        service: 'Amazon S3',
        resource: 'bucket',
      });
    }
    const wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, rows);
    const s3 = await addMonitor(
      wh,
      { filters: [{ dimension: 'service', op: 'eq', value: 'Amazon S3' }], granularity: 'hour' },
      { now },
    );
    const total = await addMonitor(wh, { granularity: 'hour' }, { now });
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(
      report.skipped.map((s) => s.monitorId),
      [s3.id],
    );
    assert.match(report.skipped[0]!.reason, /no rows with hourly charge periods/);
    assert.deepEqual(
      report.notes.map((n) => n.monitorId),
      [total.id],
    );
    assert.match(report.notes[0]!.note, /70 daily or longer rows \(\$5,040\.00\) are left out/);
    // The daily S3 charge at 00:00 is never a midnight spike: nothing on either hourly monitor.
    assert.deepEqual(report.created, []);
    await wh.close();
  });

  it('skips every hourly monitor when the store has no hourly rows at all', async () => {
    const wh = await DuckDbWarehouse.open();
    const rows: CostRow[] = [];
    for (let d = 0; d < DAYS; d++) {
      rows.push({ day: dayOf(d * 24), start: stamp(d * 24), end: stamp(d * 24 + 24), cost: '100' });
    }
    await insertCostRows(wh, rows);
    const m = await addMonitor(wh, { granularity: 'hour' }, { now });
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(
      report.skipped.map((s) => s.monitorId),
      [m.id],
    );
    assert.deepEqual(report.notes, []);
    assert.match(report.skipped[0]!.reason, /no rows in the store have hourly charge periods/);
    assert.equal(report.lastSettledHour, null);
    await wh.close();
  });

  it('hours inside the settle window neither open nor extend, even when restated', async () => {
    // The last settled hour is 49 hours before the last hour; plant five hours around it.
    const last = DAYS * 24 - 1;
    const settled = last - 48;
    const run = Object.fromEntries(
      [settled - 2, settled - 1, settled, settled + 1, settled + 2].map((h) => [h, '30']),
    );
    const wh = await storeWith(hourlyCompany(run));
    const first = await detectAnomalies(wh, { now, createDefaults: false });
    const hourly = first.created.filter((a) => a.monitorId === 'mon_total_hourly');
    assert.deepEqual(
      hourly.map((a) => [a.startAt, a.endAt]),
      [[iso(settled - 2), iso(settled)]],
    );
    assert.ok(
      hourly[0]!.explanation.includes(`between 21:00 and 24:00 UTC on ${dayOf(settled)}`),
      hourly[0]!.explanation,
    );
    // The provider restates the unsettled hours higher, and a new spike appears in the window.
    await wh.exec(
      `DELETE FROM focus_cost WHERE "ResourceId" = 'i-gpu' AND "ChargePeriodStart" > $1::TIMESTAMP`,
      [stamp(settled)],
    );
    await insertCostRows(wh, [
      hourRow(settled + 1, '80', { resource: 'i-gpu' }),
      hourRow(settled + 2, '80', { resource: 'i-gpu' }),
      hourRow(last - 3, '200', { resource: 'i-gpu' }),
    ]);
    const second = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(
      [second.created.length, second.updated.length, second.withdrawn.length],
      [0, 0, 0],
    );
    const stored = await getAnomaly(wh, hourly[0]!.id);
    assert.deepEqual(
      [stored.startAt, stored.endAt, stored.status],
      [iso(settled - 2), iso(settled), 'open'],
    );
    await wh.close();
  });

  it('withdraws an open hourly anomaly that a restatement removes', async () => {
    const wh = await storeWith(hourlyCompany(spike));
    const [a] = (await detectAnomalies(wh, { now, createDefaults: false })).created.filter(
      (x) => x.monitorId === 'mon_total_hourly',
    );
    await wh.exec(`DELETE FROM focus_cost WHERE "ResourceId" = 'i-gpu'`);
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.ok(report.withdrawn.includes(a!.id));
    const after = await getAnomaly(wh, a!.id);
    assert.equal(after.status, 'resolved');
    assert.match(after.history.at(-1)!.reason ?? '', /no longer finds it$/);
    await wh.close();
  });

  it('notes an hourly monitor still learning when the hourly data is shorter than two weeks', async () => {
    const wh = await storeWith(hourlyCompany().filter((r) => r.start! < stamp(10 * 24)));
    const report = await detectAnomalies(wh, { now, createDefaults: false });
    assert.deepEqual(report.notes, [
      {
        monitorId: 'mon_total_hourly',
        note: 'still learning: 240 hours of hourly data; hourly scoring starts after two weeks of hours (336)',
      },
    ]);
    assert.deepEqual(report.created, []);
    await wh.close();
  });

  it('keeps hourly and daily monitors of one scope apart, and refuses an unknown granularity', async () => {
    const wh = await DuckDbWarehouse.open();
    const h = await addMonitor(wh, { granularity: 'hour' }, { now });
    const d = await addMonitor(wh, {}, { now });
    assert.deepEqual(
      [h.id, h.granularity, h.name, d.id, d.granularity],
      ['mon_total_hourly', 'hour', 'All spend (hourly)', 'mon_total', 'day'],
    );
    await assert.rejects(
      addMonitor(wh, { granularity: 'minute' as 'hour' }, { now }),
      /unknown monitor granularity "minute"/,
    );
    assert.equal((await listMonitors(wh)).length, 2);
    await wh.close();
  });

  it('migration 14 adds granularity to a v13 store, keeping its monitors daily', async () => {
    const wh = await DuckDbWarehouse.open({ migrate: false });
    await migrate(
      wh,
      MIGRATIONS.filter((m) => m.id <= 13),
    );
    await wh.exec(
      `INSERT INTO anomaly_monitor VALUES ('mon_old', 'Old', 'effective_cost', '[]', NULL, 1, 25, 0.1, 'user', true, now()::TIMESTAMP)`,
    );
    await wh.exec(
      `INSERT INTO anomaly VALUES ('anom_old', 'mon_old', '2025-01-02', '2025-01-02', 'spike', 'open', 'low', 10, 5, 5,
         0.9, '[]', '[]', NULL, 'x', '[]', NULL, now()::TIMESTAMP, now()::TIMESTAMP)`,
    );
    assert.deepEqual(await migrate(wh), [14]);
    const [m] = await listMonitors(wh);
    assert.deepEqual([m!.id, m!.granularity], ['mon_old', 'day']);
    const old = await getAnomaly(wh, 'anom_old');
    assert.deepEqual([old.startDay, old.startAt, old.endAt], ['2025-01-02', undefined, undefined]);
    // NOT NULL after the migration: a monitor without a granularity is refused.
    await assert.rejects(
      wh.exec(`UPDATE anomaly_monitor SET granularity = NULL WHERE id = 'mon_old'`),
      /NOT NULL/,
    );
    assert.deepEqual(await migrate(wh), []);
    await wh.close();
  });
});

describe('explainAnomaly with hours', () => {
  it('says the hours, ending at 24:00 for the last hour of a day', () => {
    const text = explainAnomaly({
      monitorName: 'All spend',
      metric: 'effective_cost',
      startDay: '2026-03-04',
      endDay: '2026-03-04',
      startAt: '2026-03-04T21:00:00Z',
      endAt: '2026-03-04T23:00:00Z',
      direction: 'drop',
      actualUsd: '10',
      expectedUsd: '40',
      impactUsd: '-30',
      drivers: [],
    });
    assert.match(
      text,
      /^All spend \(effective cost\) dropped between 21:00 and 24:00 UTC on 2026-03-04: /,
    );
    const across = explainAnomaly({
      monitorName: 'All spend',
      metric: 'effective_cost',
      startDay: '2026-03-04',
      endDay: '2026-03-05',
      startAt: '2026-03-04T22:00:00Z',
      endAt: '2026-03-05T01:00:00Z',
      direction: 'spike',
      actualUsd: '40',
      expectedUsd: '10',
      impactUsd: '30',
      drivers: [],
    });
    assert.match(across, /spiked from 2026-03-04 22:00 to 2026-03-05 02:00 UTC: /);
  });
});
