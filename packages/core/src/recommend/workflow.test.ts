import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { detectApplied } from './detect-applied.ts';
import { adjustConfidence, measureOutcomes, ruleTrackRecords } from './outcome-ledger.ts';
import type { RecommendationDraftInput } from './recommendation.ts';
import {
  getRecommendation,
  listRecommendations,
  saveRecommendations,
} from './recommendation-store.ts';
import { transition } from './workflow.ts';

const approver = { id: 'token:alice', role: 'approver' as const };
const viewer = { id: 'token:bob', role: 'viewer' as const };

function rec(over: Partial<RecommendationDraftInput> = {}): RecommendationDraftInput {
  return {
    kind: 'rightsize',
    title: 'Rightsize i-0web1 from m5.2xlarge to m5.xlarge',
    provider: 'aws',
    service: 'Amazon Elastic Compute Cloud',
    action: 'rightsize',
    targets: ['i-0web1'],
    fromType: 'm5.2xlarge',
    toType: 'm5.xlarge',
    estimatedMonthlySavingsUsd: 140,
    calculation: '(0.384 − 0.192) $/h × 730 h',
    why: ['CPU p95 12 % over 30 days'],
    evidence: [
      {
        metric: 'effective_cost',
        filters: [{ dimension: 'resource_id', op: 'eq', value: 'i-0web1' }],
      },
    ],
    risk: 'Peaks above 50 % CPU would be throttled.',
    confidence: 0.8,
    plan: { commands: ['aws ec2 modify-instance-attribute …'], steps: ['stop', 'modify', 'start'] },
    ...over,
  };
}

/**
 * 28 days: i-0web1 costs $9.216/day for 14 days, then $4.608/day (rightsized on day 15); the rest
 * of EC2 grows from $100 to $110/day (10 % more usage that would have happened anyway).
 */
function beforeAfterBill(targetAfter: string): string {
  const rows = [];
  for (let day = 1; day <= 28; day++) {
    const d = `2025-02-${String(day).padStart(2, '0')}`;
    const base = {
      ChargePeriodStart: `${d}T00:00:00Z`,
      ChargePeriodEnd: `${d}T23:59:59Z`,
      BillingPeriodStart: '2025-02-01T00:00:00Z',
      BillingPeriodEnd: '2025-03-01T00:00:00Z',
    };
    const t = day < 15 ? '9.216' : targetAfter;
    rows.push({ ...base, ResourceId: 'i-0web1', BilledCost: t, EffectiveCost: t });
    const r = day < 15 ? '100' : '110';
    rows.push({ ...base, ResourceId: 'i-0other', BilledCost: r, EffectiveCost: r });
  }
  return miniFocusCsv(rows);
}

