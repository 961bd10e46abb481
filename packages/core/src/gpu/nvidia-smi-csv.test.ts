import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { SHARED_DATA } from '../testing/fixtures.ts';
import { NVIDIA_SMI_FIELDS, parseNvidiaSmiCsv } from './nvidia-smi-csv.ts';

const DIR = join(SHARED_DATA, 'gpu/nvidia-smi');

/** The `--query-gpu=… --format=csv` block of a capture: header and rows up to the blank line. */
function queryGpuBlock(capture: string, nth: number): string {
  const lines = readFileSync(join(DIR, capture), 'utf8').split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('# $ nvidia-smi --query-gpu=') ? [i] : []));
  let i = starts[nth]! + 1;
  while (lines[i]!.startsWith('#')) i++;
  const block: string[] = [];
  while (lines[i]!.trim() !== '') block.push(lines[i++]!);
  return block.join('\n');
}

describe('nvidia-smi --query-gpu CSV', () => {
  it('reads the H100 sample with units and [N/A] (MIG hides utilization)', () => {
    const file = join(DIR, 'query-gpu-sample-h100.csv');
    const s = parseNvidiaSmiCsv(readFileSync(file, 'utf8'), { file, hostname: 'h100-box' });
    const util = s.filter((x) => x.metric === 'DCGM_FI_DEV_GPU_UTIL').map((x) => [x.ts, x.value]);
    assert.deepEqual(util, [
      ['2026-07-14T08:12:38.696Z', 0],
      ['2026-07-14T08:12:53.353Z', 100],
    ]);
    const load = s.filter((x) => x.sourceLine === 3);
    const byMetric = Object.fromEntries(load.map((x) => [x.metric, x.value]));
    assert.deepEqual(byMetric, {
      DCGM_FI_DEV_FB_TOTAL: 81559,
      DCGM_FI_DEV_FB_RESERVED: 479,
      DCGM_FI_DEV_FB_USED: 19818,
      DCGM_FI_DEV_FB_FREE: 61263,
      DCGM_FI_DEV_GPU_UTIL: 100,
      DCGM_FI_DEV_MEM_COPY_UTIL: 11,
      DCGM_FI_DEV_ENC_UTIL: 0,
      DCGM_FI_DEV_DEC_UTIL: 0,
      DCGM_FI_DEV_GPU_TEMP: 59,
      DCGM_FI_DEV_MEMORY_TEMP: 54,
      DCGM_FI_DEV_POWER_USAGE: 631.95,
      DCGM_FI_DEV_POWER_MGMT_LIMIT: 700,
      DCGM_FI_DEV_SM_CLOCK: 1980,
      DCGM_FI_DEV_MEM_CLOCK: 2619,
      DCGM_FI_DEV_ECC_DBE_VOL_TOTAL: 0,
      DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS: 0,
    });
    assert.ok(load.every((x) => x.hostname === 'h100-box' && x.gpuUuid.startsWith('GPU-')));
    const migLoad = s.filter((x) => x.sourceLine === 5).map((x) => x.metric);
    assert.ok(!migLoad.includes('DCGM_FI_DEV_GPU_UTIL'));
    assert.ok(migLoad.includes('DCGM_FI_DEV_FB_USED'));
  });

  it('reads the real full --query-gpu capture of both H100s (hundreds of columns, most ignored)', () => {
    for (const capture of [
      'linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt',
      'linux-x86_64__nvidia-h100-mig__590.48.01.txt',
    ]) {
      for (const nth of [0, 1]) {
        const s = parseNvidiaSmiCsv(queryGpuBlock(capture, nth), { file: capture });
        assert.ok(s.length >= 10, `${capture} #${nth}: ${s.length} samples`);
        assert.ok(s.some((x) => x.metric === 'DCGM_FI_DEV_FB_USED'));
        assert.ok(s.every((x) => x.model === 'NVIDIA H100 80GB HBM3'));
      }
    }
  });

  it('reads noheader,nounits output with the field list', () => {
    const row = [
      '2026/11/28 10:00:00.000',
      'gpu-host',
      'NVIDIA L4',
      'GPU-1',
      '0',
      '37',
      '12',
      '23034',
      '4000',
      '19034',
      '41.50',
      '55',
      '2040',
      '0',
      '[N/A]',
      'No',
      'Disabled',
    ].join(', ');
    assert.equal(row.split(',').length, NVIDIA_SMI_FIELDS.length);
    const s = parseNvidiaSmiCsv(`${row}\n`, { file: 'x.csv' });
    const m = Object.fromEntries(s.map((x) => [x.metric, x.value]));
    assert.equal(m['DCGM_FI_DEV_GPU_UTIL'], 37);
    assert.equal(m['DCGM_FI_DEV_POWER_USAGE'], 41.5);
    assert.equal(m['DCGM_FI_DEV_ROW_REMAP_FAILURE'], 0);
    assert.ok(!('DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS' in m));
    assert.equal(s[0]!.hostname, 'gpu-host');
  });

  it('names file, line and column for a bad value or a short row', () => {
    const text =
      'timestamp, uuid, utilization.gpu [%]\n2026/11/28 10:00:00, GPU-1, lots %\n2026/11/28 10:01:00, GPU-1\n';
    try {
      parseNvidiaSmiCsv(text, { file: 'smi.csv' });
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isCostLensError(e));
      assert.deepEqual(
        e.issues.map((i) => [i.file, i.line, i.column ?? null]),
        [
          ['smi.csv', 2, 'utilization.gpu'],
          ['smi.csv', 3, null],
        ],
      );
    }
  });

  it('asks for the field list when a headerless capture cannot be read', () => {
    assert.throws(
      () =>
        parseNvidiaSmiCsv('2026/11/28 10:00:00, 5\n', {
          file: 'n.csv',
          fields: ['timestamp', 'utilization.gpu'],
        }),
      /no uuid or index column/,
    );
  });
});
