/**
 * Inputs the fuzzers found crashing a parser or leaking a database error (issue 15), kept as
 * plain regression cases: each must now be refused with a typed CostLensError naming the file,
 * line and field — or load cleanly — and leave the store as it was when refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestLlmUsage } from '../../ai-spend/ingest-llm-usage.ts';
import { parseUsageFile } from '../../ai-spend/parse-usage-file.ts';
import { bedrockLine, MODELS } from '../../ai-spend/test-fixtures.ts';
import { CostLensError } from '../../errors.ts';
import { ingestGpuText } from '../../gpu/ingest-gpu.ts';
import { ingestBusinessMetrics } from '../../metrics/business-metrics.ts';
import { checkDrafts } from '../../recommend/check-draft.ts';
import { warehouseProbe } from '../../recommend/data-probe.ts';
import { loadOfferCatalog } from '../../recommend/offer-catalog.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { enrichWarehouseError } from '../../store/enrich-warehouse-error.ts';
import { tempDir, writeTemp } from '../fixtures.ts';

const dir = tempDir('costlens-fuzz-regressions-');

function bedrock(over: {
  ts?: string;
  input?: number;
  id?: string;
  meta?: Record<string, string>;
}) {
  return `${bedrockLine({
    id: over.id ?? 'req-1',
    ts: over.ts ?? '2026-11-01T10:00:00Z',
    model: MODELS.SONNET,
    input: over.input ?? 100,
    output: 20,
    ...(over.meta ? { meta: over.meta } : {}),
  })}\n`;
}

/** The one issue a parsed file reports, or a failure. */
function onlyIssue(text: string, name: string) {
  const file = writeTemp(dir, name, text);
  const issues = parseUsageFile(file).issues;
  assert.equal(issues.length, 1, JSON.stringify(issues));
  assert.equal(issues[0]!.file, file);
  return issues[0]!;
}

function rejectsTyped(e: unknown, file: string, line?: number): true {
  assert.ok(e instanceof CostLensError, `expected a CostLensError, got ${String(e)}`);
  assert.notEqual(e.code, 'INTERNAL', e.message);
  assert.ok(e.message.includes(file) || e.issues.some((i) => i.file === file), e.message);
  if (line !== undefined)
    assert.ok(
      e.issues.some((i) => i.line === line),
      JSON.stringify(e.issues),
    );
  return true;
}

describe('LLM usage files the fuzzer broke', () => {
  it('JSON nested 20,000 deep is refused naming its line, not a stack overflow', () => {
    const file = writeTemp(
      dir,
      'deep.json',
      `{\n"data": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    );
    assert.throws(
      () => parseUsageFile(file),
      (e) => rejectsTyped(e, file, 2) && /nested deeper than 256/.test((e as Error).message),
    );
  });

  it('a string with a bad escape is refused as invalid JSON, not a SyntaxError', () => {
    const file = writeTemp(dir, 'escape.json', '{"object": "page", "data": ["a\\x"]}');
    assert.throws(
      () => parseUsageFile(file),
      (e) => rejectsTyped(e, file, 1),
    );
  });

  it('a token count past 2^53 is an issue on its line and field', () => {
    const issue = onlyIssue(bedrock({ input: 1e30 }), 'huge-tokens.jsonl');
    assert.deepEqual([issue.line, issue.column], [1, 'inputTokens']);
  });

  it('a time past the year 9999 (or before year 1) is an issue, not a database error', () => {
    assert.equal(
      onlyIssue(bedrock({ ts: '+275000-01-01T00:00:00Z' }), 'y275000.jsonl').column,
      'timestamp',
    );
    assert.equal(
      onlyIssue(bedrock({ ts: '-000100-01-01T00:00:00Z' }), 'y-100.jsonl').column,
      'timestamp',
    );
  });

  it('Unix seconds no Date can hold are an issue, not a RangeError', () => {
    const result = {
      object: 'organization.usage.completions.result',
      input_tokens: 1,
      output_tokens: 1,
      num_model_requests: 1,
      model: 'gpt-4o',
    };
    const page = JSON.stringify({
      object: 'page',
      data: [{ object: 'bucket', start_time: -2.2e48, end_time: 1, results: [result] }],
    });
    const issue = onlyIssue(page, 'seconds.json');
    assert.deepEqual([issue.line, issue.column], [1, 'start_time']);
  });

  it('OTel nanosecond times that are not integers, or too large, are issues on the field', () => {
    const span = (t: unknown) =>
      JSON.stringify({
        span: {
          name: 'chat gpt-4',
          startTimeUnixNano: t,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4',
            'gen_ai.usage.input_tokens': 5,
            'gen_ai.usage.output_tokens': 5,
          },
        },
      });
    for (const t of ['1.5e18', 'soon', '9'.repeat(40)]) {
      const issue = onlyIssue(span(t), `otel-${t.length}.json`);
      assert.equal(issue.column, 'startTimeUnixNano', JSON.stringify(issue));
    }
  });

  it('an amount with more digits than DECIMAL(38, 15) holds is an issue naming the field', () => {
    const doc = {
      data: [
        {
          starting_at: '2026-11-01T00:00:00Z',
          ending_at: '2026-11-02T00:00:00Z',
          results: [
            {
              currency: 'USD',
              amount: '1'.repeat(30),
              cost_type: 'tokens',
              model: 'claude-sonnet-4',
            },
          ],
        },
      ],
      has_more: false,
    };
    const issue = onlyIssue(JSON.stringify(doc, null, 1), 'huge-amount.json');
    assert.equal(issue.column, 'amount');
  });

  it('the refusals above leave the store untouched, and a lone surrogate in a tag loads', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const good = writeTemp(dir, 'good.jsonl', bedrock({ id: 'ok' }));
      await ingestLlmUsage(wh, [good]);
      const count = async () =>
        (await wh.query<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM llm_usage_event`))[0]!.n;
      for (const [name, text] of [
        ['tokens.jsonl', bedrock({ id: 'b', input: 2 ** 63 })],
        ['year.jsonl', bedrock({ id: 'c', ts: '+010000-01-01T00:00:00Z' })],
      ] as const) {
        const file = writeTemp(dir, name, text);
        await assert.rejects(
          () => ingestLlmUsage(wh, [file]),
          (e) => rejectsTyped(e, file, 1),
        );
        assert.equal(await count(), '1');
      }
      // `"\ud800"` in the file is a lone surrogate after JSON decoding; it is stored as U+FFFD.
      const lone = writeTemp(
        dir,
        'lone.jsonl',
        bedrock({ id: 'd', meta: { team: 'x' } }).replace('"x"', '"x\\ud800"'),
      );
      await ingestLlmUsage(wh, [lone]);
      const [row] = await wh.query<{ team: string }>(
        `SELECT team FROM llm_usage_event WHERE source_file = $1`,
        [lone],
      );
      assert.equal(row?.team, 'x\ufffd');
    } finally {
      await wh.close();
    }
  });
});

