import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../errors.ts';
import { dcgmSamples } from './dcgm-samples.ts';
import { parsePrometheusText } from './prometheus-text.ts';

const SCRAPE = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
# a plain comment is ignored
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="node-1",pod="trainer-0",namespace="ml",container="main"} 87
DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-b",hostname="node-1",pod_name="old-pod",pod_namespace="legacy",container_name="c"} 3 1764367200000
# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-a",Hostname="node-1"} 1.5e+09
DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0",UUID="GPU-a",Hostname="node-1",GPU_I_PROFILE="1g.10gb",GPU_I_ID="7",note="say \\"hi\\"\\nback\\\\slash",} 0.25
DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a",Hostname="node-1"} NaN
dcgm_gpu_utilization{gpu="2",uuid="GPU-c",Hostname="node-2"} 40
dcgm_fi_prof_gr_engine_active{gpu="2",uuid="GPU-c",Hostname="node-2"} 40
process_start_time_seconds 1.7e9
`;

describe('Prometheus text exposition (dcgm-exporter)', () => {
  it('parses HELP/TYPE, labels with escapes and trailing commas, timestamps and special values', () => {
    const e = parsePrometheusText(SCRAPE, 'scrape.prom');
    assert.equal(e.samples.length, 8);
    assert.equal(e.help['DCGM_FI_DEV_GPU_UTIL'], 'GPU utilization (in %).');
    assert.equal(e.samples[0]!.type, 'gauge');
    assert.equal(e.samples[1]!.timestampMs, 1764367200000);
    assert.equal(e.samples[2]!.type, 'counter');
    assert.equal(e.samples[3]!.labels['note'], 'say "hi"\nback\\slash');
    assert.equal(e.samples[3]!.line, 8);
    assert.ok(Number.isNaN(e.samples[4]!.value));
  });

  it('maps labels across exporter versions: Hostname/hostname, pod/pod_name, MIG, 1.x names', () => {
    const at = new Date('2026-11-28T10:00:00Z');
    const s = dcgmSamples(parsePrometheusText(SCRAPE, 'f'), { file: 'f', scrapedAt: at });
    // NaN power and the exporter's own process metric are dropped.
    assert.equal(s.length, 6);
    const [a, b, energy, mig, oldUtil, oldProf] = s as [
      (typeof s)[0],
      (typeof s)[0],
      (typeof s)[0],
      (typeof s)[0],
      (typeof s)[0],
      (typeof s)[0],
    ];
    assert.deepEqual(
      [a.hostname, a.pod, a.namespace, a.container],
      ['node-1', 'trainer-0', 'ml', 'main'],
    );
    assert.equal(a.ts, at.toISOString());
    assert.equal(a.model, 'NVIDIA H100 80GB HBM3');
    assert.deepEqual(
      [b.hostname, b.pod, b.namespace, b.container],
      ['node-1', 'old-pod', 'legacy', 'c'],
    );
    assert.equal(b.ts, '2025-11-28T22:00:00.000Z');
    assert.equal(energy.metricType, 'counter');
    assert.equal(a.metricType, 'gauge');
    assert.deepEqual([mig.migProfile, mig.migInstance], ['1g.10gb', '7']);
    assert.equal(oldUtil.metric, 'DCGM_FI_DEV_GPU_UTIL');
    assert.equal(oldProf.metric, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE');
    assert.equal(oldProf.value, 0.4); // 1.x profiling fields are percentages
  });

  it('reports every malformed line with file and line, and returns nothing', () => {
    const bad = [
      '# TYPE x gauge',
      'x{gpu="0"} 1',
      'x{gpu="0} 1',
      'x{gpu=0} 1',
      'x{gpu="0"}',
      'x{gpu="0"} twelve',
      '# TYPE y sometimes',
      'x{gpu="0"} 1 12.5',
      'x{gpu="0",gpu="1"} 1',
      'x{gpu="0"} 1 2 3',
      'x{gpu="\\q"} 1',
    ].join('\n');
    try {
      parsePrometheusText(bad, 'bad.prom');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isCostLensError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.match(e.message, /bad\.prom: 9 malformed line/);
      assert.deepEqual(
        e.issues.map((i) => i.line),
        [3, 4, 5, 6, 7, 8, 9, 10, 11],
      );
      assert.match(e.issues[0]!.message, /unterminated value for label gpu/);
      assert.match(e.issues[1]!.message, /must be quoted/);
      assert.match(e.issues[2]!.message, /no value/);
      assert.match(e.issues[3]!.message, /"twelve" .* not a number/);
      assert.match(e.issues[4]!.message, /unknown metric type "sometimes"/);
      assert.match(e.issues[5]!.message, /integer milliseconds/);
      assert.match(e.issues[6]!.message, /repeated/);
      assert.ok(e.issues.every((i) => i.file === 'bad.prom'));
    }
  });

  it('treats a scrape cut off mid-line as malformed at that line', () => {
    const cut = 'DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a"} 5\nDCGM_FI_DEV_FB_USED{gpu="0",UU';
    assert.throws(
      () => parsePrometheusText(cut, 'cut.prom'),
      (e: unknown) => isCostLensError(e) && e.issues[0]!.line === 2,
    );
  });
});
