import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import {
  listCriticality,
  parseCriticalityFile,
  resolveCriticality,
  setCriticality,
} from './criticality.ts';
import { parseHostMap } from './host-map.ts';

const subject = {
  deviceId: 'GPU-1',
  workload: 'trainer',
  namespace: 'ml',
  team: 'research',
  hostname: 'node-1',
  tags: {} as Record<string, string>,
};

describe('GPU criticality registry', () => {
  it('the most specific entry wins, then a criticality tag, then low (unregistered)', () => {
    const entries = [
      { scope: 'team' as const, value: 'research', criticality: 'low' as const },
      {
        scope: 'workload' as const,
        value: 'trainer',
        criticality: 'high' as const,
        note: 'revenue model',
      },
    ];
    const r = resolveCriticality(entries, subject);
    assert.equal(r.criticality, 'high');
    assert.equal(r.basis, 'registry:workload=trainer');
    assert.match(r.reason, /revenue model/);
    assert.equal(resolveCriticality(entries.slice(0, 1), subject).criticality, 'low');
    const tagged = resolveCriticality([], { ...subject, tags: { Criticality: 'Critical' } });
    assert.deepEqual([tagged.criticality, tagged.basis], ['high', 'tag:Criticality']);
    const none = resolveCriticality([], subject);
    assert.equal(none.basis, 'default');
    assert.match(none.reason, /no criticality registered for trainer/);
  });

  it('reads JSON and CSV files and names the line of a bad entry', () => {
    const json = parseCriticalityFile(
      '{"entries":[{"scope":"namespace","value":"ml","criticality":"critical"}]}',
      'c.json',
    );
    assert.deepEqual(json, [{ scope: 'namespace', value: 'ml', criticality: 'high' }]);
    const csv = parseCriticalityFile(
      'scope,value,criticality,note\nteam,ads,low,batch only\n',
      'c.csv',
    );
    assert.deepEqual(csv, [
      { scope: 'team', value: 'ads', criticality: 'low', note: 'batch only' },
    ]);
    try {
      parseCriticalityFile('scope,value,criticality\nteam,ads,low\nregion,us,high\n', 'bad.csv');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isCostLensError(e));
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column]),
        [['bad.csv', 3, 'scope']],
      );
    }
  });

  it('saving is audited with the actor and the previous value', async () => {
    const wh = await DuckDbWarehouse.open();
    const e = { scope: 'workload' as const, value: 'trainer', criticality: 'high' as const };
    await setCriticality(wh, [e], { actor: 'token:alice', now: new Date('2026-11-28T10:00:00Z') });
    await setCriticality(wh, [{ ...e, criticality: 'low' }], { actor: 'token:bob' });
    const list = await listCriticality(wh);
    assert.equal(list.length, 1);
    assert.deepEqual([list[0]!.criticality, list[0]!.updatedBy], ['low', 'token:bob']);
    const audit = await wh.query<{ actor: string; target: string; d: string }>(
      `SELECT actor, target, detail::VARCHAR AS d FROM audit_log WHERE action = 'gpu.criticality.set' ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => [a.actor, a.target, (JSON.parse(a.d) as { from: string | null }).from]),
      [
        ['token:alice', 'workload:trainer', null],
        ['token:bob', 'workload:trainer', 'high'],
      ],
    );
    await wh.close();
  });

  it('host map: inventory spellings accepted, a missing column named', () => {
    const m = parseHostMap(
      'PrivateDnsName\tInstanceId\tInstanceType\nip-10-0-0-1.ec2.internal\ti-0abc\tp5.48xlarge\n',
      'hosts.tsv',
    );
    assert.deepEqual(m, [
      {
        hostname: 'ip-10-0-0-1.ec2.internal',
        resourceId: 'i-0abc',
        instanceType: 'p5.48xlarge',
        team: null,
      },
    ]);
    assert.throws(
      () => parseHostMap('host,type\nx,y\n', 'h.csv'),
      /h\.csv:1: a host map needs hostname and resource_id/,
    );
  });
});
