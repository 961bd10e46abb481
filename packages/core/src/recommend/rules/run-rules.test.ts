import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDemo } from '../../demo/generate-demo.ts';
import type { GenerateDemoResult } from '../../demo/generate-demo.ts';
import { ingestFiles } from '../../ingest/ingest.ts';
import { runQuery } from '../../semantic/run-query.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { tempDir } from '../../testing/fixtures.ts';
import { ingestUtilization } from '../../utilization/ingest-utilization.ts';
import { checkDraft } from '../check-draft.ts';
import { warehouseProbe } from '../data-probe.ts';
import { DEFAULT_CATALOG_PATH, loadOfferCatalog } from '../offer-catalog.ts';
import { listRecommendations, saveRecommendations } from '../recommendation-store.ts';
import { transition } from '../workflow.ts';
import { runRules, toDraft } from './run-rules.ts';
import type { RunRulesResult } from './run-rules.ts';

/** Relative tolerance on a planted saving (tiering assumes a cold share the bill cannot show). */
const TOLERANCE = 0.15;

describe('recommendation rules on the demo company', () => {
  let demo: GenerateDemoResult;
  let wh: DuckDbWarehouse;
  let result: RunRulesResult;

  before(async () => {
    demo = await generateDemo({
      seed: 7,
      endDate: '2026-06-30',
      scale: 0.01,
      outDir: tempDir('rules-'),
    });
    wh = await DuckDbWarehouse.open();
    // Every planted opportunity is in the AWS bill; the other clouds only slow the test down.
    await ingestFiles(
      wh,
      demo.costFiles.filter((f) => f.provider === 'aws').map((f) => f.path),
    );
    const util = demo.auxiliaryFiles.find((f) => f.kind === 'ec2-utilization');
    assert.ok(util, 'the demo writes a utilization file');
    await ingestUtilization(wh, util.path);
    result = await runRules(wh);
  });
  after(async () => {
    await wh?.close();
    if (demo) rmSync(demo.outDir, { recursive: true, force: true });
  });

  it('finds every planted opportunity with its saving within tolerance', () => {
    const planted = demo.groundTruth.savingsOpportunities;
    assert.ok(planted.length >= 20);
    const missing: string[] = [];
    for (const p of planted) {
      const rec = result.recommendations.find(
        (r) => r.kind === p.kind && r.targets.includes(p.resourceId),
      );
      if (!rec) {
        missing.push(`${p.kind} ${p.resourceId}`);
        continue;
      }
      const expected = Number(p.expectedMonthlySavingsUsd);
      const off = Math.abs(rec.estimatedMonthlySavingsUsd - expected) / expected;
      assert.ok(
        off <= TOLERANCE,
        `${p.kind} ${p.resourceId}: ${rec.estimatedMonthlySavingsUsd} vs planted ${expected}`,
      );
      if (p.kind === 'rightsize' || p.kind === 'previous_generation') {
        assert.equal(rec.toType, p.details['toType'], `${p.resourceId} target type`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('raises nothing on the busy, ordinary part of the estate', () => {
    const planted = new Set(demo.groundTruth.savingsOpportunities.map((p) => p.resourceId));
    const extra = result.recommendations.filter(
      (r) => r.kind !== 'expiring_commitment' && !r.targets.some((t) => planted.has(t)),
    );
    assert.deepEqual(
      extra.map((r) => `${r.kind} ${r.targets.join(',')}`),
      [],
    );
  });

  it('emits only recommendations that pass the guardrail and explain themselves', async () => {
    const catalog = loadOfferCatalog();
    const guard = { catalog, probe: warehouseProbe(wh) };
    assert.deepEqual(result.refused, []);
    for (const r of result.recommendations) {
      const v = await checkDraft(toDraft(r, r.title), guard);
      assert.equal(v.verdict, 'pass', `${r.title}: ${v.reasons.join(' ')}`);
      if (r.offerRef) assert.equal(catalog.byId(r.offerRef)?.status, 'available', r.offerRef);
      assert.ok(r.why.length > 0 && r.evidence.length > 0 && r.calculation && r.risk, r.title);
      assert.ok(r.plan.commands.length + r.plan.steps.length > 0, r.title);
      assert.ok(r.confidence > 0 && r.confidence <= 1, r.title);
    }
    const sp = result.recommendations.find((r) => r.kind === 'commitment_purchase');
    assert.equal(sp?.offerRef, 'aws.sp.compute');
    assert.equal((sp?.details?.['ladder'] as unknown[]).length, 4);
  });

  it('backs every recommendation with evidence queries the semantic layer answers', async () => {
    for (const r of result.recommendations) {
      for (const q of r.evidence) {
        const res = await runQuery(wh, q);
        assert.ok(res.rows.length > 0, `${r.title}: evidence ${JSON.stringify(q)} is empty`);
      }
    }
  });

  it('saves them once: a second run refreshes instead of duplicating', async () => {
    const first = await saveRecommendations(wh, result.recommendations);
    assert.equal(first.created, result.recommendations.length);
    const again = await saveRecommendations(wh, (await runRules(wh)).recommendations);
    assert.equal(again.created, 0);
    assert.equal((await listRecommendations(wh, {})).length, result.recommendations.length);
  });

  it('drops what the guardrail refuses: with Compute Savings Plans withdrawn from the catalog, no plan is proposed', async () => {
    const catalog = JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')) as {
      offers: { id: string; status: string }[];
    };
    for (const o of catalog.offers) if (o.id === 'aws.sp.compute') o.status = 'not_offered';
    const path = join(demo.outDir, 'catalog.json');
    writeFileSync(path, JSON.stringify(catalog));
    const r = await runRules(wh, { catalog: loadOfferCatalog(path) });
    assert.equal(r.recommendations.filter((x) => x.kind === 'commitment_purchase').length, 0);
    assert.deepEqual(
      r.refused.map((x) => x.recommendation.kind),
      ['commitment_purchase'],
    );
    assert.equal(r.recommendations.length, result.recommendations.length - 1);
  });

  it('lowers the confidence of a rule after people reject its recommendations', async () => {
    const before = result.recommendations.find((r) => r.kind === 'old_snapshot')!.confidence;
    const saved = await listRecommendations(wh, { kind: 'old_snapshot' });
    for (const rec of saved) {
      await transition(wh, rec.id, 'rejected', {
        actor: { id: 'test', role: 'approver' },
        reason: 'we keep snapshots for audits',
      });
    }
    const after = (await runRules(wh)).recommendations.find((r) => r.kind === 'old_snapshot')!;
    assert.ok(after.confidence < before, `${after.confidence} < ${before}`);
  });
});
