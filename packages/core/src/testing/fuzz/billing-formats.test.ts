/**
 * Fuzzing the billing converters — FOCUS, AWS CUR (legacy), CUR 2.0, Azure, GCP, OCI — from real
 * samples and the golden fixtures. Two levels: the header path in memory (delimiter, header,
 * detection, header checks, the declared mapping) on many inputs, and the whole ingest through a
 * real DuckDB on fewer: success, or a typed CostLensError naming the file, and after a refusal the
 * store's rows, totals and manifest exactly as before.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { findFormat, detectFormat } from '../../ingest/formats/registry.ts';
import { ingestFiles } from '../../ingest/ingest.ts';
import { stageColumns } from '../../ingest/stage-columns.ts';
import { parseHeader, sniffDelimiter } from '../../ingest/stage-source.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import type { Warehouse } from '../../store/warehouse.ts';
import { headLines, mutatedInput } from '../fuzz-arbitraries.ts';
import type { FuzzInput, FuzzSeed } from '../fuzz-arbitraries.ts';
import {
  expectTypedOutcome,
  expectAtomicLoad,
  fuzzParams,
  INPUT_BUDGET_MS,
  OutcomeTally,
} from '../fuzz-harness.ts';
import { REPO_ROOT, SHARED_DATA, tempDir } from '../fixtures.ts';

const FIXTURES = join(REPO_ROOT, 'packages/core/src/ingest/formats/__fixtures__');
const SAMPLES = join(SHARED_DATA, 'billing-samples');

type Seed = FuzzSeed & { ext: 'csv' | 'jsonl' | 'parquet' };

const seed = (name: string, path: string, rows?: number): Seed => {
  const bytes = readFileSync(path);
  return {
    name,
    bytes: rows ? headLines(bytes, rows) : bytes,
    ext: path.endsWith('.jsonl') ? 'jsonl' : 'csv',
  };
};

/** Per format: real samples (cut to a few rows so each ingest is quick) and golden fixtures. */
const TARGETS: { format: string; seeds: Seed[] }[] = [
  {
    format: 'focus',
    seeds: [
      seed('FOCUS 1.0 sample', join(SAMPLES, 'focus-sample-data/FOCUS-1.0_focus_sample.csv'), 8),
      seed('AWS FOCUS 1.0 fixture', join(FIXTURES, 'aws-focus-1.0.constructed.csv')),
      seed('Azure FOCUS fixture', join(FIXTURES, 'azure-focus-cost-1.0.constructed.csv')),
    ],
  },
  {
    format: 'aws-cur',
    seeds: [
      seed(
        'CUR legacy sample',
        join(SAMPLES, 'focus-converters/aws-cur-legacy_sample-anonymous_subset.csv'),
        8,
      ),
      seed('CUR legacy fixture', join(FIXTURES, 'aws-cur-legacy-line-items.constructed.csv')),
    ],
  },
  {
    format: 'aws-cur2',
    seeds: [seed('CUR 2.0 fixture', join(FIXTURES, 'aws-cur2-line-items.constructed.csv'))],
  },
  {
    format: 'azure',
    seeds: [
      seed('EA actual', join(SAMPLES, 'microsoft-finops-toolkit/azure-ea/EA_ActualCost_Small.csv')),
      seed('MCA amortized fixture', join(FIXTURES, 'azure-mca-amortized.constructed.csv')),
    ],
  },
  {
    format: 'gcp',
    seeds: [
      seed('GCP detailed fixture', join(FIXTURES, 'gcp-billing-detailed.constructed.csv')),
      seed('GCP standard JSONL fixture', join(FIXTURES, 'gcp-billing-standard.constructed.jsonl')),
    ],
  },
  {
    format: 'oci',
    seeds: [seed('OCI sample', join(SAMPLES, 'focus-converters/oci-cost-report_subset.csv'), 8)],
  },
];

/** Everything a refused ingest must leave exactly as it was: rows, totals, manifest, schema. */
async function snapshot(wh: Warehouse) {
  return wh.query(
    `SELECT (SELECT count(*) FROM focus_cost)::VARCHAR AS rows,
       (SELECT coalesce(sum("BilledCost"), 0) FROM focus_cost)::VARCHAR AS billed,
       (SELECT coalesce(sum("EffectiveCost"), 0) FROM focus_cost)::VARCHAR AS effective,
       (SELECT count(*) FROM ingest)::VARCHAR AS ingests,
       (SELECT string_agg(ingest_id || ':' || status, ',' ORDER BY ingest_id) FROM ingest) AS statuses,
       (SELECT count(*) FROM ingest_file)::VARCHAR AS files,
       (SELECT count(*) FROM ingest_partition)::VARCHAR AS partitions,
       (SELECT count(*) FILTER (WHERE replaced_by IS NULL) FROM ingest_partition)::VARCHAR AS live,
       (SELECT count(*) FROM ingest_finding)::VARCHAR AS findings,
       (SELECT count(*) FROM ingest_column)::VARCHAR AS provided,
       (SELECT count(*) FROM information_schema.columns WHERE table_name = 'focus_cost')::VARCHAR AS cols`,
  );
}

