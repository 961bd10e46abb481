import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { normalizeServerConfig } from '@costlens/server';
import { tempDir } from '../../core/src/testing/fixtures.ts';
import { loadConfig } from './config.ts';

describe('the limits section of costlens.config.json', () => {
  it('reaches the server config, with defaults for what it leaves out', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'costlens.config.json'),
      JSON.stringify({
        limits: { perCaller: { max: 50, windowMs: 10_000 }, bodyBytes: 2048 },
      }),
    );
    const config = loadConfig({}, {}, dir);
    const server = normalizeServerConfig({ limits: config.limits! });
    assert.deepEqual(server.limits.perCaller, { max: 50, windowMs: 10_000 });
    assert.equal(server.limits.bodyBytes, 2048);
    assert.equal(server.limits.rateLimits, true);
    assert.equal(server.limits.routeBudgets['POST /api/ask']!.max, 30);
  });

  it('a budget of zero or an unknown key is refused naming the field', () => {
    const dir = tempDir();
    const write = (limits: unknown) =>
      writeFileSync(join(dir, 'costlens.config.json'), JSON.stringify({ limits }));
    write({ perCaller: { max: 0, windowMs: 1000 } });
    assert.throws(() => loadConfig({}, {}, dir), /limits\.perCaller\.max/);
    write({ bodyLimit: 10 });
    assert.throws(() => loadConfig({}, {}, dir), /limits.*bodyLimit/);
  });
});
