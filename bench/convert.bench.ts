/**
 * `npm run bench:convert` — the AWS legacy CUR converter against DuckDB's own CSV load of the same
 * file, in the same run. Generates a legacy CUR CSV (fixed seed; BENCH_ROWS rows, default
 * 2,000,000; realistic columns and line item type mix incl. RI / Savings Plan lines), then times,
 * each in its own child process: DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(…)` into a file
 * database, and `ingestFiles` (detect → stage → validate → convert → reconcile) into another.
 * Prints both, rows/s, peak RSS and the time ratio (CostLens / DuckDB; target ≤ 1.5).
 * BENCH_REPEAT=n alternates the two n times and compares the fastest of each (noisy machines).
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADER = [
  'identity/LineItemId',
  'identity/TimeInterval',
  'bill/InvoiceId',
  'bill/InvoicingEntity',
  'bill/BillingEntity',
  'bill/BillType',
  'bill/PayerAccountId',
  'bill/BillingPeriodStartDate',
  'bill/BillingPeriodEndDate',
  'lineItem/UsageAccountId',
  'lineItem/LineItemType',
  'lineItem/UsageStartDate',
  'lineItem/UsageEndDate',
  'lineItem/ProductCode',
  'lineItem/UsageType',
  'lineItem/Operation',
  'lineItem/AvailabilityZone',
  'lineItem/ResourceId',
  'lineItem/UsageAmount',
  'lineItem/CurrencyCode',
  'lineItem/UnblendedRate',
  'lineItem/UnblendedCost',
  'lineItem/BlendedRate',
  'lineItem/BlendedCost',
  'lineItem/LineItemDescription',
  'lineItem/LegalEntity',
  'product/ProductName',
  'product/region',
  'product/location',
  'product/servicecode',
  'product/sku',
  'pricing/RateCode',
  'pricing/currency',
  'pricing/publicOnDemandCost',
  'pricing/publicOnDemandRate',
  'pricing/term',
  'pricing/unit',
  'reservation/ReservationARN',
  'reservation/EffectiveCost',
  'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
  'reservation/UnusedRecurringFee',
  'savingsPlan/SavingsPlanARN',
  'savingsPlan/SavingsPlanEffectiveCost',
  'savingsPlan/TotalCommitmentToDate',
  'savingsPlan/UsedCommitment',
  'resourceTags/user:team',
  'resourceTags/user:env',
  'resourceTags/aws:createdBy',
] as const;

type Col = (typeof HEADER)[number];

/** Line item types per 1,000 lines, roughly as a commitment-heavy account sees them. */
const MIX: [string, number][] = [
  ['Usage', 800],
  ['DiscountedUsage', 60],
  ['SavingsPlanCoveredUsage', 60],
  ['SavingsPlanNegation', 50],
  ['Tax', 8],
  ['RIFee', 5],
  ['SavingsPlanRecurringFee', 5],
  ['Credit', 4],
  ['Fee', 3],
  ['Refund', 2],
  ['BundledDiscount', 2],
  ['EdpDiscount', 1],
];

const PRODUCTS = [
  ['AmazonEC2', 'Amazon Elastic Compute Cloud', 'BoxUsage:m5.large', 'RunInstances', 'Hrs', 0.096],
  [
    'AmazonS3',
    'Amazon Simple Storage Service',
    'TimedStorage-ByteHrs',
    'StandardStorage',
    'GB-Mo',
    0.023,
  ],
  [
    'AmazonRDS',
    'Amazon Relational Database Service',
    'InstanceUsage:db.r5.large',
    'CreateDBInstance',
    'Hrs',
    0.25,
  ],
  ['AWSLambda', 'AWS Lambda', 'Lambda-GB-Second', 'Invoke', 'Lambda-GB-Second', 0.0000166667],
  [
    'AmazonCloudWatch',
    'AmazonCloudWatch',
    'CW:MetricMonitorUsage',
    'MetricStorage',
    'Metrics',
    0.3,
  ],
  ['AWSDataTransfer', 'AWS Data Transfer', 'DataTransfer-Out-Bytes', 'PublicIP-Out', 'GB', 0.09],
] as const;

const REGIONS = [
  ['us-east-1', 'US East (N. Virginia)', 'USE1'],
  ['us-west-2', 'US West (Oregon)', 'USW2'],
  ['eu-west-1', 'EU (Ireland)', 'EU'],
] as const;

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (x: number) => x.toFixed(10);

