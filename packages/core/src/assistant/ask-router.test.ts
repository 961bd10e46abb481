import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { ask } from './ask-router.ts';
import { assistantRuntime, assistantSettingsFrom } from './assistant-settings.ts';
import { startFakeOpenAiServer } from './llm/fake-openai-server.ts';
import { BUNDLED_NOTES_DIR } from './retrieval/load-notes.ts';

describe('assistant settings', () => {
  it('are offline by default, with ./notes (when present) and the bundled notes', () => {
    const dir = tempDir();
    const bare = assistantSettingsFrom({}, undefined, dir);
    assert.equal(bare.model, null);
    assert.deepEqual(bare.notesDirs, [BUNDLED_NOTES_DIR]);
    assert.equal(bare.answersDir, join(dir, '.costlens/answers'));
    mkdirSync(join(dir, 'notes'));
    assert.deepEqual(assistantSettingsFrom({}, {}, dir).notesDirs, [
      join(dir, 'notes'),
      BUNDLED_NOTES_DIR,
    ]);
  });

  it('take the model from the environment and name a bad setting', () => {
    const s = assistantSettingsFrom(
      { COSTLENS_LLM_PROVIDER: 'anthropic', COSTLENS_LLM_MODEL: 'claude-x' },
      { notesDir: 'runbooks', sensitiveTagKeys: ['owner'] },
      '/srv/costlens',
    );
    assert.equal(s.model?.engine, 'model:anthropic/claude-x');
    assert.deepEqual(s.notesDirs, ['/srv/costlens/runbooks']);
    assert.deepEqual(s.sensitiveTagKeys, ['owner']);
    assert.throws(
      () => assistantSettingsFrom({}, { notesDirectory: 'x' }, '/srv'),
      (e) => isCostLensError(e) && /assistant\./.test(e.issues[0]?.column ?? ''),
    );
  });
});

describe('ask', () => {
  let wh: DuckDbWarehouse;
  const closers: (() => Promise<void>)[] = [];
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, [
      { day: '2025-05-01', cost: '41.25', service: 'Amazon EC2' },
      { day: '2025-05-02', cost: '8.75', service: 'Amazon S3' },
    ]);
  });
  after(async () => {
    for (const c of closers) await c();
    await wh.close();
  });

  it('answers a runbook question offline from the notes, citing them, with no number added', async () => {
    const dir = tempDir();
    writeTemp(dir, 'on-call.md', '# Paging the on-call for cost alerts\n\nPage the owning team.');
    const rt = assistantRuntime(assistantSettingsFrom({}, { notesDir: dir }, dir));
    const r = await ask(wh, 'What is our process for paging the on-call?', { ...rt, log: false });
    assert.equal(r.engine, 'offline');
    assert.equal(r.citations?.[0]?.id, 'note:on-call.md');
    assert.match(r.answer, /Paging the on-call/);
  });

  it('leaves a plain data question uncited and offline when no model is set', async () => {
    const rt = assistantRuntime(assistantSettingsFrom({}, undefined, tempDir()));
    const r = await ask(wh, 'total cost by service in May 2025', { ...rt, log: false });
    assert.equal(r.engine, 'offline');
    assert.equal(r.citations, undefined);
    assert.ok(r.values.length > 0);
  });

  it('goes through the configured model and logs what was sent to the send-log file', async () => {
    const server = await startFakeOpenAiServer([
      () => ({ toolCalls: [{ name: 'query_costs', args: { metric: 'effective_cost' } }] }),
      () => ({ text: 'Total effective cost was 50.00 USD.' }),
    ]);
    closers.push(server.close);
    const dir = tempDir();
    const settings = assistantSettingsFrom(
      {
        COSTLENS_LLM_PROVIDER: 'openai-compatible',
        COSTLENS_LLM_BASE_URL: server.baseURL,
        COSTLENS_LLM_MODEL: 'fake',
      },
      undefined,
      dir,
    );
    const r = await ask(wh, 'total cost?', { ...assistantRuntime(settings), log: false });
    assert.equal(r.engine, 'model:openai-compatible/fake');
    assert.equal(r.answer, 'Total effective cost was 50.00 USD.');
    const lines = readFileSync(settings.sendLogPath, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal((JSON.parse(lines[0]!) as { engine: string }).engine, r.engine);
  });
});
