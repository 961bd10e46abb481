/**
 * Fuzzing business-metric CSVs (`date,metric,value[,dimension…]`): a mutated file loads, or is
 * refused with a typed CostLensError naming the file, and a refusal leaves `business_metric`
 * exactly as it was. Every input goes through DuckDB, so the default run is small.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ingestBusinessMetrics } from '../../metrics/business-metrics.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import type { Warehouse } from '../../store/warehouse.ts';
import { mutatedInput } from '../fuzz-arbitraries.ts';
import type { FuzzSeed } from '../fuzz-arbitraries.ts';
import { expectAtomicLoad, fuzzParams, OutcomeTally } from '../fuzz-harness.ts';
import { tempDir } from '../fixtures.ts';

const SEEDS: FuzzSeed[] = [
  {
    name: 'daily requests per app (the demo shape)',
    bytes: Buffer.from(
      [
        'date,metric,value,app',
        '2026-10-01,requests,42000000,search-api',
        '2026-10-01,orders,58000,checkout-api',
        '2026-10-02,requests,41877310,search-api',
        '2026-10-02,active_customers,410000,all',
        '',
      ].join('\n'),
    ),
  },
  {
    name: 'decimals, timestamps as dates, two dimensions',
    bytes: Buffer.from(
      [
        'date,metric,value,region,plan',
        '2026-10-01T00:00:00Z,gpu_hours,1234.5,eu,pro',
        '2026-10-02,gpu_hours,0.000000000000001,us,free',
        '',
      ].join('\n'),
    ),
  },
];

async function snapshot(wh: Warehouse) {
  return wh.query(
    `SELECT count(*)::VARCHAR AS n, coalesce(sum(value), 0)::VARCHAR AS total,
       count(DISTINCT metric)::VARCHAR AS metrics FROM business_metric`,
  );
}

describe('fuzzing business-metric files', () => {
  it('a mutated file loads or is refused, leaving the stored metrics as they were', async () => {
    const dir = tempDir('costlens-fuzz-metrics-');
    const wh = await DuckDbWarehouse.open();
    const tally = new OutcomeTally();
    const started = performance.now();
    let n = 0;
    try {
      for (const s of SEEDS) {
        const file = join(dir, `seed-${n++}.csv`);
        writeFileSync(file, s.bytes);
        assert.ok((await ingestBusinessMetrics(wh, file)).rowCount > 0, s.name);
      }
      await fc.assert(
        fc.asyncProperty(mutatedInput(SEEDS, 'csv'), async (input) => {
          const file = join(dir, `in-${n++}.csv`);
          writeFileSync(file, input.bytes);
          await expectAtomicLoad({
            snapshot: () => snapshot(wh),
            load: () => ingestBusinessMetrics(wh, file),
            file,
            input,
            tally,
          });
        }),
        fuzzParams(100),
      );
    } finally {
      await wh.close();
    }
    console.log(`business metrics: ${tally} in ${Math.round(performance.now() - started)} ms`);
  });
});