/** Writes `rows` CUR lines to `path`, streaming; the same seed gives the same bytes. */
export async function generateCur(path: string, rows: number, seed: number): Promise<number> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const cumulative = MIX.map(
    ([t], i) => [t, MIX.slice(0, i + 1).reduce((n, [, w]) => n + w, 0)] as const,
  );
  const total = cumulative[cumulative.length - 1]![1];
  const typeOf = () => {
    const r = rand() * total;
    return cumulative.find(([, c]) => r < c)![0];
  };
  const out = createWriteStream(path);
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  let chunk = `${HEADER.join(',')}\n`;
  const ri = 'arn:aws:ec2:us-east-1:111122223333:reserved-instances/ri-bench-0001';
  const sp = 'arn:aws:savingsplans::111122223333:savingsplan/sp-bench-0001';
  for (let i = 0; i < rows; i++) {
    const type = typeOf();
    const [code, name, usageType, op, unit, rate] = pick(PRODUCTS);
    const [region, location, prefix] = pick(REGIONS);
    const hour = Math.floor(rand() * 720);
    const start = new Date(Date.UTC(2025, 2, 1) + hour * 3_600_000);
    const end = new Date(start.getTime() + 3_600_000);
    const amount = Math.round(rand() * 1000) / 100 + 0.01;
    const od = amount * rate;
    const v: Partial<Record<Col, string>> = {
      'identity/LineItemId': `li${i.toString(36).padStart(10, '0')}`,
      'identity/TimeInterval': `${start.toISOString()}/${end.toISOString()}`,
      'bill/InvoicingEntity': 'Amazon Web Services, Inc.',
      'bill/BillingEntity': 'AWS',
      'bill/BillType': 'Anniversary',
      'bill/PayerAccountId': '111122223333',
      'bill/BillingPeriodStartDate': '2025-03-01T00:00:00.000Z',
      'bill/BillingPeriodEndDate': '2025-04-01T00:00:00.000Z',
      'lineItem/UsageAccountId': pick(['444455556666', '777788889999', '121212121212']),
      'lineItem/LineItemType': type,
      'lineItem/UsageStartDate': start.toISOString(),
      'lineItem/UsageEndDate': end.toISOString(),
      'lineItem/ProductCode': code,
      'lineItem/UsageType': `${prefix}-${usageType}`,
      'lineItem/Operation': op,
      'lineItem/AvailabilityZone': `${region}${pick(['a', 'b', 'c'])}`,
      'lineItem/ResourceId': `i-${Math.floor(rand() * 5000)
        .toString(16)
        .padStart(8, '0')}`,
      'lineItem/UsageAmount': amount.toFixed(4),
      'lineItem/CurrencyCode': 'USD',
      'lineItem/UnblendedRate': String(rate),
      'lineItem/UnblendedCost': money(od),
      'lineItem/BlendedRate': String(rate),
      'lineItem/BlendedCost': money(od),
      'lineItem/LineItemDescription': `$${rate} per ${unit} for ${name}, ${location}`,
      'lineItem/LegalEntity': 'Amazon Web Services, Inc.',
      'product/ProductName': name,
      'product/region': region,
      'product/location': location,
      'product/servicecode': code,
      'product/sku': `SKU${code.length}${prefix}`,
      'pricing/RateCode': `SKU${code.length}${prefix}.JRTCKXETXF.6YS6EN2CT7`,
      'pricing/currency': 'USD',
      'pricing/publicOnDemandCost': money(od),
      'pricing/publicOnDemandRate': String(rate),
      'pricing/term': 'OnDemand',
      'pricing/unit': unit,
      'resourceTags/user:team': rand() < 0.7 ? pick(['ml', 'web', 'data', 'platform']) : '',
      'resourceTags/user:env': rand() < 0.6 ? pick(['prod', 'dev']) : '',
      'resourceTags/aws:createdBy': rand() < 0.2 ? 'IAMUser:AIDAEXAMPLE:alice' : '',
    };
    switch (type) {
      case 'DiscountedUsage':
        Object.assign(v, {
          'lineItem/UnblendedCost': '0',
          'pricing/term': 'Reserved',
          'reservation/ReservationARN': ri,
          'reservation/EffectiveCost': money(od * 0.6),
        });
        break;
      case 'SavingsPlanCoveredUsage':
        Object.assign(v, {
          'savingsPlan/SavingsPlanARN': sp,
          'savingsPlan/SavingsPlanEffectiveCost': money(od * 0.7),
        });
        break;
      case 'SavingsPlanNegation':
        Object.assign(v, {
          'lineItem/UnblendedCost': money(-od),
          'savingsPlan/SavingsPlanARN': sp,
        });
        break;
      case 'RIFee':
        Object.assign(v, {
          'lineItem/UnblendedCost': money(od * 10),
          'reservation/ReservationARN': ri,
          'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': money(od * 0.5),
          'reservation/UnusedRecurringFee': money(od * rand()),
        });
        break;
      case 'SavingsPlanRecurringFee':
        Object.assign(v, {
          'lineItem/UnblendedCost': money(od * 10),
          'savingsPlan/SavingsPlanARN': sp,
          'savingsPlan/TotalCommitmentToDate': money(od * 10),
          'savingsPlan/UsedCommitment': money(od * 10 * rand()),
        });
        break;
      case 'Tax':
      case 'Fee':
        v['lineItem/UnblendedCost'] = money(od / 10);
        break;
      case 'Credit':
      case 'Refund':
      case 'BundledDiscount':
      case 'EdpDiscount':
        v['lineItem/UnblendedCost'] = money(-od / 20);
        break;
    }
    chunk += `${HEADER.map((h) => esc(v[h] ?? '')).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return statSync(path).size;
}

interface ChildResult {
  mode: string;
  rows: number;
  seconds: number;
  maxRssBytes: number;
}

/** One timed load in this process (run as a child, so peak RSS is its own). */
async function child(mode: string, db: string, csv: string): Promise<void> {
  const { DuckDbWarehouse } = await import('../packages/core/src/store/duckdb.ts');
  const { ingestFiles } = await import('../packages/core/src/ingest/ingest.ts');
  const { literal } = await import('../packages/core/src/util/sql.ts');
  const wh = await DuckDbWarehouse.open({ path: db, migrate: mode === 'costlens' });
  const started = process.hrtime.bigint();
  let rows: number;
  if (mode === 'costlens') {
    const result = await ingestFiles(wh, [csv], { format: 'aws-cur' });
    if (!result.partitions.every((p) => p.matches)) throw new Error('reconciliation failed');
    rows = result.files[0]!.rowCount;
  } else {
    await wh.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(csv)})`);
    const [r] = await wh.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t');
    rows = Number(r?.n ?? 0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await wh.close();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ mode, rows, seconds, maxRssBytes })}\n`);
}

function runChild(mode: 'costlens' | 'duckdb', db: string, csv: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, 'child', mode, db, csv], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

async function main(): Promise<void> {
  const rows = Number(process.env['BENCH_ROWS'] ?? 2_000_000);
  const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'costlens-convert-'));
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  const rate = (r: ChildResult) =>
    `${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s`;
  try {
    const csv = join(dir, 'cur.csv');
    const t = Date.now();
    const bytes = await generateCur(csv, rows, 42);
    console.log(
      `generated a ${rows.toLocaleString('en-US')}-row legacy CUR (${HEADER.length} columns, ${mib(bytes)}) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    // Alternate the two loads BENCH_REPEAT times (fresh databases each time) and compare the
    // fastest of each: on a shared machine the minimum is the least disturbed measurement.
    const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 1));
    const refs: ChildResult[] = [];
    const ourRuns: ChildResult[] = [];
    for (let i = 0; i < repeat; i++) {
      refs.push(runChild('duckdb', join(dir, `reference-${i}.duckdb`), csv));
      ourRuns.push(runChild('costlens', join(dir, `costlens-${i}.duckdb`), csv));
      for (const f of [`reference-${i}.duckdb`, `costlens-${i}.duckdb`]) {
        rmSync(join(dir, f), { force: true });
        rmSync(join(dir, `${f}.wal`), { force: true });
      }
    }
    const fastest = (runs: ChildResult[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const ref = fastest(refs);
    const ours = fastest(ourRuns);
    if (ours.rows !== rows || ref.rows !== rows) {
      throw new Error(
        `row counts differ: costlens ${ours.rows}, duckdb ${ref.rows}, generated ${rows}`,
      );
    }
    const ratio = ours.seconds / ref.seconds;
    const all = (runs: ChildResult[]) => runs.map((r) => r.seconds.toFixed(1)).join(', ');
    console.log(
      `duckdb read_csv → table:  ${ref.seconds.toFixed(1)} s, ${rate(ref)}, peak RSS ${mib(ref.maxRssBytes)}${repeat > 1 ? ` (runs: ${all(refs)})` : ''}`,
    );
    console.log(
      `costlens aws-cur → FOCUS: ${ours.seconds.toFixed(1)} s, ${rate(ours)}, peak RSS ${mib(ours.maxRssBytes)}${repeat > 1 ? ` (runs: ${all(ourRuns)})` : ''}`,
    );
    console.log(
      `ratio (costlens / duckdb time): ${ratio.toFixed(2)} (target ≤ 1.5) — ${ratio <= 1.5 ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [role, mode, db, csv] = process.argv.slice(2);
  if (role === 'child' && mode && db && csv) await child(mode, db, csv);
  else await main();
}