describe('recommendation workflow and outcome ledger', () => {
  it('saving twice refreshes a proposal and never resets a decision', async () => {
    const wh = await DuckDbWarehouse.open();
    const first = await saveRecommendations(wh, [rec()]);
    assert.equal(first.created, 1);
    const again = await saveRecommendations(wh, [rec({ estimatedMonthlySavingsUsd: 150 })]);
    assert.equal(again.refreshed, 1);
    assert.equal((await getRecommendation(wh, first.ids[0]!)).estimatedMonthlySavingsUsd, 150);
    await transition(wh, first.ids[0]!, 'rejected', {
      actor: approver,
      reason: 'legacy app, keep headroom',
    });
    const third = await saveRecommendations(wh, [rec({ estimatedMonthlySavingsUsd: 999 })]);
    assert.equal(third.unchanged, 1);
    const r = await getRecommendation(wh, first.ids[0]!);
    assert.equal(r.status, 'rejected');
    assert.equal(r.estimatedMonthlySavingsUsd, 150);
  });

  it('approving needs an approver and a reason; every step is audited with its actor', async () => {
    const wh = await DuckDbWarehouse.open();
    const { ids } = await saveRecommendations(wh, [rec()]);
    const id = ids[0]!;
    await assert.rejects(
      () => transition(wh, id, 'approved', { actor: viewer, reason: 'looks fine' }),
      (e: unknown) => e instanceof CostLensError && e.code === 'FORBIDDEN',
    );
    await assert.rejects(
      () => transition(wh, id, 'approved', { actor: approver }),
      (e: unknown) => e instanceof CostLensError && e.code === 'INVALID_INPUT',
    );
    await transition(wh, id, 'approved', { actor: approver, reason: 'p95 is low' });
    await assert.rejects(
      () => transition(wh, id, 'approved', { actor: approver, reason: 'again' }),
      /only from proposed/,
    );
    const r = await getRecommendation(wh, id);
    assert.deepEqual(
      r.history.map((h) => [h.actor, h.action, h.reason]),
      [
        ['system:rules', 'recommendation.propose', null],
        ['token:alice', 'recommendation.approve', 'p95 is low'],
      ],
    );
    const audit = await listAudit(wh, { actionPrefix: 'recommendation.' });
    assert.equal(audit.length, 2);
  });

  it('measures realized savings against a usage-normalized baseline and verifies the recommendation', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', beforeAfterBill('4.608'))]);
    const { ids } = await saveRecommendations(wh, [rec()]);
    const id = ids[0]!;
    await transition(wh, id, 'approved', { actor: approver, reason: 'ok' });
    await transition(wh, id, 'applied', { actor: approver, now: new Date('2025-02-15T09:00:00Z') });
    const outcomes = await measureOutcomes(wh, { now: new Date('2025-03-01T00:00:00Z') });
    const o = outcomes.get(id)!;
    // Baseline 9.216/day, rest of EC2 grew 100 → 110 (factor 1.1), after 4.608/day:
    // (9.216 × 1.1 − 4.608) × 30.4 = 5.5296 × 30.4 = 168.09984 → 168.10
    assert.equal(o.baselineDailyUsd, 9.22);
    assert.equal(o.normalizationFactor, 1.1);
    assert.equal(o.afterDailyUsd, 4.61);
    assert.equal(o.realizedMonthlySavingsUsd, 168.1);
    assert.equal(o.verdict, 'verified');
    assert.equal((await getRecommendation(wh, id)).status, 'verified');
    const [record] = await ruleTrackRecords(wh);
    assert.equal(record!.verified, 1);
    assert.equal(record!.precision, 1);
  });

  it('detects from the bill that an approved recommendation was applied, dated the first day of the drop', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', beforeAfterBill('4.608'))]);
    const { ids } = await saveRecommendations(wh, [rec()]);
    assert.deepEqual(await detectApplied(wh), [], 'a proposal is never marked applied');
    await transition(wh, ids[0]!, 'approved', {
      actor: approver,
      reason: 'ok',
      now: new Date('2025-02-10T09:00:00Z'),
    });
    assert.deepEqual(await detectApplied(wh), [ids[0]]);
    const r = await getRecommendation(wh, ids[0]!);
    assert.equal(r.status, 'applied');
    assert.deepEqual(r.history.at(-1)?.actor, 'system:detector');
    const outcome = (await measureOutcomes(wh)).get(ids[0]!)!;
    assert.equal(outcome.verdict, 'verified');
    assert.equal(outcome.baselineDailyUsd, 9.22, 'the baseline ends where the drop began (day 15)');
  });

  it('does not mark applied when the cost did not fall', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', beforeAfterBill('9.216'))]);
    const { ids } = await saveRecommendations(wh, [rec()]);
    await transition(wh, ids[0]!, 'approved', {
      actor: approver,
      reason: 'ok',
      now: new Date('2025-02-10T09:00:00Z'),
    });
    assert.deepEqual(await detectApplied(wh), []);
    assert.equal((await getRecommendation(wh, ids[0]!)).status, 'approved');
  });

  it('marks a recommendation regressed when cost went up after applying, and lowers the rule’s confidence', async () => {
    const wh = await DuckDbWarehouse.open();
    await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', beforeAfterBill('12.5'))]);
    const { ids } = await saveRecommendations(wh, [rec()]);
    await transition(wh, ids[0]!, 'approved', { actor: approver, reason: 'ok' });
    await transition(wh, ids[0]!, 'applied', {
      actor: approver,
      now: new Date('2025-02-15T09:00:00Z'),
    });
    const o = (await measureOutcomes(wh)).get(ids[0]!)!;
    assert.equal(o.verdict, 'regressed');
    assert.ok(o.realizedMonthlySavingsUsd < 0);
    const [record] = await ruleTrackRecords(wh);
    assert.equal(record!.precision, 0);
    assert.ok(adjustConfidence(0.8, record) < 0.8);
  });

  it('lists by status with the largest savings first', async () => {
    const wh = await DuckDbWarehouse.open();
    await saveRecommendations(wh, [
      rec({ targets: ['a'], estimatedMonthlySavingsUsd: 10 }),
      rec({ targets: ['b'], estimatedMonthlySavingsUsd: 30 }),
      rec({ targets: ['c'], estimatedMonthlySavingsUsd: 20 }),
    ]);
    const list = await listRecommendations(wh, { status: 'proposed' });
    assert.deepEqual(
      list.map((r) => r.targets[0]),
      ['b', 'c', 'a'],
    );
  });
});
