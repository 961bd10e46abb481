import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { checkDrafts } from './check-draft.ts';
import type { GuardrailContext } from './check-draft.ts';
import { warehouseProbe } from './data-probe.ts';
import { loadOfferCatalog } from './offer-catalog.ts';

/** 30 days of spend: an m5.2xlarge at ~$9.22/day, DocumentDB $50/day, RDS $40/day, a volume. */
function billing(): string {
  const rows = [];
  for (let day = 1; day <= 30; day++) {
    const d = `2025-01-${String(day).padStart(2, '0')}`;
    const base = { ChargePeriodStart: `${d}T00:00:00Z`, ChargePeriodEnd: `${d}T23:59:59Z` };
    rows.push({
      ...base,
      ResourceId: 'i-0web1',
      ServiceName: 'Amazon Elastic Compute Cloud',
      BilledCost: '9.216',
      EffectiveCost: '9.216',
    });
    rows.push({
      ...base,
      ResourceId: 'docdb-cluster-1',
      ServiceName: 'Amazon DocumentDB (with MongoDB compatibility)',
      ServiceCategory: 'Databases',
      BilledCost: '50',
      EffectiveCost: '50',
    });
    rows.push({
      ...base,
      ResourceId: 'db-orders',
      ServiceName: 'Amazon Relational Database Service',
      ServiceCategory: 'Databases',
      BilledCost: '40',
      EffectiveCost: '40',
    });
    rows.push({
      ...base,
      ResourceId: 'vol-0unattached',
      ServiceName: 'Amazon Elastic Compute Cloud',
      BilledCost: '0.8',
      EffectiveCost: '0.8',
    });
  }
  return miniFocusCsv(rows);
}

let ctx: GuardrailContext;

before(async () => {
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', billing())]);
  ctx = { catalog: loadOfferCatalog(), probe: warehouseProbe(wh) };
});

const commitment = (over: Record<string, unknown>) => ({
  provider: 'aws',
  action: 'purchase_commitment',
  estimatedMonthlySavingsUsd: 100,
  ...over,
});

