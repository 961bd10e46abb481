import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { tempDir, writeTemp } from '../testing/fixtures.ts';
import { ingestUtilization } from './ingest-utilization.ts';

describe('utilization ingest', () => {
  it('loads a CloudWatch-style CSV and re-loading a day replaces it', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const dir = tempDir('util-');
      const a = writeTemp(
        dir,
        'a.csv',
        'resource_id,date,instance_type,cpu_avg,cpu_p95,mem_p95,network_out_gb\ni-1,2026-11-01,m5.large,3.0,5.5,20,1.5\ni-1,2026-11-02,m5.large,3.0,6.5,,1\n',
      );
      const r = await ingestUtilization(wh, a);
      assert.equal(r.rowCount, 2);
      assert.equal(r.lastDay, '2026-11-02');
      const b = writeTemp(
        dir,
        'b.csv',
        'InstanceId,Timestamp,CPUUtilization_p95\ni-1,2026-11-02T00:00:00Z,40\n',
      );
      await ingestUtilization(wh, b);
      const rows = await wh.query<{ day: string; p: number; m: number | null }>(
        `SELECT day::VARCHAR AS day, cpu_p95 AS p, mem_p95 AS m FROM ec2_utilization ORDER BY day`,
      );
      assert.deepEqual(
        rows.map((x) => [x.day, x.p, x.m]),
        [
          ['2026-11-01', 5.5, 20],
          ['2026-11-02', 40, null],
        ],
      );
    } finally {
      await wh.close();
    }
  });

  it('rejects a bad row with file, line and field and writes nothing', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const f = writeTemp(
        tempDir('util-'),
        'bad.csv',
        'resource_id,date,cpu_p95\ni-1,2026-11-01,12\ni-2,yesterday,130\n',
      );
      await assert.rejects(ingestUtilization(wh, f), (e: unknown) => {
        assert.ok(isCostLensError(e));
        assert.deepEqual(
          e.issues.map((i) => [i.line, i.column]),
          [
            [3, 'date'],
            [3, 'cpu_p95'],
          ],
        );
        return true;
      });
      const [n] = await wh.query<{ n: number }>(
        'SELECT count(*)::INTEGER AS n FROM ec2_utilization',
      );
      assert.equal(n!.n, 0);
    } finally {
      await wh.close();
    }
  });

  it('reads a Prometheus long export: the highest CPU and memory sample per instance and UTC day', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      const f = writeTemp(
        tempDir('util-'),
        'prom.csv',
        [
          'instance,timestamp,metric,value',
          'i-9,1764547200,cpu_p95,12.5',
          'i-9,1764590400,cpu_p95,30',
          'i-9,1764590400,memory_p95,44',
          'i-9,1764590400,disk_io,99',
          'i-9,2025-12-02T10:00:00Z,cpu_p95,7',
        ].join('\n'),
      );
      const r = await ingestUtilization(wh, f);
      assert.equal(r.rowCount, 2);
      const rows = await wh.query<{ day: string; p: number; m: number | null }>(
        `SELECT day::VARCHAR AS day, cpu_p95 AS p, mem_p95 AS m FROM ec2_utilization ORDER BY day`,
      );
      assert.deepEqual(
        rows.map((x) => [x.day, x.p, x.m]),
        [
          ['2025-12-01', 30, 44],
          ['2025-12-02', 7, null],
        ],
      );
      const bad = writeTemp(
        tempDir('util-'),
        'bad.csv',
        'instance,timestamp,metric,value\ni-9,soon,cpu,5\n',
      );
      await assert.rejects(ingestUtilization(wh, bad), (e: unknown) => {
        assert.ok(isCostLensError(e));
        assert.deepEqual(
          e.issues.map((i) => [i.line, i.column]),
          [[2, 'timestamp']],
        );
        return true;
      });
    } finally {
      await wh.close();
    }
  });
});
