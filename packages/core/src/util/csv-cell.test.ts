import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusOf } from '../testing/injection-corpus.ts';
import { csvCell } from './csv-cell.ts';

describe('csvCell', () => {
  it('csv-formula: every corpus formula starts with a quote mark, so a spreadsheet shows it as text', () => {
    for (const x of corpusOf('csv-formula')) {
      const cell = csvCell(x.text);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
      assert.equal(unquoted, `'${x.text}`, x.id);
    }
  });

  it('leaves numbers exact, negative credits included, and quotes commas, quotes and newlines', () => {
    assert.equal(csvCell('-12.500000000000001'), '-12.500000000000001');
    assert.equal(csvCell('+3'), '+3');
    assert.equal(csvCell(-4.5), '-4.5');
    assert.equal(csvCell('1e-7'), '1e-7');
    assert.equal(csvCell('A, "B"'), '"A, ""B"""');
    assert.equal(csvCell('a\nb'), '"a\nb"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell('- 1'), "'- 1");
  });
});
