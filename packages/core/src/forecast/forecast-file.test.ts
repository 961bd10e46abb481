import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { forecastFile, FORECAST_FILE_HEADER } from './forecast-file.ts';
import { seededRandom } from './seeded-random.ts';

function longCsv(ids: readonly string[], n: number, ts: (t: number) => string): string {
  const rng = seededRandom(12);
  const lines = ['series_id,timestamp,value'];
  ids.forEach((id, s) => {
    const q = id.includes(',') ? `"${id}"` : id;
    for (let t = 0; t < n; t++)
      lines.push(`${q},${ts(t)},${(100 + 10 * s + 5 * Math.sin(t) + rng.normal()).toFixed(3)}`);
  });
  return `${lines.join('\n')}\n`;
}

test('a long-format file round-trips: every series gets horizon rows in the output format', async () => {
  const dir = tempDir();
  const input = writeTemp(
    dir,
    'in.csv',
    longCsv(['a', 'b,with comma', 'c'], 60, (t) => String(t)),
  );
  const output = join(dir, 'out.csv');
  const r = await forecastFile({ input, output, horizon: 6, seasons: [7] });
  assert.equal(r.series, 3);
  const lines = readFileSync(output, 'utf8').trim().split('\n');
  assert.equal(lines[0], FORECAST_FILE_HEADER);
  assert.equal(lines.length, 1 + 3 * 6);
  assert.match(lines[7]!, /^"b,with comma",1,/);
  const [, step, mean, lo80, hi80, lo95, hi95] = lines[1]!.split(',').map(Number);
  assert.equal(step, 1);
  assert.ok(lo95! <= lo80! && lo80! <= mean! && mean! <= hi80! && hi80! <= hi95!);
});

test('ISO dates are accepted in any row order and sorted per series; uneven spacing is refused', async () => {
  const dir = tempDir();
  const day = (t: number) => new Date(Date.UTC(2025, 0, 1 + t)).toISOString().slice(0, 10);
  const [head, ...rest] = longCsv(['x'], 40, day).trim().split('\n');
  const input = writeTemp(dir, 'd.csv', `${[head, ...rest.reverse()].join('\n')}\n`);
  const r = await forecastFile({ input, output: join(dir, 'd-out.csv'), horizon: 3 });
  assert.equal(r.rows, 3);
  const uneven = writeTemp(
    dir,
    'u.csv',
    'series_id,timestamp,value\nx,2025-01-01T00:00:00Z,1\nx,2025-01-01T02:00:00Z,1\nx,2025-01-01T05:00:00Z,1\n',
  );
  await assert.rejects(
    forecastFile({ input: uneven, output: join(dir, 'o.csv'), horizon: 3 }),
    (e) => isCostLensError(e) && e.issues.some((i) => /not evenly spaced/.test(i.message)),
  );
});

test('bad rows are reported together with line and column, and nothing is written', async () => {
  const dir = tempDir();
  const input = writeTemp(
    dir,
    'bad.csv',
    'series_id,timestamp,value\na,0,1\na,1,abc\na,2,3\nb,0,1\nb,0,2\nc,x,4\n,3,4\n',
  );
  const output = join(dir, 'out.csv');
  await assert.rejects(forecastFile({ input, output, horizon: 2 }), (e) => {
    assert.ok(isCostLensError(e));
    const byLine = new Map(e.issues.map((i) => [i.line, i]));
    assert.equal(byLine.get(3)?.column, 'value');
    assert.match(byLine.get(6)?.message ?? '', /second value for the same timestamp/);
    assert.equal(byLine.get(7)?.column, 'timestamp');
    assert.equal(byLine.get(8)?.column, 'series_id');
    assert.ok(e.issues.every((i) => i.file === input));
    return true;
  });
  assert.equal(existsSync(output), false);
});

test('a missing header column is named, and gaps can be filled with zero on request', async () => {
  const dir = tempDir();
  const noValue = writeTemp(dir, 'h.csv', 'id,timestamp,amount\na,0,1\n');
  await assert.rejects(
    forecastFile({ input: noValue, output: join(dir, 'o.csv'), horizon: 1 }),
    /series_id, value/,
  );
  const gappy = writeTemp(dir, 'g.csv', 'series_id,timestamp,value\na,0,5\na,1,5\na,4,5\na,5,5\n');
  await assert.rejects(
    forecastFile({ input: gappy, output: join(dir, 'o.csv'), horizon: 1 }),
    (e) => isCostLensError(e) && e.issues[0]!.message.includes('2 missing step(s)'),
  );
  const r = await forecastFile({
    input: gappy,
    output: join(dir, 'o.csv'),
    horizon: 1,
    fillGaps: 'zero',
  });
  assert.equal(r.series, 1);
});

test('worker threads produce the same rows in the same order as inline', async () => {
  const dir = tempDir();
  const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
  const input = writeTemp(
    dir,
    'in.csv',
    longCsv(ids, 50, (t) => String(t)),
  );
  await forecastFile({ input, output: join(dir, 'inline.csv'), horizon: 4, seasons: [7] });
  const r = await forecastFile({
    input,
    output: join(dir, 'pool.csv'),
    horizon: 4,
    seasons: [7],
    concurrency: 2,
    batchSize: 2,
  });
  assert.equal(r.workers, 2);
  assert.equal(
    readFileSync(join(dir, 'pool.csv'), 'utf8'),
    readFileSync(join(dir, 'inline.csv'), 'utf8'),
  );
});
