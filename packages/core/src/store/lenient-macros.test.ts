/**
 * The lenient-parsing macros every converter uses (cl_null, cl_dec, cl_ts, cl_json): cl_dec's fast
 * path must give exactly what DuckDB's own DECIMAL(38, 15) cast gives, and timestamps with an
 * offset must land in UTC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from './duckdb.ts';

const DECIMALS = [
  '0',
  '-0',
  '-0.5',
  '+1.5',
  '.5',
  '5.',
  '-.25',
  ' 12.34 ',
  '00012.3400',
  '-0.000000000000001',
  '0.0000000000000005',
  '0.1234567890123456789',
  '12345678901234567890123.123456789012345',
  '99999999999999999999999.999999999999999',
  '123456789012345678901234',
  '1e-7',
  '1.5E3',
  '-2.5e+2',
  '1,5',
  '1 000',
  '.',
  '-',
  '+',
  '',
  '   ',
  'NULL',
  'null',
  'abc',
  '$12',
  '0x1F',
  'NaN',
  'Infinity',
];

describe('lenient parsing macros', () => {
  it('cl_dec equals DuckDB’s DECIMAL(38, 15) cast of the trimmed text, value for value', async () => {
    const wh = await DuckDbWarehouse.open();
    const rows = await wh.query<{ x: string; fast: string | null; cast: string | null }>(
      `SELECT x, cl_dec(x)::VARCHAR AS fast,
              TRY_CAST(CASE WHEN upper(trim(x)) = 'NULL' THEN NULL ELSE nullif(trim(x), '') END
                       AS DECIMAL(38, 15))::VARCHAR AS cast
       FROM (SELECT unnest(from_json($1, '["VARCHAR"]')) AS x)`,
      [JSON.stringify(DECIMALS)],
    );
    assert.equal(rows.length, DECIMALS.length);
    for (const r of rows) assert.equal(r.fast, r.cast, `cl_dec(${JSON.stringify(r.x)})`);
    // The fast path really is taken and exact at both ends of its range.
    const [edge] = await wh.query<{ a: string; b: string; t: string }>(
      `SELECT cl_dec('99999999999999999999999.999999999999999')::VARCHAR AS a,
              (cl_dec('0.000000000000001') * 3)::VARCHAR AS b, typeof(cl_dec('1.5')) AS t`,
    );
    assert.equal(edge!.a, '99999999999999999999999.999999999999999');
    assert.equal(edge!.b, '0.000000000000003');
    assert.equal(edge!.t, 'DECIMAL(38,15)');
    await wh.close();
  });

  it('sums of parsed decimals have no float drift', async () => {
    const wh = await DuckDbWarehouse.open();
    const [row] = await wh.query<{ s: string }>(
      `SELECT sum(cl_dec('0.1'))::VARCHAR AS s FROM range(1000)`,
    );
    assert.equal(row!.s, '100.000000000000000');
    await wh.close();
  });

  it('cl_ts reads ISO, US and offset timestamps, and converts offsets to UTC', async () => {
    const wh = await DuckDbWarehouse.open();
    const cases: [string, string | null][] = [
      ['2024-01-01T10:00:00Z', '2024-01-01 10:00:00'],
      ['2024-01-01T10:00:00.000Z', '2024-01-01 10:00:00'],
      ['2024-01-01 10:00', '2024-01-01 10:00:00'],
      ['2024-01-01', '2024-01-01 00:00:00'],
      ['2024-01-01T10:00:00+02:00', '2024-01-01 08:00:00'],
      ['2024-01-01T22:30:00-05:00', '2024-01-02 03:30:00'],
      ['2024-01-01T10:00+00:00', '2024-01-01 10:00:00'],
      ['01/02/2024', '2024-01-02 00:00:00'],
      ['01/02/2024 10:11:12 PM', '2024-01-02 22:11:12'],
      [' NULL ', null],
      ['', null],
      ['yesterday', null],
    ];
    const rows = await wh.query<{ x: string; ts: string | null }>(
      `SELECT x, cl_ts(x)::VARCHAR AS ts FROM (
         SELECT unnest(l) AS x, generate_subscripts(l, 1) AS i FROM (SELECT from_json($1, '["VARCHAR"]') AS l))
       ORDER BY i`,
      [JSON.stringify(cases.map((c) => c[0]))],
    );
    rows.forEach((r, i) => assert.equal(r.ts, cases[i]![1], `cl_ts(${JSON.stringify(r.x)})`));
    await wh.close();
  });

  it('cl_json accepts an object, a bare key list, and nothing else', async () => {
    const wh = await DuckDbWarehouse.open();
    const [row] = await wh.query<{ a: string; b: string; c: string | null; d: string | null }>(
      `SELECT cl_json('{"team":"ml"}')::VARCHAR AS a, cl_json('"team":"ml"')::VARCHAR AS b,
              cl_json('team=ml')::VARCHAR AS c, cl_json(' ')::VARCHAR AS d`,
    );
    assert.deepEqual(row, { a: '{"team":"ml"}', b: '{"team":"ml"}', c: null, d: null });
    await wh.close();
  });
});
