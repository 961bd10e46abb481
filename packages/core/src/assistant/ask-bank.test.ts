import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDbWarehouse } from '../store/duckdb.ts';
import { answerQuestion } from './ask.ts';
import { ASK_DEMO_TODAY, openAskDemo } from './ask-demo-fixture.ts';
import { evaluateBank, questionBank } from './ask-question-bank.ts';
import type { BankRun } from './ask-question-bank.ts';

describe('the question bank over the demo company', () => {
  let wh: DuckDbWarehouse;
  let cleanup = () => undefined as void;
  let run: BankRun;
  const now = new Date(`${ASK_DEMO_TODAY}T00:00:00Z`);

  before(async () => {
    ({ wh, cleanup } = await openAskDemo());
    run = await evaluateBank(wh, questionBank(), (w, q) =>
      answerQuestion(w, q, { now, log: false }),
    );
  });
  after(async () => {
    await wh?.close();
    cleanup();
  });

  it('has at least 150 questions in varied phrasing', () => {
    assert.ok(run.total >= 150, `${run.total} questions`);
    assert.ok(
      new Set(questionBank().map((c) => c.q.toLowerCase())).size === run.total,
      'no duplicates',
    );
  });

  it('answers at least 95 % exactly as SQL computes them', () => {
    const share = run.passed / run.total;
    if (run.failures.length > 0) console.log(`bank failures:\n${run.failures.join('\n')}`);
    assert.ok(share >= 0.95, `${run.passed}/${run.total} exact`);
  });

  it('anchors "this month" at the data\'s last day when no clock is given', async () => {
    const r = await answerQuestion(wh, 'spend this month', { log: false });
    assert.deepEqual(r.queries[0]!.timeRange, { start: '2026-06-01', end: '2026-06-18' });
  });
});
