import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DuckDbWarehouse, ingestFiles, listSources } from '@costlens/core';
import { startServer } from '@costlens/server';
import { FOCUS_SAMPLE, miniFocusCsv, tempDir, writeTemp } from '../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../bin/costlens.js');

/** Runs the CLI in a child without blocking this process (the server here must keep answering). */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function servedSample() {
  const dbPath = join(tempDir(), 'served.duckdb');
  const wh = await DuckDbWarehouse.open({ path: dbPath });
  await ingestFiles(wh, [FOCUS_SAMPLE]);
  const expected = await listSources(wh);
  await wh.close();
  const server = await startServer({ dbPath, port: 0 });
  return { dbPath, server, expected };
}

describe('the CLI while a server owns the database', () => {
  it('reads sources and runs SQL through the server instead of failing on the lock', async () => {
    const { dbPath, server, expected } = await servedSample();
    try {
      const sources = await cli(['--db', dbPath, '--json', 'sources']);
      assert.equal(sources.code, 0, sources.stderr);
      assert.deepEqual(JSON.parse(sources.stdout), expected);
      assert.match(sources.stderr, new RegExp(`server at ${server.url} holds the database`));
      const sneaky = await cli(['--db', dbPath, 'sql', "SELECT * FROM read_csv('/etc/passwd')"]);
      assert.equal(sneaky.code, 3);
    } finally {
      await server.close();
    }
  });

  it('refuses a write with exit code 5, naming the server and its PID', async () => {
    const { dbPath, server } = await servedSample();
    try {
      const other = writeTemp(tempDir(), 'feb.csv', miniFocusCsv([{ BillingAccountId: '222' }]));
      const r = await cli(['--db', dbPath, 'ingest', other]);
      assert.equal(r.code, 5, r.stderr);
      assert.ok(
        r.stderr.includes(`owned by the CostLens server at ${server.url} (PID ${process.pid})`),
        r.stderr,
      );
    } finally {
      await server.close();
    }
  });

  it('creates a token through the server, which then enforces it', async () => {
    const { dbPath, server } = await servedSample();
    try {
      const created = await cli([
        '--db',
        dbPath,
        'token',
        'create',
        '--role',
        'viewer',
        '--name',
        'ci',
      ]);
      assert.equal(created.code, 0, created.stderr);
      const token = created.stdout.trim();
      assert.match(token, /^clk_/);
      const who = await fetch(`${server.url}/api/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await who.json()) as { role: string }).role, 'viewer');
      const anonymous = await cli(['--db', dbPath, 'sources']);
      assert.equal(anonymous.code, 2, 'no token now that one exists: 401 → usage error');
      assert.match(anonymous.stderr, /requires an API token/);
    } finally {
      await server.close();
    }
  });
});

describe('costlens token without a server', () => {
  it('creates and lists tokens in the database, printing the secret only once', async () => {
    const db = join(tempDir(), 't.duckdb');
    const created = await cli(['--db', db, 'token', 'create', '--role', 'admin']);
    assert.equal(created.code, 0, created.stderr);
    const listed = JSON.parse((await cli(['--db', db, '--json', 'token', 'list'])).stdout);
    assert.equal(listed.length, 1);
    assert.ok(!JSON.stringify(listed).includes(created.stdout.trim()));
    assert.equal(listed[0].role, 'admin');
  });
});