/** CSV-aware mutations for CSV seeds, JSON-aware ones for JSON lines. */
const mutations = (seeds: readonly Seed[]) =>
  fc.oneof(
    ...seeds.map((s) =>
      mutatedInput([s], s.ext === 'jsonl' ? 'json' : s.ext === 'parquet' ? 'text' : 'csv'),
    ),
  );

/** The first CSV seed written as Parquet by DuckDB (CUR 2.0 and FOCUS exports often are). */
async function parquetSeed(wh: Warehouse, seeds: readonly Seed[], dir: string): Promise<Seed[]> {
  const csv = seeds.find((s) => s.ext === 'csv');
  if (!csv) return [];
  const from = join(dir, 'parquet-source.csv');
  const to = join(dir, 'parquet-seed.parquet');
  writeFileSync(from, csv.bytes);
  await wh.exec(
    `COPY (SELECT * FROM read_csv($1, all_varchar = true, header = true)) TO '${to.replaceAll("'", "''")}' (FORMAT parquet)`,
    [from],
  );
  return [{ name: `${csv.name} as Parquet`, bytes: readFileSync(to), ext: 'parquet' }];
}

const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;

/** The header path of an ingest, in memory: what stageSource and the format do before SQL. */
function headerPath(input: FuzzInput, file: string, ext: Seed['ext']): void {
  let bytes = input.bytes;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: 2 });
    } catch {
      return; // stageSource reads nothing from a damaged gzip head; the DuckDB level covers it
    }
  }
  const head = bytes
    .subarray(0, 65536)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const names =
    ext === 'jsonl'
      ? Object.keys(safeJson(head.split('\n', 1)[0] ?? ''))
      : parseHeader(head, sniffDelimiter(head));
  const format = detectFormat(file, names);
  const cols = stageColumns(names);
  if (format.checkHeader(cols, file).length > 0) return;
  const mapping = format.mapping(cols);
  format.variant?.(cols);
  assert.ok(Object.keys(mapping.columns).length > 0, 'a mapping maps columns');
}

function safeJson(line: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

for (const { format, seeds } of TARGETS) {
  describe(`fuzzing the ${format} converter`, () => {
    const dir = tempDir(`costlens-fuzz-${format}-`);

    it('each seed is detected as this format and ingests', async () => {
      const wh = await DuckDbWarehouse.open();
      try {
        for (const s of seeds) {
          const file = join(dir, `seed.${s.ext}`);
          writeFileSync(file, s.bytes);
          const r = await ingestFiles(wh, [file]);
          assert.equal(r.status, 'ingested', s.name);
          assert.ok(r.files[0]!.format.startsWith(findFormat(format).id), r.files[0]!.format);
        }
      } finally {
        await wh.close();
      }
    });

    it('a mutated header is detected, checked and mapped, or refused with a typed error', () => {
      const tally = new OutcomeTally();
      const started = performance.now();
      fc.assert(
        fc.property(mutations(seeds), (input) => {
          const s = seeds.find((x) => x.name === input.seed)!;
          const file = `bill.${s.ext}`;
          tally.add(expectTypedOutcome(() => headerPath(input, file, s.ext), file, input));
        }),
        fuzzParams(500),
      );
      console.log(`${format} header: ${tally} in ${Math.round(performance.now() - started)} ms`);
    });

    it('a mutated export ingests or is refused leaving rows, totals and manifest as they were', async () => {
      const wh = await DuckDbWarehouse.open();
      const tally = new OutcomeTally();
      const started = performance.now();
      let n = 0;
      try {
        // A store that already holds this format's data, so a refusal has something to damage.
        const first = seeds[0]!;
        const base = join(dir, `base.${first.ext}`);
        writeFileSync(base, first.bytes);
        const t0 = performance.now();
        await ingestFiles(wh, [base]);
        // A hang is far beyond what the seed itself takes on this machine right now.
        const budgetMs = Math.max(INPUT_BUDGET_MS, 20 * (performance.now() - t0));
        const all = [...seeds, ...(await parquetSeed(wh, seeds, dir))];
        await fc.assert(
          fc.asyncProperty(mutations(all), async (input) => {
            const s = all.find((x) => x.name === input.seed)!;
            const file = join(dir, `in-${n++}.${s.ext}${isGzip(input.bytes) ? '.gz' : ''}`);
            writeFileSync(file, input.bytes);
            await expectAtomicLoad({
              snapshot: () => snapshot(wh),
              load: () => ingestFiles(wh, [file]),
              file,
              input,
              tally,
              budgetMs,
            });
          }),
          fuzzParams(20),
        );
      } finally {
        await wh.close();
      }
      console.log(`${format} ingest: ${tally} in ${Math.round(performance.now() - started)} ms`);
    });
  });
}
