import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bedrockLine, bedrockLog, MODELS } from '../../../core/src/ai-spend/test-fixtures.ts';
import { tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('costlens ai', () => {
  const dir = tempDir();
  const db = join(dir, 'ai.duckdb');

  it('ingests a Bedrock log and refuses a bad one naming file, line and field (exit 3, nothing loaded)', () => {
    const a = cli(['--db', db, 'ai', 'ingest', writeTemp(dir, 'log.jsonl', bedrockLog())]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(
      a.stdout,
      /bedrock-invocation-log, 3 usage rows, 0 cost lines, 0 unpriced, 2026-01-10 … 2026-01-11/,
    );
    assert.match(a.stdout, /token-priced cost 0\.0218 USD/);
    const bad = writeTemp(
      dir,
      'bad.jsonl',
      bedrockLine({
        id: 'z',
        ts: '2026-01-12T00:00:00Z',
        model: MODELS.SONNET,
        input: -1,
        output: 1,
      }),
    );
    const b = cli(['--db', db, 'ai', 'ingest', bad]);
    assert.equal(b.code, 3, b.stderr);
    assert.match(b.stderr, /bad\.jsonl:1 column input\.inputTokenCount/);
  });

  it('reports spend by app as JSON and a what-if with its assumption', () => {
    const s = cli(['--db', db, '--json', 'ai', 'spend', '--by', 'app']);
    assert.equal(s.code, 0, s.stderr);
    const spend = JSON.parse(s.stdout) as {
      rows: { key: { app: string }; cost: string }[];
      total: { cost: string };
    };
    assert.deepEqual(
      spend.rows.map((r) => [r.key.app, r.cost]),
      [
        ['assistant', '0.0138'],
        ['search', '0.008'],
      ],
    );
    const w = cli([
      '--db',
      db,
      'ai',
      'what-if',
      '--where',
      'app=assistant',
      '--model',
      MODELS.HAIKU,
      '--output-ratio',
      '1.5',
    ]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /current 0\.0138 USD → 0\.00428 USD/);
    assert.match(
      w.stdout,
      /assumes: token ratio: the target needs 1 × the input tokens and 1\.5 × the output tokens/,
    );
  });
});
