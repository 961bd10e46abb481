/**
 * Fuzzing the recommendation guardrail with drafted recommendations (as a model, a person or a
 * rule might write them): mutated JSON arrays of drafts, and arbitrary JSON values, always get one
 * well-formed verdict per draft — the guardrail refuses bad drafts, it never throws on them. The
 * data probe is the real one over an in-memory DuckDB holding a month of spend.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ingestFiles } from '../../ingest/ingest.ts';
import { checkDrafts } from '../../recommend/check-draft.ts';
import type { GuardrailContext } from '../../recommend/check-draft.ts';
import { warehouseProbe } from '../../recommend/data-probe.ts';
import type { Verdict } from '../../recommend/draft.ts';
import { loadOfferCatalog } from '../../recommend/offer-catalog.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { mutatedInput, weirdCell, weirdJsonValue } from '../fuzz-arbitraries.ts';
import type { FuzzInput } from '../fuzz-arbitraries.ts';
import { fuzzParams, INPUT_BUDGET_MS } from '../fuzz-harness.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../fixtures.ts';

const DRAFTS = [
  {
    id: 'sp-docdb',
    provider: 'aws',
    service: 'DocumentDB',
    action: 'purchase_commitment',
    commitment: {
      type: 'savings_plan',
      plan: 'database',
      termMonths: 12,
      paymentOption: 'no_upfront',
      hourlyCommitmentUsd: 1.5,
    },
    estimatedMonthlySavingsUsd: 200,
  },
  {
    id: 'rs-web',
    provider: 'aws',
    service: 'Amazon Elastic Compute Cloud',
    action: 'rightsize',
    resourceIds: ['i-0web1'],
    fromType: 'm5.2xlarge',
    toType: 'm5.xlarge',
    estimatedMonthlySavingsUsd: 100,
  },
  {
    id: 'idle-vol',
    provider: 'aws',
    service: 'Amazon Elastic Compute Cloud',
    action: 'delete_storage',
    resourceIds: ['vol-0unattached'],
    estimatedMonthlySavingsUsd: 20,
  },
];

async function guardrail(): Promise<GuardrailContext> {
  const rows = [];
  for (let day = 1; day <= 30; day++) {
    const d = `2025-01-${String(day).padStart(2, '0')}`;
    const base = { ChargePeriodStart: `${d}T00:00:00Z`, ChargePeriodEnd: `${d}T23:59:59Z` };
    rows.push({ ...base, ResourceId: 'i-0web1', BilledCost: '9.216', EffectiveCost: '9.216' });
    rows.push({
      ...base,
      ResourceId: 'docdb-cluster-1',
      ServiceName: 'Amazon DocumentDB (with MongoDB compatibility)',
      ServiceCategory: 'Databases',
      BilledCost: '50',
      EffectiveCost: '50',
    });
    rows.push({ ...base, ResourceId: 'vol-0unattached', BilledCost: '0.8', EffectiveCost: '0.8' });
  }
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [writeTemp(tempDir(), 'bill.csv', miniFocusCsv(rows))]);
  return { catalog: loadOfferCatalog(), probe: warehouseProbe(wh) };
}

function assertVerdicts(input: unknown, verdicts: Verdict[]): void {
  assert.equal(verdicts.length, Array.isArray(input) ? input.length : 1);
  for (const v of verdicts) {
    assert.equal(typeof v.id, 'string');
    assert.ok(v.verdict === 'pass' || v.verdict === 'refuse');
    assert.ok(v.reasons.every((r) => typeof r === 'string' && r.length > 0));
    assert.equal(v.verdict === 'pass', v.reasons.length === 0, 'refusals say why');
  }
}

async function check(ctx: GuardrailContext, doc: unknown, what: string): Promise<Verdict[]> {
  const started = performance.now();
  let verdicts: Verdict[];
  try {
    verdicts = await checkDrafts(doc, ctx);
  } catch (e) {
    throw new Error(`the guardrail threw on ${what}: ${String(e)}`, { cause: e });
  }
  const ms = performance.now() - started;
  assert.ok(ms < INPUT_BUDGET_MS, `took ${Math.round(ms)} ms on ${what}`);
  assertVerdicts(doc, verdicts);
  return verdicts;
}

describe('fuzzing drafted recommendations', () => {
  it('the seed drafts pass the guardrail before they are mutated', async () => {
    const ctx = await guardrail();
    const verdicts = await check(ctx, DRAFTS, 'the seeds');
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.verdict, v.reasons]),
      DRAFTS.map((d) => [d.id, 'pass', []]),
    );
  });

  it('a mutated drafts file gets one verdict per draft and never an exception', async () => {
    const ctx = await guardrail();
    const seeds = [{ name: 'three drafts', bytes: Buffer.from(JSON.stringify(DRAFTS, null, 1)) }];
    let refused = 0;
    let notJson = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(mutatedInput(seeds, 'json'), async (input: FuzzInput) => {
        let doc: unknown;
        try {
          doc = JSON.parse(input.bytes.toString('utf8'));
        } catch {
          notJson++; // the CLI and the API refuse unparseable JSON before the guardrail
          return;
        }
        const verdicts = await check(ctx, doc, `${input.seed} [${input.ops.join('; ')}]`);
        refused += verdicts.filter((v) => v.verdict === 'refuse').length;
      }),
      fuzzParams(200),
    );
    console.log(
      `drafts (mutated): ${refused} refusals, ${notJson} not JSON, in ${Math.round(performance.now() - started)} ms`,
    );
  });

  it('drafts with arbitrary values in every field get verdicts, never an exception', async () => {
    const ctx = await guardrail();
    const field = fc.constantFrom(...Object.keys(DRAFTS[0]!), 'resourceIds', 'fromType', 'toType');
    const draft = fc
      .tuple(
        fc.constantFrom(...DRAFTS),
        fc.dictionary(field, weirdJsonValue, { maxKeys: 3 }),
        fc.option(fc.array(fc.oneof(weirdCell, fc.string({ unit: 'binary' })), { maxLength: 3 })),
      )
      .map(([d, over, ids]) => ({ ...d, ...over, ...(ids ? { resourceIds: ids } : {}) }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(fc.oneof(draft, weirdJsonValue), { maxLength: 4 }), weirdJsonValue),
        async (doc) => {
          await check(ctx, doc, JSON.stringify(doc)?.slice(0, 200) ?? String(doc));
        },
      ),
      fuzzParams(200),
    );
  });
});
