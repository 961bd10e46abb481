import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { ingestFiles } from '../ingest/ingest.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import type { SqlValue } from '../store/warehouse.ts';
import { SHARED_DATA, tempDir } from '../testing/fixtures.ts';
import { literal } from '../util/sql.ts';
import { generateDemo } from './generate-demo.ts';
import type { GenerateDemoResult } from './generate-demo.ts';

const OPTS = { seed: 11, endDate: '2026-11-28', scale: 0.01 } as const;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    })
    .sort();
}

function digest(dir: string): Map<string, string> {
  return new Map(
    walk(dir).map((p) => [
      relative(dir, p),
      createHash('sha256').update(readFileSync(p)).digest('hex'),
    ]),
  );
}

/** SQL predicate for a ground-truth scope, values as parameters (dimension names are ours). */
function scopeSql(scope: Record<string, string>, params: SqlValue[]): string {
  const cols: Record<string, string> = {
    provider: 'ProviderName',
    service: 'ServiceName',
    sub_account: 'SubAccountId',
    billing_account: 'BillingAccountId',
    region: 'RegionId',
    resource_id: 'ResourceId',
  };
  return Object.entries(scope)
    .map(([dim, value]) => {
      if (dim.startsWith('tag:')) {
        params.push(`${dim.slice(4).toLowerCase()}=${value}`);
        return `list_contains(list_transform(map_entries(TRY_CAST(Tags::JSON AS MAP(VARCHAR, VARCHAR))), e -> lower(e.key) || '=' || e.value), $${params.length})`;
      }
      const col = cols[dim];
      assert.ok(col, `unknown scope dimension ${dim}`);
      params.push(value);
      return `${col} = $${params.length}`;
    })
    .join(' AND ');
}

