import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { advertPath, DuckDbWarehouse, readServerAdvert } from '@costlens/core';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { startServer } from './start-server.ts';

/** Runs a child process that opens `dbPath` and holds it until killed; resolves once it holds it. */
function holdDatabase(dbPath: string, serve: boolean): Promise<ChildProcess> {
  const code = serve
    ? `import { startServer } from './packages/server/src/start-server.ts';
       await startServer({ dbPath: ${JSON.stringify(dbPath)}, port: 0, handleSignals: true });
       console.log('ready');`
    : `import { DuckDbWarehouse } from './packages/core/src/store/duckdb.ts';
       globalThis.wh = await DuckDbWarehouse.open({ path: ${JSON.stringify(dbPath)} });
       console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: join(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (c) => reject(new Error(`holder exited with ${c}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('starting the server on a database file', () => {
  it('listens on a real port, advertises itself beside the database, and cleans up on close', async () => {
    const dbPath = join(tempDir(), 'c.duckdb');
    const server = await startServer({ dbPath, port: 0 });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(readServerAdvert(dbPath)?.url, server.url);
    const health = await (await fetch(`${server.url}/api/health`)).json();
    assert.deepEqual(health, { status: 'ok', version: '0.1.0', authMode: 'local-demo' });
    await server.close();
    assert.equal(existsSync(advertPath(dbPath)), false);
    const wh = await DuckDbWarehouse.open({ path: dbPath });
    assert.equal((await wh.query('SELECT * FROM api_token')).length, 0);
    await wh.close();
  });

  it('refuses to listen beyond loopback while no API token exists', async () => {
    const dbPath = join(tempDir(), 'open.duckdb');
    await assert.rejects(startServer({ dbPath, host: '0.0.0.0', port: 0 }), /without API tokens/);
    assert.equal(existsSync(advertPath(dbPath)), false);
    const wh = await DuckDbWarehouse.open({ path: dbPath });
    await wh.close();
  });

  it('says the port is in use, and leaves the database closed, when it cannot listen', async () => {
    const first = await startServer({ dbPath: join(tempDir(), 'one.duckdb'), port: 0 });
    const port = Number(new URL(first.url).port);
    const dbPath = join(tempDir(), 'two.duckdb');
    try {
      await assert.rejects(startServer({ dbPath, port }), /port is in use/);
      assert.equal(existsSync(advertPath(dbPath)), false);
      const wh = await DuckDbWarehouse.open({ path: dbPath });
      await wh.close();
    } finally {
      await first.close();
    }
  });

  it('names the URL and PID when another CostLens server already owns the database', async () => {
    const dbPath = join(tempDir(), 'served.duckdb');
    const other = await holdDatabase(dbPath, true);
    try {
      await assert.rejects(startServer({ dbPath, port: 0 }), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'DATABASE_BUSY');
        assert.match(
          e.message,
          new RegExp(`already served by CostLens at http://127.0.0.1:\\d+ \\(PID ${other.pid}\\)`),
        );
        return true;
      });
    } finally {
      await stop(other);
    }
    assert.equal(existsSync(advertPath(dbPath)), false, 'SIGTERM removed the advert');
  });

  it('closes cleanly when Ctrl-C arrives again while it is closing', async () => {
    // Under `npm start`, Ctrl-C reaches the server twice: from the terminal's process group and
    // forwarded by the launcher, a moment later. A read still running keeps the close busy (the
    // store waits for it, then interrupts it) so the second signal lands mid-close.
    const dbPath = join(tempDir(), 'twice.duckdb');
    const code = `import { startServer } from './packages/server/src/start-server.ts';
      const s = await startServer({ dbPath: ${JSON.stringify(dbPath)}, port: 0, handleSignals: true });
      s.warehouse.query('SELECT count(*) FROM range(100000) a, range(100000) b').catch(() => {});
      console.log('ready');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: join(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    assert.equal(await exited, 0, 'exited normally, not killed by the second signal');
    assert.equal(existsSync(advertPath(dbPath)), false, 'the advert was removed');
    assert.equal(existsSync(`${dbPath}.wal`), false, 'the store was closed (checkpointed)');
  });

  it('names the PID when some other process holds the database', async () => {
    const dbPath = join(tempDir(), 'held.duckdb');
    const other = await holdDatabase(dbPath, false);
    try {
      await assert.rejects(startServer({ dbPath, port: 0 }), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'DATABASE_BUSY');
        assert.match(e.message, new RegExp(`in use by another process .*PID ${other.pid}`));
        return true;
      });
    } finally {
      await stop(other);
    }
  });
});
