/**
 * Writes a synthetic FOCUS 1.2 cost CSV with a fixed seed, streaming (never the whole file in
 * memory): hourly usage over one month for a few accounts, realistic value shapes (long-tailed
 * costs with 10 decimals, JSON tags on most rows, some taxes, credits and purchases). For
 * benchmarks only; the same seed and row count give the same bytes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

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

export const BENCH_HEADER = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'Compute', 'Hours', 'Instance'],
  ['Amazon Simple Storage Service', 'Storage', 'GB-Months', 'Bucket'],
  ['Amazon Relational Database Service', 'Databases', 'Hours', 'DB Instance'],
  ['AWS Lambda', 'Compute', 'Requests', 'Function'],
  ['Amazon CloudFront', 'Networking', 'GB', 'Distribution'],
  ['Amazon DynamoDB', 'Databases', 'Requests', 'Table'],
  ['Amazon Elastic Block Store', 'Storage', 'GB-Months', 'Volume'],
  ['Amazon SageMaker', 'AI and Machine Learning', 'Hours', 'Endpoint'],
] as const;
const REGIONS = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-west-2', 'US West (Oregon)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
] as const;
const TEAMS = ['ml', 'web', 'data', 'platform', 'search', 'ads'];

function decimal(x: number): string {
  return x.toFixed(10);
}

/**
 * Writes `rows` data rows to `path`.
 * @example await generateFocusCsv('/tmp/focus.csv', 500_000, 42);
 */
export async function generateFocusCsv(path: string, rows: number, seed = 42): Promise<number> {
  const rand = prng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${BENCH_HEADER.join(',')}\n`);
  const monthStart = Date.UTC(2025, 0, 1);
  const hours = 31 * 24;
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const account = rand() < 0.7 ? '111111111111' : rand() < 0.5 ? '222222222222' : '333333333333';
    const sub = `${100000000000 + Math.floor(rand() * 50)}`;
    const svc = SERVICES[Math.floor(rand() * SERVICES.length)]!;
    const region = REGIONS[Math.floor(rand() * REGIONS.length)]!;
    const h = Math.floor(rand() * hours);
    const start = new Date(monthStart + h * 3_600_000).toISOString().replace('.000Z', 'Z');
    const end = new Date(monthStart + (h + 1) * 3_600_000).toISOString().replace('.000Z', 'Z');
    const r = rand();
    const category = r < 0.95 ? 'Usage' : r < 0.98 ? 'Tax' : r < 0.99 ? 'Credit' : 'Purchase';
    const qty = category === 'Usage' ? Math.exp(rand() * 6 - 2) : 1;
    const unit = Math.exp(rand() * 4 - 6);
    let list = qty * unit;
    if (category === 'Credit') list = -list * 10;
    const billed = category === 'Purchase' ? list * 500 : list * (0.7 + rand() * 0.3);
    const effective = category === 'Purchase' ? 0 : billed;
    const resource = `arn:aws:${svc[3].toLowerCase().replace(' ', '-')}:${region[0]}:${sub}:res-${Math.floor(rand() * 100_000)}`;
    const tagged = rand() < 0.7;
    const tags = tagged
      ? `"{""team"": ""${TEAMS[Math.floor(rand() * TEAMS.length)]}"", ""env"": ""${rand() < 0.5 ? 'prod' : 'dev'}""}"`
      : '';
    const usage = category === 'Usage';
    const sku = `SKU${Math.floor(rand() * 5000)}`;
    chunk.push(
      [
        decimal(billed),
        account,
        `Account ${account.slice(0, 3)}`,
        'USD',
        '2025-02-01T00:00:00Z',
        '2025-01-01T00:00:00Z',
        category,
        '',
        `"${svc[0]} ${svc[2]} in ${region[1]}"`,
        category === 'Purchase' ? 'One-Time' : 'Usage-Based',
        end,
        start,
        usage ? decimal(qty) : '',
        usage ? svc[2] : '',
        decimal(billed),
        usage ? decimal(unit * 0.85) : '',
        decimal(effective),
        '"Amazon Web Services, Inc."',
        decimal(list),
        category === 'Tax' ? '' : decimal(unit),
        category === 'Tax' ? '' : 'Standard',
        decimal(qty),
        svc[2],
        'AWS',
        '"Amazon Web Services, Inc."',
        region[0],
        `"${region[1]}"`,
        category === 'Usage' ? resource : '',
        '',
        category === 'Usage' ? svc[3] : '',
        svc[1],
        svc[0],
        sku,
        `${sku}.${Math.floor(rand() * 10)}`,
        sub,
        `Team account ${sub.slice(-2)}`,
        tags,
      ].join(','),
    );
    if (chunk.length === 10_000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
}
