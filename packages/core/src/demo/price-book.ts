/**
 * Public list prices (USD, us-east-1 or the provider's US region, on-demand) for the demo's non-EC2
 * SKUs, as published on the providers' pricing pages in 2025. EC2 instance prices come from the
 * shipped catalog instead (ec2-catalog.ts). Discount rates model the demo's own commitments.
 */

export const AWS_PRICES = {
  ebsGp3GbMonth: '0.08',
  ebsGp2GbMonth: '0.10',
  ebsSnapshotGbMonth: '0.05',
  s3StandardGbMonth: '0.023',
  s3StandardIaGbMonth: '0.0125',
  s3Tier1Request: '0.000005',
  s3Tier2Request: '0.0000004',
  lambdaGbSecond: '0.0000166667',
  lambdaRequest: '0.0000002',
  dataTransferOutGb: '0.09',
  natGatewayHour: '0.045',
  natGatewayGb: '0.045',
  cloudWatchLogsIngestGb: '0.50',
  cloudWatchMetricMonth: '0.30',
  eksClusterHour: '0.10',
  rdsGp3GbMonth: '0.115',
} as const;

/** RDS PostgreSQL single-AZ hourly prices. */
export const RDS_PRICES: Record<string, string> = {
  'db.t4g.medium': '0.065',
  'db.m6g.large': '0.152',
  'db.r6g.large': '0.225',
  'db.r6g.xlarge': '0.45',
  'db.r6g.2xlarge': '0.899',
};

/** SageMaker hourly prices. */
export const SAGEMAKER_PRICES: Record<string, string> = {
  'ml.t3.medium': '0.05',
  'ml.m5.xlarge': '0.23',
  'ml.g5.xlarge': '1.408',
  'ml.g5.2xlarge': '1.515',
  'ml.p4d.24xlarge': '37.688',
};

/** LLM token prices per token (per-million list price / 1e6). */
export const LLM_PRICES = {
  bedrock: [
    {
      model: 'anthropic.claude-sonnet-4-20250514-v1:0',
      label: 'Claude Sonnet 4',
      input: '0.000003',
      output: '0.000015',
    },
    {
      model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      label: 'Claude 3.5 Haiku',
      input: '0.0000008',
      output: '0.000004',
    },
    {
      model: 'amazon.nova-lite-v1:0',
      label: 'Nova Lite',
      input: '0.00000006',
      output: '0.00000024',
    },
  ],
  azureOpenAi: [
    { model: 'gpt-4o-2024-08-06', meter: 'gpt 4o 0806', input: '0.0025', output: '0.01' },
    {
      model: 'gpt-4o-mini-2024-07-18',
      meter: 'gpt 4o mini 0718',
      input: '0.00015',
      output: '0.0006',
    },
  ],
  vertex: [
    {
      model: 'gemini-2.5-flash',
      label: 'Gemini 2.5 Flash',
      input: '0.0000003',
      output: '0.0000025',
    },
    { model: 'gemini-2.5-pro', label: 'Gemini 2.5 Pro', input: '0.00000125', output: '0.00001' },
  ],
  openai: [
    { model: 'gpt-4.1-mini-2025-04-14', input: '0.0000004', output: '0.0000016' },
    { model: 'gpt-4.1-2025-04-14', input: '0.000002', output: '0.000008' },
  ],
} as const;

/** Azure pay-as-you-go hourly prices (Linux, East US). */
export const AZURE_VM_PRICES: Record<string, { series: string; price: string; vcpu: number }> = {
  D2s_v5: { series: 'Dsv5 Series', price: '0.096', vcpu: 2 },
  D4s_v5: { series: 'Dsv5 Series', price: '0.192', vcpu: 4 },
  D8s_v5: { series: 'Dsv5 Series', price: '0.384', vcpu: 8 },
  E4s_v5: { series: 'Esv5 Series', price: '0.252', vcpu: 4 },
  E8s_v5: { series: 'Esv5 Series', price: '0.504', vcpu: 8 },
  NC24ads_A100_v4: { series: 'NCadsA100v4 Series', price: '3.673', vcpu: 24 },
};

export const AZURE_PRICES = {
  premiumSsdP10Month: '19.71',
  hotLrsGbMonth: '0.0184',
  bandwidthOutGb: '0.087',
  sqlGpVcoreHour: '0.2522',
} as const;

/** GCP (us-central1 / US multi-region) list prices. */
export const GCP_PRICES = {
  n2CoreHour: '0.031611',
  n2RamGbHour: '0.004237',
  e2CoreHour: '0.021811',
  e2RamGbHour: '0.002923',
  pdBalancedGbMonth: '0.10',
  bigQueryTibScanned: '6.25',
  bigQueryActiveStorageGibMonth: '0.02',
  gcsStandardGbMonth: '0.026',
} as const;

/** The demo's commitment discounts (effective rate as a share of on-demand). */
export const COMMITMENT_RATES = {
  computeSavingsPlan: '0.72',
  ec2Reserved1yrNoUpfront: '0.62',
  rdsReserved1yrAllUpfront: '0.6',
} as const;

/** Hours in an average month, the convention providers use for monthly prices. */
export const HOURS_PER_MONTH = 730;
