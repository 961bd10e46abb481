/**
 * Fuzzing the LLM usage readers (OpenAI, Anthropic, Bedrock, LiteLLM, OTel, Azure export): mutated
 * real samples either parse (bad fields come back as issues naming file, line and field) or throw
 * a typed CostLensError naming the file. The load into DuckDB is fuzzed on fewer inputs and must
 * leave the store exactly as it was whenever it refuses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ingestLlmUsage } from '../../ai-spend/ingest-llm-usage.ts';
import { parseUsageFile } from '../../ai-spend/parse-usage-file.ts';
import { shippedPriceVersions } from '../../ai-spend/price-book.ts';
import { bedrockLog, openAiCostsPage, openAiUsagePage } from '../../ai-spend/test-fixtures.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import type { Warehouse } from '../../store/warehouse.ts';
import { mutatedInput } from '../fuzz-arbitraries.ts';
import type { FuzzSeed } from '../fuzz-arbitraries.ts';
import { expectTypedOutcome, expectAtomicLoad, fuzzParams, OutcomeTally } from '../fuzz-harness.ts';
import { SHARED_DATA, tempDir } from '../fixtures.ts';

const SAMPLES = join(SHARED_DATA, 'llm-usage');
const known = [...shippedPriceVersions()[0]!.entries.keys()];

function seeds(): FuzzSeed[] {
  const out: FuzzSeed[] = [];
  for (const dir of readdirSync(SAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)) {
    for (const f of readdirSync(join(SAMPLES, dir))) {
      if (!/\.(json|csv)$/.test(f) || /schema/.test(f)) continue;
      let bytes = readFileSync(join(SAMPLES, dir, f));
      if (dir === 'otel-genai') {
        // The sample leaves out span times (its own test checks that refusal); give it some.
        const doc = JSON.parse(bytes.toString('utf8')) as { span: Record<string, unknown> };
        doc.span['startTimeUnixNano'] = '1767225600000000000';
        bytes = Buffer.from(JSON.stringify(doc, null, 2));
      }
      out.push({ name: `${dir}/${f}`, bytes });
    }
  }
  out.push({ name: 'fixture bedrock jsonl', bytes: Buffer.from(bedrockLog()) });
  const model = 'gpt-4o-mini-2024-07-18';
  const usage = [
    { day: '2026-11-01', model, input: 1200, cached: 200, output: 300, requests: 4 },
    { day: '2026-11-02', model, input: 900, cached: 0, output: 100, requests: 2 },
  ];
  out.push({ name: 'fixture openai usage', bytes: Buffer.from(openAiUsagePage(usage)) });
  const costs = [{ day: '2026-11-01', lines: [['gpt-4o-mini, input', 0.12] as [string, number]] }];
  out.push({ name: 'fixture openai costs', bytes: Buffer.from(openAiCostsPage(costs)) });
  return out;
}

/** The LLM tables a refused load must leave exactly as they were. */
async function snapshot(wh: Warehouse) {
  return wh.query(
    `SELECT (SELECT count(*) FROM llm_usage_event)::VARCHAR AS events,
       (SELECT coalesce(sum(cost), 0) FROM llm_usage_event)::VARCHAR AS cost,
       (SELECT count(*) FROM llm_invoice_line)::VARCHAR AS invoice_lines,
       (SELECT coalesce(sum(amount), 0) FROM llm_invoice_line)::VARCHAR AS amount,
       (SELECT count(*) FROM llm_usage_ingest)::VARCHAR AS ingests,
       (SELECT count(*) FROM focus_cost)::VARCHAR AS focus_rows,
       (SELECT coalesce(sum("BilledCost"), 0) FROM focus_cost)::VARCHAR AS billed,
       (SELECT count(*) FROM audit_log)::VARCHAR AS audit`,
  );
}

describe('fuzzing LLM usage files', () => {
  const all = seeds();
  const dir = tempDir('costlens-fuzz-llm-');

  it('every real sample parses without issues before it is mutated', () => {
    for (const s of all) {
      const file = join(dir, 'seed');
      writeFileSync(file, s.bytes);
      assert.deepEqual(parseUsageFile(file, { knownModels: known }).issues, [], s.name);
    }
  });

  it('a mutated usage file parses or fails with a typed error naming the file', () => {
    const tally = new OutcomeTally();
    const file = join(dir, 'usage-input');
    const started = performance.now();
    fc.assert(
      fc.property(mutatedInput(all, 'json'), (input) => {
        writeFileSync(file, input.bytes);
        const outcome = expectTypedOutcome(
          () => {
            const parsed = parseUsageFile(file, { knownModels: known });
            for (const issue of parsed.issues) {
              assert.equal(issue.file, file, 'each issue names the file');
              assert.ok(Number.isInteger(issue.line) && issue.line! >= 1, 'and a line');
            }
          },
          file,
          input,
        );
        tally.add(outcome);
      }),
      fuzzParams(1_000),
    );
    console.log(`llm-usage parse: ${tally} in ${Math.round(performance.now() - started)} ms`);
  });

  it('a refused LLM usage load leaves the store exactly as it was', async () => {
    const wh = await DuckDbWarehouse.open();
    const tally = new OutcomeTally();
    const started = performance.now();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(mutatedInput(all, 'json'), async (input) => {
          const file = join(dir, `load-${n++}.json`);
          writeFileSync(file, input.bytes);
          await expectAtomicLoad({
            snapshot: () => snapshot(wh),
            load: () => ingestLlmUsage(wh, [file], { newId: () => `llm_fuzz_${n}` }),
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
    console.log(`llm-usage load: ${tally} in ${Math.round(performance.now() - started)} ms`);
  });
});
