import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir, writeTemp } from '../../testing/fixtures.ts';
import type { AskResult } from '../types.ts';
import { citationsFor, isHowToQuestion } from './cite-notes.ts';
import { BUNDLED_NOTES_DIR, loadNotes } from './load-notes.ts';
import { buildNoteIndex } from './note-index.ts';
import { saveAnswer } from './saved-answers.ts';

describe('retrieval over notes and saved answers', () => {
  it('indexes markdown recursively, titles from the first heading, SOURCES.md skipped', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'runbooks'));
    writeTemp(
      dir,
      'runbooks/on-call.md',
      'Intro line\n\n# On-call for cost alerts\n\nPage the owner.',
    );
    writeTemp(dir, 'no_heading_here.md', 'Just text about budgets.');
    writeTemp(dir, 'SOURCES.md', '# Sources\n');
    writeTemp(dir, 'ignored.txt', '# Not markdown');
    const docs = loadNotes(dir);
    assert.deepEqual(
      docs.map((d) => [d.id, d.title]),
      [
        ['note:no_heading_here.md', 'no heading here'],
        ['note:runbooks/on-call.md', 'On-call for cost alerts'],
      ],
    );
    assert.deepEqual(loadNotes(join(dir, 'missing')), []);
  });

  it('ranks the note about the topic first, plurals and stop words notwithstanding', () => {
    const index = buildNoteIndex(loadNotes(BUNDLED_NOTES_DIR));
    assert.ok(index.size >= 3);
    const cases: [string, string][] = [
      ['How do we respond to a cost anomaly?', 'note:respond-to-a-cost-anomaly.md'],
      ['how do savings plans and reserved instances work', 'note:how-commitments-work.md'],
      ['which tags must every resource carry', 'note:tagging-policy.md'],
      ['before approving rightsizing, what do I check', 'note:rightsizing-and-idle-resources.md'],
    ];
    for (const [q, id] of cases) {
      const hits = index.search(q, 3);
      assert.equal(hits[0]?.id, id, q);
      assert.ok(hits[0]!.coverage > 0.5, q);
      assert.ok(hits[0]!.snippet.length > 0 && hits[0]!.snippet.length <= 241, q);
    }
  });

  it('cites runbooks for how-to questions and nothing for plain data questions', () => {
    const index = buildNoteIndex(loadNotes(BUNDLED_NOTES_DIR));
    assert.ok(isHowToQuestion('What is our tagging policy?'));
    assert.ok(!isHowToQuestion('total cost by service last month'));
    const howTo = citationsFor(index, 'What is our tagging policy?');
    assert.equal(howTo[0]?.id, 'note:tagging-policy.md');
    assert.match(howTo[0]!.title, /Tagging policy/);
    for (const q of [
      'what did we spend on EC2 last month',
      'total cost by service',
      'why did EC2 cost go up last week',
      'forecast for next month',
    ]) {
      assert.deepEqual(citationsFor(index, q), [], q);
    }
    // A data question that is really about a note's topic still gets it.
    assert.equal(
      citationsFor(index, 'unused savings plan commitment cost last month')[0]?.id,
      'note:how-commitments-work.md',
    );
  });

  it('a saved answer is written redacted and found again by a later question', () => {
    const dir = tempDir();
    const result: AskResult = {
      question: 'Why did Redshift spend for account 123456789012 jump in March?',
      intent: 'why',
      answer:
        'Redshift rose by $1,204.50 because the reporting cluster was resized (owner ann@example.com).',
      values: [{ label: 'change', value: '1204.50', unit: 'USD' }],
      queries: [{ metric: 'effective_cost', groupBy: ['service'] }],
      sql: ['SELECT 1'],
      engine: 'offline',
    };
    const redact = (t: string) =>
      t.replace(/\b\d{12}\b/g, '<account>').replace(/\S+@\S+\.\w+/g, '<email>');
    const path = saveAnswer(join(dir, 'answers'), result, {
      redact,
      now: new Date('2026-03-04T10:00:00Z'),
    });
    assert.match(path, /2026-03-04-why-did-redshift-spend-for-account-.*\.md$/);
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes('123456789012') && !text.includes('ann@example.com'));
    assert.match(text, /1204\.50 USD/);
    const index = buildNoteIndex([
      ...loadNotes(BUNDLED_NOTES_DIR),
      ...loadNotes(join(dir, 'answers'), 'answer'),
    ]);
    const hit = index.search('redshift reporting cluster resized', 1)[0];
    assert.equal(hit?.kind, 'answer');
    assert.match(hit.title, /Redshift/);
  });
});