describe('demo company generator', () => {
  let a: GenerateDemoResult;
  let b: GenerateDemoResult;
  let baseline: GenerateDemoResult;
  let wh: DuckDbWarehouse;

  before(async () => {
    a = await generateDemo({ ...OPTS, outDir: tempDir('demo-a-'), native: true });
    b = await generateDemo({ ...OPTS, outDir: tempDir('demo-b-'), native: true });
    baseline = await generateDemo({
      ...OPTS,
      outDir: tempDir('demo-base-'),
      anomalies: false,
      costOnly: true,
    });
    wh = await DuckDbWarehouse.open();
  });
  after(async () => {
    await wh?.close();
    for (const r of [a, b, baseline]) if (r) rmSync(r.outDir, { recursive: true, force: true });
  });

  it('gives byte-identical files for the same seed and end date', () => {
    const da = digest(a.outDir);
    const db = digest(b.outDir);
    assert.ok(da.size > 60, `expected many files, got ${da.size}`);
    assert.deepEqual([...da.keys()], [...db.keys()]);
    for (const [path, hash] of da) assert.equal(db.get(path), hash, `${path} differs between runs`);
  });

  it('writes each provider in its own FOCUS export shape, one file per billing period', () => {
    for (const provider of ['aws', 'azure', 'gcp'] as const) {
      assert.equal(a.costFiles.filter((f) => f.provider === provider).length, 13, provider);
    }
    const azure = a.costFiles.find((f) => f.provider === 'azure')!;
    const header = readFileSync(azure.path);
    assert.equal(header[0], 0x1f, 'Azure FocusCost files are gzipped');
    assert.ok(a.costFiles.find((f) => f.provider === 'aws')!.path.includes('BILLING_PERIOD='));
  });

  it('ingests every billing file through the real ingest path and reconciles exactly', async () => {
    const result = await ingestFiles(
      wh,
      a.costFiles.map((f) => f.path),
    );
    assert.equal(result.status, 'ingested');
    assert.equal(result.rowCount, a.rowCount);
    assert.ok(result.partitions.length >= 39);
    for (const p of result.partitions)
      assert.ok(p.matches, `${p.billingPeriodStart} ${p.billingAccountId}`);
    const x = await wh.query<{ col: string }>(
      `SELECT column_name AS col FROM information_schema.columns WHERE table_name = 'focus_cost' AND column_name IN ('x_UsageType', 'x_SkuMeterName', 'x_ServiceId')`,
    );
    assert.equal(x.length, 3, 'provider x_ columns are kept');
  });

  it('has the intended shape: 13 months, every provider and service, untagged spend, seasonality, growth', async () => {
    const [periods] = await wh.query<{ n: number }>(
      `SELECT count(DISTINCT BillingPeriodStart)::INTEGER AS n FROM focus_cost`,
    );
    assert.equal(periods!.n, 13);
    const services = new Set(
      (
        await wh.query<{ s: string }>(
          `SELECT DISTINCT ProviderName || '/' || ServiceName AS s FROM focus_cost`,
        )
      ).map((r) => r.s),
    );
    for (const s of [
      'AWS/Amazon Elastic Compute Cloud',
      'AWS/Amazon Relational Database Service',
      'AWS/Amazon Simple Storage Service',
      'AWS/AWS Lambda',
      'AWS/Amazon Bedrock',
      'AWS/Amazon SageMaker',
      'AWS/AWS Data Transfer',
      'AWS/AWS Support (Business)',
      'AWS/Savings Plans for AWS Compute usage',
      'AWS/Observa Cloud Monitoring',
      'Microsoft/Virtual Machines',
      'Microsoft/SQL Database',
      'Microsoft/Azure OpenAI',
      'Google Cloud/Compute Engine',
      'Google Cloud/BigQuery',
      'Google Cloud/Vertex AI',
    ]) {
      assert.ok(services.has(s), `missing ${s}`);
    }
    const cats = await wh.query<{ c: string }>(
      `SELECT DISTINCT ChargeCategory || '/' || coalesce(PricingCategory, '') || '/' || coalesce(CommitmentDiscountStatus, '') AS c FROM focus_cost`,
    );
    const catSet = new Set(cats.map((r) => r.c));
    for (const c of [
      'Usage/Standard/',
      'Usage/Dynamic/',
      'Usage/Committed/Used',
      'Usage/Committed/Unused',
      'Tax//',
      'Credit//',
    ]) {
      assert.ok(catSet.has(c), `missing ${c}`);
    }
    assert.ok([...catSet].some((c) => c.startsWith('Purchase/')));

    const [tags] = await wh.query<{ share: number }>(
      `SELECT (sum(EffectiveCost) FILTER (WHERE NOT coalesce(list_has_any(list_transform(json_keys(Tags), k -> lower(k)), ['team', 'owner']), false)) / sum(EffectiveCost))::DOUBLE AS share
       FROM focus_cost WHERE ChargeCategory = 'Usage'`,
    );
    assert.ok(tags!.share > 0.03 && tags!.share < 0.4, `untagged share ${tags!.share}`);
    const keys = await wh.query<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys(Tags)) AS k FROM focus_cost WHERE Tags IS NOT NULL`,
    );
    const keySet = new Set(keys.map((r) => r.k));
    for (const k of ['team', 'Team', 'owner']) assert.ok(keySet.has(k), `tag key ${k}`);

    const [week] = await wh.query<{ weekday: number; weekend: number }>(
      `WITH d AS (SELECT ChargePeriodStart::DATE AS day, sum(EffectiveCost) AS cost FROM focus_cost
                  WHERE ServiceCategory = 'Compute' AND ChargeCategory = 'Usage' GROUP BY 1)
       SELECT avg(cost) FILTER (WHERE dayofweek(day) BETWEEN 1 AND 5)::DOUBLE AS weekday,
              avg(cost) FILTER (WHERE dayofweek(day) IN (0, 6))::DOUBLE AS weekend FROM d`,
    );
    assert.ok(
      week!.weekday > week!.weekend * 1.05,
      `weekday ${week!.weekday} vs weekend ${week!.weekend}`,
    );

    const months = await wh.query<{ m: string; cost: number }>(
      `SELECT strftime(BillingPeriodStart, '%Y-%m') AS m, sum(EffectiveCost)::DOUBLE AS cost FROM focus_cost
       WHERE ChargeCategory = 'Usage' GROUP BY 1 ORDER BY 1`,
    );
    const first = months[0]!.cost;
    const lastComplete = months[11]!.cost;
    assert.ok(lastComplete > first * 1.1, `growth ${first} → ${lastComplete}`);
  });

  it('writes AWS also as a legacy CUR that the CUR converter ingests to the same totals as the FOCUS export', async () => {
    assert.equal(a.nativeFiles.length, 13);
    const header = gunzipSync(readFileSync(a.nativeFiles[0]!.path))
      .toString('utf8')
      .split('\n')[0]!;
    const sample = readFileSync(
      join(
        SHARED_DATA,
        'billing-samples/focus-converters/aws-cur-legacy_sample-anonymous_subset.csv',
      ),
      'utf8',
    )
      .split('\n')[0]!
      .trim();
    assert.ok(header.startsWith(sample), 'the header starts with the real CUR sample header');
    // The third month holds the Savings Plan, both RIs, the RDS all-upfront purchase, tax and support.
    const months = new Set(['2026-01']);
    const totals = async (files: string[]) => {
      const store = await DuckDbWarehouse.open();
      try {
        const r = await ingestFiles(store, files);
        assert.ok(r.partitions.every((p) => p.matches));
        return r.partitions
          .map(
            (p) =>
              `${p.billingPeriodStart} ${p.billingAccountId} ${Number(p.billedCost).toFixed(6)} ${Number(p.effectiveCost).toFixed(6)}`,
          )
          .sort();
      } finally {
        await store.close();
      }
    };
    const cur = await totals(
      a.nativeFiles.filter((f) => months.has(f.billingPeriod)).map((f) => f.path),
    );
    const focus = await totals(
      a.costFiles
        .filter((f) => f.provider === 'aws' && months.has(f.billingPeriod))
        .map((f) => f.path),
    );
    assert.equal(cur.length, 1);
    assert.deepEqual(cur, focus);
  });

  it('plants anomalies a detector can find: none early, some recent, each visible at its scope with its impact', async () => {
    const truth = a.groundTruth;
    assert.ok(
      truth.anomalies.length >= 15 && truth.anomalies.length <= 25,
      `${truth.anomalies.length} anomalies`,
    );
    const twoMonthsIn = '2026-01-01';
    assert.ok(truth.anomalies.every((x) => x.date >= twoMonthsIn));
    assert.ok(truth.anomalies.filter((x) => x.date > '2026-10-29').length >= 3);
    assert.ok(new Set(truth.anomalies.map((x) => x.kind)).size === 3);

    await wh.exec(`CREATE OR REPLACE TABLE baseline AS
      SELECT * FROM (${baseline.costFiles
        .map((f) =>
          f.format === 'focus-parquet'
            ? `SELECT ProviderName, ServiceName, SubAccountId, BillingAccountId, RegionId, ResourceId, to_json(Tags)::VARCHAR AS Tags, ChargePeriodStart::VARCHAR AS cps, EffectiveCost::DECIMAL(38, 10) AS EffectiveCost FROM read_parquet(${literal(f.path)}, hive_partitioning = false)`
            : `SELECT ProviderName, ServiceName, SubAccountId, BillingAccountId, RegionId, ResourceId, Tags, ChargePeriodStart AS cps, EffectiveCost::DECIMAL(38, 10) AS EffectiveCost FROM read_csv(${literal(f.path)}, all_varchar = true)`,
        )
        .join(' UNION ALL ')})`);
    for (const anomaly of truth.anomalies) {
      const params: SqlValue[] = [anomaly.date, anomaly.endDate];
      const where = scopeSql(anomaly.scope, params);
      const [actual] = await wh.query<{ cost: string | null }>(
        `SELECT sum(EffectiveCost)::VARCHAR AS cost FROM focus_cost
         WHERE ChargePeriodStart::DATE BETWEEN $1::DATE AND $2::DATE AND ChargeCategory = 'Usage' AND ${where}`,
        params,
      );
      const [base] = await wh.query<{ cost: string | null }>(
        `SELECT sum(EffectiveCost)::VARCHAR AS cost FROM baseline
         WHERE cl_ts(cps)::DATE BETWEEN $1::DATE AND $2::DATE AND ${where}`,
        params,
      );
      const measured = Number(actual!.cost ?? 0) - Number(base!.cost ?? 0);
      const impact = Number(anomaly.impactUsd);
      const label = `#${anomaly.id} ${anomaly.kind} ${JSON.stringify(anomaly.scope)} on ${anomaly.date}`;
      assert.ok(
        Math.abs(measured - impact) <= 0.02 + Math.abs(impact) * 0.001,
        `${label}: measured ${measured} vs ground truth ${impact}`,
      );
      if (anomaly.kind === 'spike') assert.ok(impact > 0, label);
      if (anomaly.kind === 'drop') assert.ok(impact < 0, label);
      const baseCost = Number(base!.cost ?? 0);
      assert.ok(
        Math.abs(impact) >= 0.2 * baseCost,
        `${label}: impact ${impact} is small against ${baseCost}`,
      );
    }
  });

  it('plants savings opportunities of every kind whose resources exist in the bill, priced from the EC2 list prices', async () => {
    const opportunities = a.groundTruth.savingsOpportunities;
    const kinds = new Set(opportunities.map((o) => o.kind));
    for (const k of [
      'idle_resource',
      'rightsize',
      'previous_generation',
      'unattached_volume',
      'old_snapshot',
      'storage_tiering',
      'commitment_purchase',
      'expiring_commitment',
    ]) {
      assert.ok(kinds.has(k as never), `missing ${k}`);
    }
    for (const o of opportunities) {
      assert.ok(Number(o.expectedMonthlySavingsUsd) > 0, `${o.kind} ${o.resourceId}`);
      const [hit] = await wh.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM focus_cost WHERE $1 IN (ResourceId, SubAccountId, BillingAccountId, CommitmentDiscountId)`,
        [o.resourceId],
      );
      assert.ok(hit!.n > 0, `${o.kind}: ${o.resourceId} is not in the bill`);
    }
    for (const o of opportunities.filter((x) => x.kind === 'idle_resource')) {
      const [row] = await wh.query<{ price: string }>(
        `SELECT max(ListUnitPrice)::VARCHAR AS price FROM focus_cost WHERE ResourceId = $1 AND x_UsageType LIKE '%BoxUsage:%'`,
        [o.resourceId],
      );
      assert.equal(
        Number(o.expectedMonthlySavingsUsd),
        Math.round(Number(row!.price) * 730 * 100) / 100,
      );
    }
    const util = readFileSync(join(a.outDir, 'metrics', 'ec2-utilization.csv'), 'utf8');
    for (const o of opportunities.filter(
      (x) => x.kind === 'rightsize' || x.kind === 'idle_resource',
    )) {
      const rows = util.split('\n').filter((l) => l.startsWith(`${o.resourceId},`));
      assert.ok(rows.length > 0, `no utilization for ${o.resourceId}`);
      const cpuP95 = Math.max(...rows.map((l) => Number(l.split(',')[4])));
      assert.ok(cpuP95 < 12, `${o.kind} ${o.resourceId} cpu_p95 ${cpuP95}`);
    }
  });

  it('writes LLM usage that adds up to the bill and GPU metrics for hosts the bill charges for', async () => {
    const logs = a.auxiliaryFiles.filter((f) => f.kind === 'bedrock-invocation-log');
    assert.ok(logs.length >= 1);
    for (const log of logs) {
      const day = /(\d{4}-\d{2}-\d{2})\.jsonl$/.exec(log.path)![1]!;
      let tokens = 0;
      for (const line of readFileSync(log.path, 'utf8').trim().split('\n')) {
        const r = JSON.parse(line) as {
          input: { inputTokenCount: number };
          output: { outputTokenCount: number };
        };
        tokens += r.input.inputTokenCount + r.output.outputTokenCount;
      }
      const [bill] = await wh.query<{ q: string }>(
        `SELECT sum(ConsumedQuantity)::BIGINT::VARCHAR AS q FROM focus_cost WHERE ServiceName = 'Amazon Bedrock' AND ChargePeriodStart::DATE = $1::DATE`,
        [day],
      );
      assert.equal(String(tokens), bill!.q);
    }
    const smi = a.auxiliaryFiles.filter((f) => f.kind === 'nvidia-smi');
    assert.ok(smi.length >= 4);
    const gpuTypes = await wh.query<{ t: string }>(
      `SELECT DISTINCT x_UsageType AS t FROM focus_cost WHERE x_UsageType LIKE 'BoxUsage:p5%' OR x_UsageType LIKE 'BoxUsage:g5%' OR x_UsageType LIKE 'BoxUsage:g6%'`,
    );
    assert.ok(gpuTypes.length >= 3, 'GPU instance types are billed');
    const metrics = readFileSync(join(a.outDir, 'metrics', 'business-metrics.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(metrics[0], 'date,metric,value,app');
    assert.ok(
      metrics.some((l) => l.startsWith('2025-11-01,orders,')) &&
        metrics.some((l) => l.startsWith('2026-11-28,requests,')),
    );
  });
});
