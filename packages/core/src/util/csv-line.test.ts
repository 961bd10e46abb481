import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitCsvLine } from './csv-line.ts';

describe('splitCsvLine', () => {
  it('honours quotes, escaped quotes, empty fields and other delimiters', () => {
    assert.deepEqual(splitCsvLine('a,"b,c","d""e",,'), ['a', 'b,c', 'd"e', '', '']);
    assert.deepEqual(splitCsvLine('plain,fields'), ['plain', 'fields']);
    assert.deepEqual(splitCsvLine('x;"1;5";y', ';'), ['x', '1;5', 'y']);
  });
});
