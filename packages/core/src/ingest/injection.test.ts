import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listSources } from './manifest.ts';
import { ingestFiles } from './ingest.ts';
import { literalGlob } from './stage-source.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { INJECTION_CLASSES, PWNED, corpusOf } from '../testing/injection-corpus.ts';

// Issue 15, injection corpus × ingest: hostile strings inside a billing file (service and resource
// names, tag keys and values) are stored verbatim as data, and a file whose name carries glob,
// quote or markup characters is read as exactly that file — never its neighbours.

async function stored(wh: DuckDbWarehouse) {
  return wh.query<{ service: string; resource: string; tags: string; cost: string }>(
    `SELECT "ServiceName" AS service, "ResourceId" AS resource, CAST("Tags" AS VARCHAR) AS tags,
       CAST("BilledCost" AS VARCHAR) AS cost FROM focus_cost ORDER BY "BilledCost"`,
  );
}

describe('injection corpus × ingest', () => {
  for (const cls of INJECTION_CLASSES) {
    it(`${cls}: strings in service names, resource ids and tags are stored verbatim`, async () => {
      const cases = corpusOf(cls);
      const dir = tempDir();
      const file = writeTemp(
        dir,
        'focus.csv',
        miniFocusCsv(
          cases.map((x, i) => ({
            ServiceName: x.text,
            ResourceId: x.text,
            BilledCost: `${i + 1}.00`,
            EffectiveCost: `${i + 1}.00`,
            Tags: JSON.stringify({ team: x.text, [x.text]: 'v' }),
          })),
        ),
      );
      const wh = await DuckDbWarehouse.open();
      try {
        const r = await ingestFiles(wh, [file]);
        assert.equal(r.rowCount, cases.length);
        const rows = await stored(wh);
        assert.equal(rows.length, cases.length);
        for (const [i, x] of cases.entries()) {
          const row = rows[i]!;
          assert.equal(row.service, x.text, x.id);
          assert.equal(row.resource, x.text, x.id);
          assert.deepEqual(JSON.parse(row.tags), { team: x.text, [x.text]: 'v' }, x.id);
        }
        const tables = await wh.query<{ n: string }>(
          `SELECT table_name AS n FROM duckdb_tables() WHERE table_name ILIKE '%pwned%'`,
        );
        assert.deepEqual(tables, []);
      } finally {
        await wh.close();
      }
    });
  }

  it('a file named with glob, quote, markup or unicode characters is read as exactly that file', async () => {
    const names = [
      ...corpusOf('path')
        .filter((x) => !/[/\\]/.test(x.text))
        .map((x) => x.text),
      `it's'); DROP TABLE focus_cost; --.csv`,
      `<img src=x onerror=alert(1)> ${PWNED}.csv`,
      `=cmd|' calc'!A0.csv`,
      `bill?.csv`,
      `bill**.csv`,
      `team\u202Egnp.csv`,
    ];
    for (const name of names) {
      const dir = tempDir();
      // Neighbours a glob in the name would match.
      writeTemp(dir, 'bill1.csv', miniFocusCsv([{ BilledCost: '5.00', ResourceId: 'decoy-1' }]));
      writeTemp(dir, 'billx.csv', miniFocusCsv([{ BilledCost: '7.00', ResourceId: 'decoy-x' }]));
      const file = writeTemp(
        dir,
        name.endsWith('.csv') ? name : `${name}.csv`,
        miniFocusCsv([{ BilledCost: '1.00', EffectiveCost: '1.00', ResourceId: 'mine' }]),
      );
      const wh = await DuckDbWarehouse.open();
      try {
        const r = await ingestFiles(wh, [file]);
        assert.equal(r.rowCount, 1, name);
        assert.deepEqual(
          (await stored(wh)).map((x) => [x.resource, x.cost]),
          [['mine', '1.000000000000000']],
          name,
        );
        assert.deepEqual(
          (await listSources(wh)).flatMap((s) => s.files.map((f) => f.path)),
          [file],
          `${name}: the manifest names the file verbatim`,
        );
      } finally {
        await wh.close();
      }
    }
  });

  it('literalGlob leaves plain paths alone and turns each glob character into a class', () => {
    assert.equal(literalGlob('/data/focus-2025-01.csv'), '/data/focus-2025-01.csv');
    assert.equal(literalGlob('/in/bill[0-9]*.csv'), '/in/bill[[]0-9][*].csv');
    assert.equal(literalGlob('a?b'), 'a[?]b');
  });
});
