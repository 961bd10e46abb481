/**
 * Test helper: a store with something to say in a digest — team ml's EC2 with the GPU spike
 * (2025-04-06…08), team web's S3 with odd cents, detected anomalies, a monthly budget for ml and
 * two proposed recommendations. Shared by core's digest test and the Slack tests. Not public API.
 */
import { detectAnomalies } from '../anomaly/detect-anomalies.ts';
import { insertCostRows, spikeRows } from '../anomaly/cost-rows-fixture.ts';
import { createBudget } from '../budget/budget-store.ts';
import type { RecommendationDraftInput } from '../recommend/recommendation.ts';
import { saveRecommendations } from '../recommend/recommendation-store.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { Warehouse } from '../store/warehouse.ts';

/** The digest clock the fixture is built for: the data runs to 2025-04-25. */
export const DIGEST_NOW = new Date('2025-04-10T08:00:00Z');

export function sampleRecommendation(
  over: Partial<RecommendationDraftInput> = {},
): RecommendationDraftInput {
  return {
    kind: 'rightsize',
    title: 'Rightsize i-ml from m5.2xlarge to m5.xlarge',
    provider: 'aws',
    service: 'Amazon Elastic Compute Cloud',
    action: 'rightsize',
    targets: ['i-ml'],
    fromType: 'm5.2xlarge',
    toType: 'm5.xlarge',
    estimatedMonthlySavingsUsd: 140,
    calculation: '(0.384 − 0.192) $/h × 730 h',
    why: ['CPU p95 12 % over 30 days'],
    evidence: [
      {
        metric: 'effective_cost',
        filters: [{ dimension: 'resource_id', op: 'eq', value: 'i-ml' }],
      },
    ],
    risk: 'Peaks above 50 % CPU would be throttled.',
    confidence: 0.8,
    plan: { commands: ['aws ec2 modify-instance-attribute …'], steps: ['stop', 'modify', 'start'] },
    ...over,
  };
}

/** Opens a store holding the fixture (in memory, or a new file at `path`). */
export async function openDigestFixture(
  path?: string,
): Promise<{ wh: Warehouse; recIds: string[] }> {
  const wh = await DuckDbWarehouse.open(path ? { path } : {});
  const start = Date.parse('2025-01-06T00:00:00Z');
  const web = Array.from({ length: 110 }, (_, i) => ({
    day: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    cost: `${40 + (i % 4)}.${String(10 + ((i * 37) % 89)).padStart(2, '0')}1234`,
    service: 'Amazon S3',
    resource: 'bucket-web',
    tags: { team: 'web' },
  }));
  await insertCostRows(wh, [...spikeRows(), ...web]);
  await detectAnomalies(wh, { now: new Date('2025-06-01T00:00:00Z') });
  await createBudget(wh, {
    name: 'ml monthly',
    scope: { kind: 'team', value: 'ml' },
    period: 'month',
    amount: '12000',
  });
  const { ids } = await saveRecommendations(
    wh,
    [
      sampleRecommendation(),
      sampleRecommendation({
        title: 'Delete idle bucket-old',
        kind: 'idle_storage',
        action: 'delete_storage',
        targets: ['bucket-old'],
        fromType: undefined,
        toType: undefined,
        estimatedMonthlySavingsUsd: 75.5,
      }),
    ],
    { now: new Date('2025-04-01T00:00:00Z') },
  );
  return { wh, recIds: ids };
}
