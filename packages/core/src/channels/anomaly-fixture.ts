/**
 * Test helper: a stored-shape anomaly with realistic numbers, for channel and routing tests that
 * need no database. Not part of the public API.
 */
import type { Anomaly } from '../anomaly/anomaly-store.ts';

export function sampleAnomaly(over: Partial<Anomaly> = {}): Anomaly {
  return {
    id: 'anom_test1',
    kind: 'anomaly',
    title: 'Spike in Team ml 2025-04-10…2025-04-11',
    impactUsd: '1796.09',
    why: [],
    evidence: [
      {
        metric: 'effective_cost',
        filters: [{ dimension: 'team', op: 'eq', value: 'ml' }],
        grain: 'day',
      },
    ],
    risk: 'high',
    confidence: 0.99,
    status: 'open',
    history: [],
    seriesKey: 'mon_team-ml',
    monitorId: 'mon_team-ml',
    monitorName: 'Team ml',
    team: 'ml',
    startDay: '2025-04-10',
    endDay: '2025-04-11',
    direction: 'spike',
    severity: 'high',
    actual: '3209',
    expected: '1412.91',
    band: [],
    drivers: [
      {
        dimension: 'resource_id',
        value: 'i-gpu',
        deltaUsd: '1800.000000',
        share: 1,
        actualUsd: '1800',
        baselineUsd: '0',
      },
      {
        dimension: 'team',
        value: 'ml',
        deltaUsd: '1800.000000',
        share: 1,
        actualUsd: '2804',
        baselineUsd: '1004',
      },
    ],
    split: null,
    explanation:
      'Team ml (effective cost) spiked from 2025-04-10 to 2025-04-11: $3,209.00 against an expected $1,412.91 (+$1,796.09, +127 %).',
    feedback: null,
    detectedAt: '2025-04-12T00:00:00Z',
    updatedAt: '2025-04-12T00:00:00Z',
    ...over,
  };
}
