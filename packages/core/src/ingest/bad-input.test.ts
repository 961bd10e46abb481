import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { ingestFiles } from './ingest.ts';

/** Everything a failed ingest must leave exactly as it was. */
async function snapshot(wh: DuckDbWarehouse) {
  return wh.query(
    `SELECT (SELECT count(*) FROM focus_cost)::VARCHAR AS rows,
       (SELECT coalesce(sum("BilledCost"), 0) FROM focus_cost)::VARCHAR AS billed,
       (SELECT count(*) FROM ingest)::VARCHAR AS ingests,
       (SELECT count(*) FROM ingest_partition)::VARCHAR AS partitions,
       (SELECT count(*) FROM ingest_finding)::VARCHAR AS findings,
       (SELECT count(*) FROM information_schema.columns WHERE table_name = 'focus_cost')::VARCHAR AS cols`,
  );
}

async function expectRejected(
  content: string | Buffer,
  name: string,
  check: (e: CostLensError, path: string) => void,
  gzip = false,
) {
  const dir = tempDir();
  const good = writeTemp(dir, 'good.csv', miniFocusCsv([{ BilledCost: '4.00' }]));
  const bad = writeTemp(dir, name, content, gzip);
  const wh = await DuckDbWarehouse.open();
  await ingestFiles(wh, [good]);
  const before = await snapshot(wh);
  await assert.rejects(
    () => ingestFiles(wh, [bad]),
    (e: unknown) => {
      assert.ok(e instanceof CostLensError, `expected a CostLensError, got ${String(e)}`);
      assert.ok(e.message.includes(bad), `message names the file: ${e.message}`);
      assert.ok(e.hint && e.hint.length > 10, 'a hint says what to do');
      check(e, bad);
      return true;
    },
  );
  assert.deepEqual(await snapshot(wh), before, 'the store is exactly as it was');
  // And the database still works for the next ingest.
  const next = await ingestFiles(wh, [
    writeTemp(dir, 'next.csv', miniFocusCsv([{ BillingAccountId: '3' }])),
  ]);
  assert.equal(next.status, 'ingested');
  await wh.close();
}

describe('bad input is rejected clearly and leaves the store untouched', () => {
  it('a truncated file (last row cut mid-way) names the line', async () => {
    const full = miniFocusCsv([{}, {}, {}]);
    const truncated = full.slice(0, full.length - 40);
    await expectRejected(truncated, 'truncated.csv', (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.issues[0]!.line, 4);
      assert.match(e.hint!, /truncated/);
    });
  });

  it('a truncated gzip is reported as truncated', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(miniFocusCsv(Array.from({ length: 200 }, () => ({}))));
    await expectRejected(gz.subarray(0, Math.floor(gz.length / 2)), 'cut.csv.gz', (e) => {
      assert.ok(['INVALID_INPUT', 'SOURCE_UNREADABLE'].includes(e.code));
      assert.match(`${e.message} ${e.hint}`, /truncated/);
    });
  });

  it('data rows with a different delimiter than the header name the first bad line', async () => {
    const header = miniFocusCsv([]).trim();
    const row = miniFocusCsv([{}]).split('\n')[1]!.replaceAll(',', ';');
    await expectRejected(`${header}\n${row}\n`, 'mixed-delimiters.csv', (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.issues[0]!.line, 2);
      assert.match(e.message, /expected 18 columns, found 1/);
    });
  });

  it('a semicolon export with decimal commas is rejected, never misread as larger numbers', async () => {
    const csv = miniFocusCsv([{ BilledCost: '1,5' }])
      .replace(/"1,5"/, '1,5')
      .split('\n')
      .map((l) => l.replaceAll(',', ';').replace('1;5', '1,5'))
      .join('\n');
    await expectRejected(csv, 'semicolons.csv', (e) => {
      assert.equal(e.issues[0]!.line, 2);
      assert.equal(e.issues[0]!.column, 'BilledCost');
      assert.match(e.issues[0]!.hint!, /decimal comma/);
    });
  });

  it('a header-only file with a single column says the delimiter is wrong', async () => {
    await expectRejected('BilledCost BillingAccountId\n1 2\n', 'spaces.csv', (e) => {
      assert.equal(e.issues[0]!.line, 1);
      assert.match(`${e.message} ${e.hint}`, /delimit/);
    });
  });

  it('a CSV that is not a billing export is an unknown format', async () => {
    await expectRejected('name,email,age\nada,ada@example.com,36\n', 'people.csv', (e) => {
      assert.equal(e.code, 'UNKNOWN_FORMAT');
      assert.equal(e.issues[0]!.line, 1);
      assert.match(e.hint!, /--format/);
    });
  });

  it('a row with a broken number names line and column', async () => {
    const csv = miniFocusCsv([{}, {}, { BilledCost: '12.3.4' }, {}]);
    await expectRejected(csv, 'broken-number.csv', (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.issues[0]!.line, 4);
      assert.equal(e.issues[0]!.column, 'BilledCost');
      assert.match(e.issues[0]!.message, /12\.3\.4/);
    });
  });

  it('every broken value is reported at once, not just the first', async () => {
    const csv = miniFocusCsv([
      { BilledCost: 'abc' },
      { ChargePeriodStart: 'not a date' },
      { EffectiveCost: '$1,000.00x' },
    ]);
    await expectRejected(csv, 'several.csv', (e) => {
      const where = e.issues.map((i) => `${i.line}:${i.column}`).sort();
      assert.deepEqual(where, ['2:BilledCost', '3:ChargePeriodStart', '4:EffectiveCost']);
    });
  });

  it('an empty file is rejected as empty', async () => {
    await expectRejected('', 'empty.csv', (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.match(e.message, /empty/);
    });
  });

  it('a FOCUS file missing a required column lists every missing column', async () => {
    const csv =
      'BilledCost,BillingAccountId,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart\n1,2,2025-01-01,2025-01-02,2025-01-01\n';
    await expectRejected(csv, 'missing.csv', (e) => {
      assert.deepEqual(e.issues.map((i) => i.column).sort(), [
        'BillingCurrency',
        'BillingPeriodEnd',
      ]);
    });
  });

  it('a bad file among good ones rolls the whole call back', async () => {
    const dir = tempDir();
    const wh = await DuckDbWarehouse.open();
    const before = await snapshot(wh);
    const ok = writeTemp(dir, 'ok.csv', miniFocusCsv([{}]));
    const bad = writeTemp(dir, 'bad.csv', miniFocusCsv([{ BilledCost: 'x' }]));
    await assert.rejects(() => ingestFiles(wh, [ok, bad]), CostLensError);
    assert.deepEqual(await snapshot(wh), before);
    await wh.close();
  });

  it('a missing file is unreadable, not a crash', async () => {
    const wh = await DuckDbWarehouse.open();
    await assert.rejects(
      () => ingestFiles(wh, ['/nonexistent/costs.csv']),
      (e: unknown) => e instanceof CostLensError && e.code === 'SOURCE_UNREADABLE',
    );
    await wh.close();
  });
});
