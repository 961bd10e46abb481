import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleAnomaly } from '../channels/anomaly-fixture.ts';
import type { Driver } from './drivers.ts';
import type { Anomaly } from './anomaly-store.ts';
import { groupIncidents } from './group-incidents.ts';

const driver = (dimension: string, value: string, delta = '100'): Driver => ({
  dimension,
  value,
  deltaUsd: delta,
  share: 1,
  actualUsd: '150',
  baselineUsd: '50',
});

/** An anomaly of the monitor watching `scope`, with its top drivers. */
function seen(
  id: string,
  scope: Record<string, string>,
  drivers: Driver[],
  over: Partial<Anomaly> = {},
): Anomaly {
  return sampleAnomaly({
    id,
    monitorId: `mon_${id}`,
    monitorName: id,
    team: scope['team'] ?? null,
    evidence: [
      {
        metric: 'effective_cost',
        filters: Object.entries(scope).map(([dimension, value]) => ({
          dimension,
          op: 'eq' as const,
          value,
        })),
        grain: 'day',
      },
    ],
    drivers,
    ...over,
  });
}

describe('incidents', () => {
  it('one change seen by total, provider, service and team monitors is one incident led by the narrowest', () => {
    const gpu = driver('resource_id', 'i-gpu');
    const list = [
      seen('total', {}, [gpu, driver('service', 'EC2'), driver('team', 'ml')], {
        impactUsd: '900',
      }),
      seen('aws', { provider: 'AWS' }, [gpu, driver('service', 'EC2')], { impactUsd: '890' }),
      seen('ec2', { service: 'EC2' }, [gpu, driver('team', 'ml')], { impactUsd: '880' }),
      seen('ml', { team: 'ml' }, [gpu], { impactUsd: '870' }),
      seen('ec2-in-a', { sub_account: 'a', service: 'EC2' }, [gpu], { impactUsd: '860' }),
    ];
    const incidents = groupIncidents(list);
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0]!.id, 'ec2-in-a', 'two filters: the most specific monitor');
    assert.deepEqual(
      incidents[0]!.related!.map((r) => r.id),
      ['total', 'aws', 'ec2', 'ml'],
    );
    assert.equal(incidents[0]!.team, 'ml', 'the incident belongs to the team monitor that saw it');
  });

  it('keeps apart what differs in days, direction or cause', () => {
    const total = seen('total', {}, [driver('resource_id', 'i-gpu'), driver('service', 'EC2')]);
    const otherDays = seen('s3-later', { service: 'S3' }, [driver('resource_id', 'b-1')], {
      startDay: '2025-04-20',
      endDay: '2025-04-21',
    });
    const drop = seen('ec2-drop', { service: 'EC2' }, [driver('resource_id', 'i-gpu', '-100')], {
      direction: 'drop',
    });
    const unrelated = seen('s3', { service: 'S3' }, [driver('resource_id', 'b-1')]);
    const incidents = groupIncidents([total, otherDays, drop, unrelated]);
    assert.deepEqual(
      incidents.map((i) => i.id),
      ['total', 's3-later', 'ec2-drop', 's3'],
    );
    assert.ok(incidents.every((i) => i.related!.length === 0));
  });

  it('two scopes that do not nest stay apart even with a driver in common', () => {
    const a = seen('team-ml', { team: 'ml' }, [driver('region', 'us-east-1')]);
    const b = seen('team-web', { team: 'web' }, [driver('region', 'us-east-1')]);
    assert.equal(groupIncidents([a, b]).length, 2);
  });

  it('a driver named under another name (its alias) still ties a team monitor to the resource', () => {
    // The region monitor's top driver is dataset d, which is all of team data's rows in it.
    const d = {
      ...driver('resource_id', 'dataset-d'),
      aliases: [{ dimension: 'team', value: 'data' }],
    };
    const byRegion = seen('region', { region: 'us' }, [d]);
    const byTeam = seen('team', { team: 'data' }, [driver('service', 'BigQuery')]);
    assert.equal(groupIncidents([byRegion, byTeam]).length, 1);
    const withoutAlias = seen('region', { region: 'us' }, [driver('resource_id', 'dataset-d')]);
    assert.equal(groupIncidents([withoutAlias, byTeam]).length, 2);
  });

  it('an account monitor does not chain two side-by-side changes in that account into one incident', () => {
    const profile = driver('resource_id', 'bedrock-profile');
    const job = driver('resource_id', 'training-job');
    const account = seen('account', { sub_account: '449' }, [profile, job], {
      startDay: '2025-04-01',
      endDay: '2025-04-06',
      impactUsd: '900',
    });
    const bedrock = seen('bedrock', { sub_account: '449', service: 'Bedrock' }, [profile], {
      startDay: '2025-04-01',
      endDay: '2025-04-04',
      impactUsd: '500',
    });
    const sagemaker = seen('sagemaker', { sub_account: '449', service: 'SageMaker' }, [job], {
      startDay: '2025-04-04',
      endDay: '2025-04-06',
      impactUsd: '400',
    });
    assert.deepEqual(
      groupIncidents([account, bedrock, sagemaker]).map((x) => [x.id, x.related!.map((r) => r.id)]),
      [
        ['bedrock', ['account']],
        ['sagemaker', []],
      ],
    );
    // Side-by-side monitors seeing one resource from two angles, tied by the total, are one.
    const gpu = driver('resource_id', 'i-gpu');
    const total = seen('total', {}, [gpu]);
    const byService = seen('ec2', { sub_account: '449', service: 'EC2' }, [gpu]);
    const byTeam = seen('ml', { team: 'ml' }, [gpu]);
    assert.equal(groupIncidents([total, byService, byTeam]).length, 1);
  });
});
