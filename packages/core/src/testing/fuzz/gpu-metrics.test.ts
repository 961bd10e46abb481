/**
 * Fuzzing the GPU readers: dcgm-exporter scrapes (Prometheus text) and nvidia-smi CSV captures,
 * mutated from a real H100 capture and generated fleet scrapes, either parse or throw a typed
 * CostLensError naming the file; a refused load leaves `gpu_sample` exactly as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { behaviours, scrapeText } from '../../gpu/fleet-fixture.ts';
import { ingestGpuText, parseGpuText } from '../../gpu/ingest-gpu.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import type { Warehouse } from '../../store/warehouse.ts';
import { headLines, mutatedInput } from '../fuzz-arbitraries.ts';
import type { FuzzSeed } from '../fuzz-arbitraries.ts';
import { expectTypedOutcome, expectAtomicLoad, fuzzParams, OutcomeTally } from '../fuzz-harness.ts';
import { SHARED_DATA } from '../fixtures.ts';

const at = new Date('2026-11-01T00:00:00Z');

const SCRAPES: FuzzSeed[] = [
  {
    name: 'generated fleet scrape (MIG, pod labels, energy counter)',
    bytes: Buffer.from(
      scrapeText(
        [
          {
            hostname: 'gpu-a',
            uuid: 'GPU-aaaa',
            busy: behaviours.saturated,
            energyMj: (k) => 1000 + k,
          },
          {
            hostname: 'gpu-b',
            uuid: 'GPU-bbbb',
            busy: behaviours.idle,
            mig: { profile: '1g.10gb', id: '3' },
            pod: 'train-0',
          },
        ],
        1,
        4,
      ),
    ),
  },
  {
    name: 'scrape with HELP lines, timestamps and 1.x names',
    bytes: Buffer.from(
      [
        '# HELP DCGM_FI_DEV_SM_CLOCK SM clock frequency (in MHz).',
        '# TYPE DCGM_FI_DEV_SM_CLOCK gauge',
        'DCGM_FI_DEV_SM_CLOCK{gpu="0",UUID="GPU-1",device="nvidia0",modelName="NVIDIA H100",Hostname="h1"} 1980 1767225600000',
        'DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-1",Hostname="h1"} 631.95 1767225600000',
        'dcgm_gpu_utilization{gpu="1",uuid="GPU-2"} 55',
        '',
      ].join('\n'),
    ),
  },
];

const CAPTURES: FuzzSeed[] = [
  {
    name: 'nvidia-smi H100 capture (with and without MIG)',
    bytes: headLines(
      readFileSync(join(SHARED_DATA, 'gpu/nvidia-smi/query-gpu-sample-h100.csv')),
      6,
    ),
  },
];

async function snapshot(wh: Warehouse) {
  return wh.query(
    // An exact checksum of the rows: a DOUBLE sum changes in its last digits with the order
    // DuckDB's threads add in (62,750 equal rows once summed to …9821 and …9891).
    `SELECT count(*)::VARCHAR AS n,
       coalesce(sum(hash(ts, gpu_uuid, metric, value, source_file, source_line)::HUGEINT), 0)::VARCHAR AS checksum,
       count(DISTINCT source_file)::VARCHAR AS sources FROM gpu_sample`,
  );
}

for (const [target, seeds] of [
  ['DCGM / Prometheus text', SCRAPES],
  ['nvidia-smi CSV', CAPTURES],
] as const) {
  describe(`fuzzing ${target}`, () => {
    it('every seed parses before it is mutated', () => {
      for (const s of seeds) {
        const parsed = parseGpuText(s.bytes.toString('utf8'), 'seed', { at });
        assert.ok(parsed.samples.length > 0, s.name);
      }
    });

    it('a mutated file parses or fails with a typed error naming the file', () => {
      const tally = new OutcomeTally();
      const file = 'gpu-input.prom';
      const started = performance.now();
      fc.assert(
        fc.property(mutatedInput(seeds, 'csv'), (input) => {
          tally.add(
            expectTypedOutcome(
              () => parseGpuText(input.bytes.toString('utf8'), file, { at }),
              file,
              input,
            ),
          );
        }),
        fuzzParams(2_000),
      );
      console.log(`${target} parse: ${tally} in ${Math.round(performance.now() - started)} ms`);
    });

    it('a refused GPU load leaves gpu_sample exactly as it was', async () => {
      const wh = await DuckDbWarehouse.open();
      const tally = new OutcomeTally();
      const started = performance.now();
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(mutatedInput(seeds, 'csv'), async (input) => {
            // Half the loads replace one source, half add new ones.
            const file = `gpu-load-${n++ % 2 === 0 ? 'same' : n}.prom`;
            await expectAtomicLoad({
              snapshot: () => snapshot(wh),
              load: () => ingestGpuText(wh, input.bytes.toString('utf8'), file, { at }),
              file,
              input,
              tally,
            });
          }),
          fuzzParams(200),
        );
      } finally {
        await wh.close();
      }
      console.log(`${target} load: ${tally} in ${Math.round(performance.now() - started)} ms`);
    });
  });
}
