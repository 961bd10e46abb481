import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDemo } from '../demo/generate-demo.ts';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir } from '../testing/fixtures.ts';
import { loadCriticalityFile } from './criticality.ts';
import { computeGpuFleet } from './gpu-fleet.ts';
import { matrixOf } from './gpu-matrix.ts';
import { gpuRecommendations } from './gpu-recommendations.ts';
import { ingestHostMap } from './host-map.ts';
import { ingestGpuFile } from './ingest-gpu.ts';

describe('GPU fleet of the demo company (metrics beside the bill that charges for them)', () => {
  let wh: DuckDbWarehouse;
  before(async () => {
    const demo = await generateDemo({
      seed: 7,
      endDate: '2026-11-28',
      scale: 0.01,
      outDir: join(tempDir(), 'demo'),
    });
    wh = await DuckDbWarehouse.open();
    await ingestFiles(
      wh,
      // The last two AWS months cover the window and the guardrail's 30 days; less to load.
      demo.costFiles
        .filter((f) => f.provider === 'aws' && f.billingPeriod >= '2026-10')
        .map((f) => f.path),
    );
    for (const f of demo.auxiliaryFiles) {
      if (f.kind === 'gpu-hosts') await ingestHostMap(wh, f.path);
      if (f.kind === 'gpu-criticality') await loadCriticalityFile(wh, f.path, { actor: 'test' });
      if (f.kind === 'dcgm-snapshot') await ingestGpuFile(wh, f.path);
      if (f.kind === 'nvidia-smi')
        await ingestGpuFile(wh, f.path, { hostname: basename(f.path, '.csv') });
    }
  });
  after(() => wh.close());

  it('costs every GPU from the bill and places each behaviour in its quadrant', async () => {
    const fleet = await computeGpuFleet(wh);
    // p5.48xlarge 8 + 2 × g5.12xlarge 4 + 2 × g6.xlarge 1 + a p5.4xlarge split into 7 MIG slices.
    assert.equal(fleet.devices.length, 8 + 8 + 2 + 7);
    assert.ok(
      fleet.devices.every((d) => d.costBasis === 'focus'),
      'all hosts matched via the host map',
    );
    assert.ok(
      fleet.devices.every((d) => d.fallback === null),
      'DCGM profiling present',
    );
    const m = matrixOf(fleet);
    const byType = (t: string) =>
      m.placements.filter((p) => p.instanceType === t).map((p) => p.quadrant);
    assert.ok(byType('p5.48xlarge').every((q) => q === 'optimize_commit'));
    assert.ok(byType('g6.xlarge').every((q) => q === 'reallocate'));
    assert.ok(byType('g5.12xlarge').every((q) => q === 'rightsize_protect'));
    assert.deepEqual(new Set(byType('p5.4xlarge')), new Set(['spot_or_queue']));
    const mig = fleet.devices.filter((d) => d.migProfile === '1g.10gb');
    assert.equal(mig.length, 7);
    const idle = fleet.devices.filter((d) => d.instanceType === 'g6.xlarge');
    assert.ok(idle.every((d) => d.idleUsd === d.costUsd && d.hours.unallocated > 0));

    const r = await gpuRecommendations(wh, m, { save: true });
    assert.deepEqual(
      r.refused.map((x) => x.verdict.reasons),
      [],
    );
    const kinds = r.recommendations.map((x) => x.kind).sort();
    assert.ok(
      kinds.includes('gpu_commit') &&
        kinds.includes('gpu_spot') &&
        kinds.includes('gpu_reallocate'),
      kinds.join(),
    );
  });
});