describe('recommendation guardrail', () => {
  it('refuses DocumentDB reserved instances and names Database Savings Plans instead', async () => {
    for (const service of [
      'DocumentDB',
      'Amazon DocumentDB (with MongoDB compatibility)',
      'AmazonDocDB',
      'docdb',
    ]) {
      const [v] = await checkDrafts(
        [
          commitment({
            id: 'a',
            service,
            commitment: { type: 'reserved_instance', termMonths: 12, paymentOption: 'all_upfront' },
          }),
        ],
        ctx,
      );
      assert.equal(v!.verdict, 'refuse', service);
      assert.match(v!.reasons.join(' '), /does not exist|not offered/);
      assert.equal(v!.alternative?.offerId, 'aws.sp.database', service);
    }
  });

  it('passes a Database Savings Plan for DocumentDB with a real term and payment option', async () => {
    const [v] = await checkDrafts(
      [
        commitment({
          id: 'b',
          service: 'DocumentDB',
          commitment: {
            type: 'savings_plan',
            plan: 'database',
            termMonths: 12,
            paymentOption: 'no_upfront',
            hourlyCommitmentUsd: 1.5,
          },
          estimatedMonthlySavingsUsd: 200,
        }),
      ],
      ctx,
    );
    assert.deepEqual(v!.reasons, []);
    assert.equal(v!.verdict, 'pass');
    assert.equal(v!.offerRef, 'aws.sp.database');
  });

  it('refuses a term or payment option the offering does not have', async () => {
    const verdicts = await checkDrafts(
      [
        commitment({
          id: 'sp3y',
          service: 'DocumentDB',
          commitment: {
            type: 'savings_plan',
            plan: 'database',
            termMonths: 36,
            paymentOption: 'no_upfront',
          },
        }),
        commitment({
          id: 'spUp',
          service: 'DocumentDB',
          commitment: {
            type: 'savings_plan',
            plan: 'database',
            termMonths: 12,
            paymentOption: 'all_upfront',
          },
        }),
        commitment({
          id: 'ri5y',
          service: 'RDS',
          commitment: { type: 'reserved_instance', termMonths: 60, paymentOption: 'all_upfront' },
        }),
      ],
      ctx,
    );
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      ['refuse', 'refuse', 'refuse'],
    );
    assert.match(verdicts[0]!.reasons[0]!, /term 3y is not offered/);
    assert.match(verdicts[1]!.reasons[0]!, /payment option all upfront is not offered/);
    assert.match(verdicts[2]!.reasons[0]!, /term 5y/);
  });

  it('refuses an offering that does not exist at all', async () => {
    const [v] = await checkDrafts(
      [
        commitment({
          id: 'x',
          service: 'Amazon S3',
          commitment: { type: 'reserved_instance', termMonths: 12, paymentOption: 'no_upfront' },
        }),
      ],
      ctx,
    );
    assert.equal(v!.verdict, 'refuse');
    assert.match(v!.reasons[0]!, /no reserved instance for Amazon S3/);
  });

  it('refuses savings larger than the spend they come from, and commitments that would go unused', async () => {
    const verdicts = await checkDrafts(
      [
        commitment({
          id: 'inflated',
          service: 'RDS',
          commitment: { type: 'reserved_instance', termMonths: 12, paymentOption: 'no_upfront' },
          estimatedMonthlySavingsUsd: 5000,
        }),
        commitment({
          id: 'overcommit',
          service: 'RDS',
          commitment: {
            type: 'reserved_instance',
            termMonths: 12,
            paymentOption: 'no_upfront',
            hourlyCommitmentUsd: 10,
          },
        }),
        commitment({
          id: 'fine',
          service: 'Amazon RDS',
          commitment: {
            type: 'reserved_instance',
            termMonths: 36,
            paymentOption: 'partial_upfront',
            hourlyCommitmentUsd: 1,
          },
          estimatedMonthlySavingsUsd: 400,
        }),
      ],
      ctx,
    );
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      ['refuse', 'refuse', 'pass'],
    );
    assert.match(verdicts[0]!.reasons[0]!, /exceed the on-demand spend/);
    assert.match(verdicts[1]!.reasons[0]!, /would go unused/);
  });

  it('refuses resources that do not exist in the data', async () => {
    const [v] = await checkDrafts(
      [
        {
          id: 'ghost',
          provider: 'aws',
          service: 'EC2',
          action: 'terminate_idle',
          resourceIds: ['i-0ghost'],
          estimatedMonthlySavingsUsd: 10,
        },
      ],
      ctx,
    );
    assert.equal(v!.verdict, 'refuse');
    assert.match(v!.reasons.join(' '), /not found in the billing data: i-0ghost/);
  });

  it('checks rightsizing targets exist, are smaller, and save no more than the price difference', async () => {
    const rs = (id: string, toType: string, usd: number) => ({
      id,
      provider: 'aws',
      service: 'EC2',
      action: 'rightsize',
      resourceIds: ['i-0web1'],
      fromType: 'm5.2xlarge',
      toType,
      estimatedMonthlySavingsUsd: usd,
    });
    const verdicts = await checkDrafts(
      [
        rs('ok', 'm5.xlarge', 140),
        rs('bigger', 'm5.4xlarge', 10),
        rs('fake', 'm5.superlarge', 10),
        rs('inflated', 'm5.xlarge', 250),
      ],
      ctx,
    );
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      ['pass', 'refuse', 'refuse', 'refuse'],
    );
    assert.match(verdicts[1]!.reasons[0]!, /not smaller/);
    assert.match(verdicts[2]!.reasons[0]!, /does not exist/);
    assert.match(verdicts[3]!.reasons.join(' '), /exceed/);
  });

  it('lets a generation upgrade carry a little more memory for less money, but not a bigger box', async () => {
    const up = (id: string, fromType: string, toType: string) => ({
      id,
      provider: 'aws',
      service: 'EC2',
      action: 'rightsize',
      resourceIds: ['i-0web1'],
      fromType,
      toType,
      estimatedMonthlySavingsUsd: 10,
    });
    const verdicts = await checkDrafts(
      [up('r4-r6i', 'r4.2xlarge', 'r6i.2xlarge'), up('c4-m6i', 'c4.2xlarge', 'm6i.2xlarge')],
      ctx,
    );
    assert.deepEqual(
      verdicts.map((v) => [v.verdict, v.reasons.join(' ')]),
      [
        ['pass', ''],
        ['refuse', verdicts[1]!.reasons.join(' ')],
      ],
    );
    assert.match(verdicts[1]!.reasons[0]!, /not smaller/);
  });

  it('bounds deletion savings by what the resources cost', async () => {
    const verdicts = await checkDrafts(
      [
        {
          id: 'vol-ok',
          provider: 'aws',
          service: 'EC2',
          action: 'delete_storage',
          resourceIds: ['vol-0unattached'],
          estimatedMonthlySavingsUsd: 24,
        },
        {
          id: 'vol-inflated',
          provider: 'aws',
          service: 'EC2',
          action: 'delete_storage',
          resourceIds: ['vol-0unattached'],
          estimatedMonthlySavingsUsd: 240,
        },
      ],
      ctx,
    );
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      ['pass', 'refuse'],
    );
  });

  it('turns malformed drafts into refusals with field reasons, never a crash', async () => {
    const verdicts = await checkDrafts(
      [
        {
          id: 'm1',
          provider: 'ibm',
          service: 'x',
          action: 'buy',
          estimatedMonthlySavingsUsd: 'lots',
        },
        42,
        null,
      ],
      ctx,
    );
    assert.equal(verdicts.length, 3);
    assert.ok(verdicts.every((v) => v.verdict === 'refuse'));
    assert.match(verdicts[0]!.reasons.join(' '), /provider/);
    assert.match(verdicts[0]!.reasons.join(' '), /estimatedMonthlySavingsUsd/);
    const notArray = await checkDrafts({ id: 'x' }, ctx);
    assert.equal(notArray[0]!.verdict, 'refuse');
  });
});
