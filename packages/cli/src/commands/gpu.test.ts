import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA, tempDir, writeTemp } from '../../../core/src/testing/fixtures.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/costlens.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The H100 "load" row of the real capture, in the order and form `gpu collect` asks for. */
const H100_LOAD_ROW =
  '2026/07/14 08:12:53.353, [N/A], NVIDIA H100 80GB HBM3, GPU-00000000-0000-0000-0000-000000000000, 0, 100, 11, 81559, 19818, 61263, 631.95, 59, 1980, 0, 0, No, Disabled';

describe('costlens gpu', () => {
  const dir = tempDir();
  const db = join(dir, 'g.duckdb');

  it('collect runs nvidia-smi from PATH with the noheader,nounits query and loads its output', () => {
    const bin = join(dir, 'fakebin');
    mkdirSync(bin);
    const argsFile = join(dir, 'args.txt');
    const fake = writeTemp(
      bin,
      'nvidia-smi',
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho '${H100_LOAD_ROW}'\n`,
    );
    chmodSync(fake, 0o755);
    const r = cli(['--db', db, 'gpu', 'collect'], { PATH: `${bin}:${dirname(process.execPath)}` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nvidia-smi, 11 samples, 1 devices on /);
    const args = readFileSync(argsFile, 'utf8').split('\n');
    assert.ok(args.includes('--format=csv,noheader,nounits'));
    assert.match(args[0]!, /^--query-gpu=timestamp,hostname,name,uuid,index,utilization\.gpu/);
  });

  it('collect asks an older driver that refuses a field for the basic set instead', () => {
    const bin = join(dir, 'oldbin');
    mkdirSync(bin);
    const fake = writeTemp(
      bin,
      'nvidia-smi',
      [
        '#!/bin/sh',
        'case "$1" in *hostname*) echo \'Field "hostname" is not a valid field to query.\'; exit 2;; esac',
        "echo '2026/07/14 08:12:38.696, NVIDIA H100 80GB HBM3, GPU-old, 0, 0, 0, 81559, 0, 81081, 69.85, 41'",
      ].join('\n'),
    );
    chmodSync(fake, 0o755);
    const r = cli(['--db', db, 'gpu', 'collect'], { PATH: `${bin}:${dirname(process.execPath)}` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nvidia-smi, 7 samples, 1 devices/);
  });

  it('collect says plainly that nvidia-smi is absent (exit 3)', () => {
    const r = cli(['--db', db, 'gpu', 'collect'], { PATH: dirname(process.execPath) });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /nvidia-smi was not found on PATH/);
  });

  it('collect --url scrapes a dcgm-exporter endpoint', async () => {
    const body =
      '# TYPE DCGM_FI_DEV_GPU_UTIL gauge\nDCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-url",Hostname="n1"} 42\n';
    const server = createServer((_req, res) => res.end(body));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    const r = await new Promise<ReturnType<typeof cli>>((ok) => {
      // spawnSync would block the server's event loop: run the CLI asynchronously.
      import('node:child_process').then(({ execFile }) =>
        execFile(
          process.execPath,
          [BIN, '--db', db, 'gpu', 'collect', '--url', `http://127.0.0.1:${port}/metrics`],
          { encoding: 'utf8' },
          (err, stdout, stderr) => ok({ code: err ? (err.code as number) : 0, stdout, stderr }),
        ),
      );
    });
    server.close();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /prometheus, 1 samples, 1 devices on n1/);
  });

  it('ingest names file and line of a malformed exposition line (exit 3), fleet and matrix read the rest', () => {
    const bad = writeTemp(
      dir,
      'bad.prom',
      'DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="x"} 1\nDCGM_FI_DEV_GPU_UTIL{gpu="0" 1\n',
    );
    const b = cli(['--db', db, 'gpu', 'ingest', bad]);
    assert.equal(b.code, 3);
    assert.match(b.stderr, /bad\.prom:2/);
    const sample = join(SHARED_DATA, 'gpu/nvidia-smi/query-gpu-sample-h100.csv');
    const ok = cli(['--db', db, 'gpu', 'ingest', sample, '--hostname', 'lab-h100']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /nvidia-smi, \d+ samples, 1 devices on lab-h100/);
    const set = cli([
      '--db',
      db,
      'gpu',
      'criticality',
      'set',
      'host',
      'lab-h100',
      'high',
      '--note',
      'lab',
    ]);
    assert.equal(set.code, 0, set.stderr);
    const f = cli(['--db', db, '--json', 'gpu', 'fleet', '--days', '400', '--price', 'H100=3.00']);
    assert.equal(f.code, 0, f.stderr);
    const fleet = JSON.parse(f.stdout) as {
      devices: { hostname: string; costBasis: string; criticality: { basis: string } }[];
    };
    const lab = fleet.devices.find((d) => d.hostname === 'lab-h100')!;
    assert.equal(lab.costBasis, 'price');
    assert.equal(lab.criticality.basis, 'registry:host=lab-h100');
    const m = cli(['--db', db, 'gpu', 'matrix', '--days', '400']);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /High use · high criticality/);
    const bad2 = cli(['--db', db, 'gpu', 'criticality', 'set', 'region', 'x', 'high']);
    assert.equal(bad2.code, 3);
  });
});