describe('GPU scrapes the fuzzer broke', () => {
  const line = (ts: string) => `DCGM_FI_DEV_SM_CLOCK{gpu="0",UUID="GPU-1"} 1980 ${ts}\n`;

  it('a timestamp no Date can hold, or past the year 9999, is a malformed line, not a RangeError', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      for (const ts of ['999999999999999999999', '253402300800000', '-62198755200000']) {
        const file = `scrape-${ts}.prom`;
        await assert.rejects(
          () => ingestGpuText(wh, line(ts), file),
          (e) =>
            rejectsTyped(e, file, 1) &&
            /outside the years 0001–9999/.test(JSON.stringify((e as CostLensError).issues)),
        );
      }
      const [{ n } = { n: '' }] = await wh.query<{ n: string }>(
        `SELECT count(*)::VARCHAR AS n FROM gpu_sample`,
      );
      assert.equal(n, '0');
    } finally {
      await wh.close();
    }
  });

  it('a label value with a lone surrogate loads (as U+FFFD) instead of a database JSON error', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const r = await ingestGpuText(
        wh,
        'DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-\ud800"} 5\n',
        'lone.prom',
        {
          at: new Date('2026-11-01T00:00:00Z'),
        },
      );
      assert.equal(r.samples, 1);
      const [row] = await wh.query<{ u: string }>(`SELECT gpu_uuid AS u FROM gpu_sample`);
      assert.equal(row?.u, 'GPU-\ufffd');
    } finally {
      await wh.close();
    }
  });
});

describe('delimited files the fuzzer broke', () => {
  it('a header of 23,000 quoted columns is refused at once instead of staged for seconds per input', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const file = writeTemp(
        dir,
        'wide.csv',
        `${',"'.repeat(46_921)}date,metric,value\n2026-10-01,requests,5\n`,
      );
      await assert.rejects(
        () => ingestBusinessMetrics(wh, file),
        (e) => rejectsTyped(e, file, 1) && /more than the 4096/.test((e as Error).message),
      );
    } finally {
      await wh.close();
    }
  });

  it('a header longer than 64 KiB is read whole, not cut into a false column count', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const dims = Array.from({ length: 700 }, (_, i) => `dimension_${'x'.repeat(90)}_${i}`);
      const header = ['date', 'metric', 'value', ...dims].join(',');
      assert.ok(header.length > 65_536);
      const row = ['2026-10-01', 'requests', '5', ...dims.map(() => 'x')].join(',');
      const file = writeTemp(dir, 'long-header.csv', `${header}\n${row}\n`);
      const r = await ingestBusinessMetrics(wh, file);
      assert.equal(r.dimensions.length, 700);
    } finally {
      await wh.close();
    }
  });
});

describe('drafted recommendations the fuzzer broke', () => {
  it('a resource id with a lone surrogate is refused as not found, not a database error', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const [v] = await checkDrafts(
        [
          {
            id: 'a',
            provider: 'aws',
            service: 'EC2',
            action: 'terminate_idle',
            resourceIds: ['i-\ud800'],
            estimatedMonthlySavingsUsd: 1,
          },
        ],
        { catalog: loadOfferCatalog(), probe: warehouseProbe(wh) },
      );
      assert.equal(v?.verdict, 'refuse');
      assert.match(v!.reasons.join(' '), /not found in the billing data/);
    } finally {
      await wh.close();
    }
  });
});

describe('database errors the fuzzer saw mislabelled', () => {
  it('a reader error about a damaged block is not reported as a busy database', () => {
    // Two mutated Azure exports came back DATABASE_BUSY from an in-memory store, which no other
    // process can hold; the busy test was /lock/, which also matches inside "block".
    const damaged = enrichWarehouseError(new Error('Invalid Input Error: corrupt block in x'), '');
    assert.equal(damaged.code, 'INTERNAL');
    const held = enrichWarehouseError(new Error('IO Error: Could not set lock on file'), '');
    assert.equal(held.code, 'DATABASE_BUSY');
    const conflicting = enrichWarehouseError(new Error('Conflicting lock is held in x'), '');
    assert.equal(conflicting.code, 'DATABASE_BUSY');
  });
});
