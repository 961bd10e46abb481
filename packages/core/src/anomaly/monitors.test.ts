import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { insertCostRows } from './cost-rows-fixture.ts';
import type { CostRow } from './cost-rows-fixture.ts';
import { listAudit } from '../audit/audit-log.ts';
import {
  addMonitor,
  ensureDefaultMonitors,
  listMonitors,
  removeMonitor,
  setMonitorEnabled,
} from './monitors.ts';

const now = new Date('2025-06-01T00:00:00Z');

async function store() {
  const wh = await DuckDbWarehouse.open();
  const rows = ['2025-03-01', '2025-03-02'].flatMap((day): CostRow[] => [
    { day, cost: '100', tags: { team: 'ml' } },
    { day, cost: '50', service: 'Amazon S3', resource: 'b', tags: { Team: 'web' } },
    { day, cost: '30', provider: 'Microsoft', service: 'Virtual Machines', resource: 'vm' },
    { day, cost: '1', service: 'AWS KMS', resource: 'k' },
  ]);
  await insertCostRows(wh, rows);
  return wh;
}

describe('monitors', () => {
  it('watches the top account × service and team × service pairs by default, each team its own', async () => {
    const wh = await store();
    const all = await ensureDefaultMonitors(wh, { now });
    const pairs = all.filter((m) => m.filters.length === 2).map((m) => m.name);
    assert.deepEqual(pairs.sort(), [
      'AWS KMS in 111111111111',
      'Amazon EC2 in 111111111111',
      'Amazon EC2 of team ml',
      'Amazon S3 in 111111111111',
      'Amazon S3 of team web',
      'Virtual Machines in 111111111111',
    ]);
    const ec2Ml = all.find((m) => m.name === 'Amazon EC2 of team ml')!;
    assert.equal(ec2Ml.team, 'ml');
    assert.deepEqual(ec2Ml.filters, [
      { dimension: 'team', op: 'eq', value: 'ml' },
      { dimension: 'service', op: 'eq', value: 'Amazon EC2' },
    ]);
    const capped = await ensureDefaultMonitors(await store(), { now, topTeamServices: 1 });
    assert.equal(capped.filter((m) => m.name.includes(' of team ')).length, 1, 'the cap holds');
    await wh.close();
  });

  it('creates total, provider, top-service and team monitors from the data, once', async () => {
    const wh = await store();
    const only = { now, topServices: 2, topRegions: 0, topAccountServices: 0, topTeamServices: 0 };
    await ensureDefaultMonitors(wh, only);
    const again = await ensureDefaultMonitors(wh, only);
    const names = again.map((m) => m.name).sort();
    assert.deepEqual(names, [
      'Account 111111111111',
      'All spend',
      'Provider AWS',
      'Provider Microsoft',
      'Service Amazon EC2',
      'Service Amazon S3',
      'Team ml',
      'Team web',
    ]);
    assert.equal(again.find((m) => m.name === 'Team web')!.team, 'web');
    assert.ok(again.every((m) => m.origin === 'default' && m.sensitivity === 1));
    await wh.close();
  });

  it('lets a user take over a watched scope with their own floors, keeping its team', async () => {
    const wh = await store();
    await ensureDefaultMonitors(wh, { now });
    const m = await addMonitor(
      wh,
      { filters: [{ dimension: 'team', op: 'eq', value: 'ml' }], minImpactUsd: '10.5', name: 'ML' },
      { now },
    );
    assert.deepEqual([m.origin, m.minImpactUsd, m.name, m.team], ['user', '10.5', 'ML', 'ml']);
    assert.equal((await listMonitors(wh)).filter((x) => x.name === 'Team ml').length, 0);
    await wh.close();
  });

  it('rejects unknown dimensions and metrics and bad floors with a hint, and unknown ids on removal', async () => {
    const wh = await store();
    const bad = [
      addMonitor(wh, { filters: [{ dimension: 'colour', op: 'eq', value: 'red' }] }, { now }),
      addMonitor(wh, { metric: 'vibes' }, { now }),
      addMonitor(wh, { minImpactUsd: '-5' }, { now }),
    ];
    for (const p of bad) {
      await assert.rejects(p, (e) => isCostLensError(e) && e.code === 'INVALID_INPUT');
    }
    await assert.rejects(
      removeMonitor(wh, 'nope'),
      (e) => isCostLensError(e) && e.code === 'NOT_FOUND',
    );
    assert.equal((await listMonitors(wh)).length, 0, 'nothing half-written');
    await wh.close();
  });

  it('audits what a user adds, disables and removes; a default monitor is disabled, not removed', async () => {
    const wh = await store();
    await ensureDefaultMonitors(wh, { now, topServices: 2 });
    const mine = await addMonitor(
      wh,
      { name: 'S3 spend', filters: [{ dimension: 'service', op: 'eq', value: 'Amazon S3' }] },
      { now, actor: 'token:ab12' },
    );
    assert.equal(mine.origin, 'user');
    await assert.rejects(
      removeMonitor(wh, 'mon_total', { actor: 'token:ab12' }),
      (e) =>
        isCostLensError(e) && e.code === 'INVALID_INPUT' && /Disable it instead/.test(e.hint ?? ''),
    );
    const off = await setMonitorEnabled(wh, 'mon_total', false, { actor: 'token:ab12', now });
    assert.equal(off.enabled, false);
    // The next detection's defaults leave it off.
    await ensureDefaultMonitors(wh, { now, topServices: 2 });
    assert.equal((await listMonitors(wh)).find((m) => m.id === 'mon_total')!.enabled, false);
    await setMonitorEnabled(wh, 'mon_total', false, { actor: 'token:ab12', now }); // no change, no entry
    await removeMonitor(wh, mine.id, { actor: 'token:cd34', now });
    assert.equal(
      (await listMonitors(wh)).some((m) => m.id === mine.id),
      false,
    );
    const log = (await listAudit(wh, { actionPrefix: 'monitor.' })).map((e) => [
      e.action,
      e.target,
      e.actor,
    ]);
    assert.deepEqual(log, [
      ['monitor.remove', mine.id, 'token:cd34'],
      ['monitor.disable', 'mon_total', 'token:ab12'],
      ['monitor.create', mine.id, 'token:ab12'],
    ]);
    await wh.close();
  });
});
