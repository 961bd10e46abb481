import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { FOCUS_SAMPLE, miniFocusCsv, tempDir, writeTemp } from '../testing/fixtures.ts';
import { checkStage } from './check-stage.ts';
import { focusFormat } from './formats/focus.ts';
import { stageSource } from './stage-source.ts';
import { countLeniency, validateValues } from './validate-stage.ts';

/** The one-pass check must say exactly what the two separate scans say. */
async function compare(file: string) {
  const wh = await DuckDbWarehouse.open();
  try {
    return await wh.transaction(async (tx) => {
      const stage = await stageSource(tx, file, '__stage_t');
      const m = focusFormat.mapping(stage.columns);
      const cost = m.sourceTotals.billedCost;
      const one = await checkStage(tx, stage, m.valueChecks, m.leniency, cost);
      const issues = await validateValues(tx, stage, m.valueChecks);
      const findings = await countLeniency(tx, stage, m.leniency, cost);
      return { one, issues, findings };
    });
  } finally {
    await wh.close();
  }
}

describe('one-pass stage check', () => {
  it('finds the same lenient-read findings as separate scans on the real sample', async () => {
    const { one, issues, findings } = await compare(FOCUS_SAMPLE);
    assert.deepEqual(one.issues, issues);
    assert.deepEqual(one.findings, findings);
    assert.ok(one.findings.length > 10);
  });

  it('reports the same unparseable values, with line, column and example, as separate scans', async () => {
    const file = writeTemp(
      tempDir(),
      'bad.csv',
      miniFocusCsv([
        {},
        { BilledCost: '12,5', ChargeFrequency: 'usage-based' },
        { ChargePeriodStart: 'yesterday', BilledCost: 'NULL' },
        { BilledCost: '1e' },
      ]),
    );
    const { one, issues, findings } = await compare(file);
    assert.deepEqual(one.issues, issues);
    assert.deepEqual(one.findings, findings);
    assert.deepEqual(
      one.issues.map((i) => [i.line, i.column]),
      [
        [4, 'ChargePeriodStart'],
        [3, 'BilledCost'],
      ],
    );
    assert.match(one.issues[1]!.message, /"12,5" is not a number \(and 1 more rows/);
  });
});
