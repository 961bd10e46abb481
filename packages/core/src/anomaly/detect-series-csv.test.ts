import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { detectSeriesCsv, parseIsoUtc } from './detect-series-csv.ts';
import { syntheticSeries } from './synthetic-series.ts';

/** Two daily series and one hourly series, interleaved, one planted spike each in a and h. */
function longCsv(days = 120): { text: string; spikeA: string; spikeH: string } {
  const a = syntheticSeries({ seed: 1, days, events: [{ kind: 'spike', day: 100, factor: 2 }] });
  const b = syntheticSeries({ seed: 2, days, level: 50 });
  const lines = ['series_id,timestamp,value'];
  for (let d = 0; d < days; d++) {
    lines.push(
      `a,${new Date(a.timesMs[d]!).toISOString().slice(0, 10)},${a.values[d]!.toFixed(2)}`,
    );
    lines.push(`"b, quoted",${new Date(b.timesMs[d]!).toISOString()},${b.values[d]!.toFixed(4)}`);
  }
  const start = Date.parse('2025-03-03T00:00:00Z');
  for (let h = 0; h < 24 * 21; h++) {
    const base = 100 + 40 * Math.sin((2 * Math.PI * (h % 24)) / 24) + ((h * 7919) % 13) / 4;
    const v = h === 24 * 18 + 5 ? base * 3 : base;
    lines.push(
      `h,${new Date(start + h * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)},${v}`,
    );
  }
  return {
    text: `${lines.join('\n')}\n`,
    spikeA: new Date(a.timesMs[100]!).toISOString().slice(0, 10),
    spikeH: new Date(start + (24 * 18 + 5) * 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19),
  };
}

function readOut(path: string) {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  return {
    header,
    rows: rows.map((r) => {
      const m = /^(".*"|[^,]*),([^,]*),([^,]*),([^,]*),([^,]*)$/.exec(r)!;
      return { id: m[1]!, ts: m[2]!, value: m[3]!, score: Number(m[4]), flag: m[5]! };
    }),
  };
}

describe('generic mode (detect --series)', () => {
  it('writes every input row in order with a score in [0,1] and flags the planted spikes', async () => {
    const dir = tempDir();
    const { text, spikeA, spikeH } = longCsv();
    const input = writeTemp(dir, 'in.csv', text);
    const output = join(dir, 'out.csv');
    const result = await detectSeriesCsv(input, output);
    const out = readOut(output);
    assert.equal(out.header, 'series_id,timestamp,value,anomaly_score,is_anomaly');
    const inputRows = text.trim().split('\n').slice(1);
    assert.equal(out.rows.length, inputRows.length);
    assert.equal(result.series, 3);
    out.rows.forEach((r, i) => {
      assert.ok(inputRows[i]!.startsWith(`${r.id},${r.ts},${r.value}`), `row ${i} keeps its text`);
      assert.ok(r.score >= 0 && r.score <= 1);
      if (r.flag === '1') assert.ok(r.score >= 0.5, 'a flagged row scores at least 0.5');
    });
    const flagged = out.rows.filter((r) => r.flag === '1').map((r) => `${r.id}@${r.ts}`);
    assert.ok(flagged.includes(`a@${spikeA}`), `a's spike in ${flagged}`);
    assert.ok(flagged.includes(`h@${spikeH}`), `h's spike in ${flagged}`);
    assert.equal(result.anomalies, flagged.length);
    assert.ok(flagged.length <= 6, `few flags overall: ${flagged}`);
  });

  it('gives each row the same score whether or not later rows are in the file', async () => {
    const dir = tempDir();
    const { text } = longCsv();
    const firstA = text
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('a,'))
      .slice(0, 90);
    await detectSeriesCsv(writeTemp(dir, 'full.csv', text), join(dir, 'full-out.csv'));
    const cutCsv = `series_id,timestamp,value\n${firstA.join('\n')}\n`;
    await detectSeriesCsv(writeTemp(dir, 'cut.csv', cutCsv), join(dir, 'cut-out.csv'));
    const full = new Map(
      readOut(join(dir, 'full-out.csv')).rows.map((r) => [`${r.id}@${r.ts}`, r.score]),
    );
    const cutRows = readOut(join(dir, 'cut-out.csv')).rows;
    assert.equal(cutRows.length, 90);
    for (const r of cutRows) assert.equal(r.score, full.get(`${r.id}@${r.ts}`));
  });

  it('rejects bad rows with line and field, all at once, and writes nothing', async () => {
    const dir = tempDir();
    const input = writeTemp(
      dir,
      'bad.csv',
      'series_id,timestamp,value\na,2025-01-01,1\na,01/02/2025,2\nb,2025-01-03,abc\na,2025-01-01,3\n',
    );
    const output = join(dir, 'out.csv');
    await assert.rejects(detectSeriesCsv(input, output), (e) => {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      const where = e.issues.map((i) => `${i.line}:${i.column}`);
      assert.deepEqual(where, ['3:timestamp', '4:value']);
      assert.match(e.message, /bad\.csv:3 column timestamp/);
      assert.ok(e.hint?.includes('ISO 8601'));
      return true;
    });
    assert.equal(existsSync(output), false);
  });

  it('names missing header columns and duplicate timestamps', async () => {
    const dir = tempDir();
    await assert.rejects(
      detectSeriesCsv(
        writeTemp(dir, 'h.csv', 'id,time,value\nx,2025-01-01,1\n'),
        join(dir, 'o.csv'),
      ),
      (e) => isCostLensError(e) && e.issues.map((i) => i.column).join() === 'series_id,timestamp',
    );
    await assert.rejects(
      detectSeriesCsv(
        writeTemp(
          dir,
          'd.csv',
          'series_id,timestamp,value\nx,2025-01-01,1\nx,2025-01-01T00:00:00Z,2\n',
        ),
        join(dir, 'o.csv'),
      ),
      (e) =>
        isCostLensError(e) && e.issues[0]?.line === 3 && /two values/.test(e.issues[0].message),
    );
  });

  it('reads timestamps without an offset as UTC and honours offsets', () => {
    assert.equal(parseIsoUtc('2014-03-07 03:41:00'), Date.UTC(2014, 2, 7, 3, 41));
    assert.equal(parseIsoUtc('2025-01-01'), Date.UTC(2025, 0, 1));
    assert.equal(parseIsoUtc('2025-01-01T05:00:00+0200'), Date.UTC(2025, 0, 1, 3));
    assert.ok(Number.isNaN(parseIsoUtc('2025-13-01')));
    assert.ok(Number.isNaN(parseIsoUtc('01/02/2025')));
  });
});
