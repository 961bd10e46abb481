/**
 * Test helpers shared by core's tests (and other packages' tests): where the shared sample data
 * lives, temp files, and a small FOCUS CSV builder. Not part of the public API.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(here, '../../../..');
/** `../shared/data` beside the project. */
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
export const FOCUS_SAMPLE = join(
  SHARED_DATA,
  'billing-samples/focus-sample-data/FOCUS-1.0_focus_sample.csv',
);

export function tempDir(prefix = 'costlens-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(
  dir: string,
  name: string,
  content: string | Buffer,
  gzip = false,
): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(content) : content);
  return path;
}

export const MINI_FOCUS_HEADER = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeFrequency',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ServiceName',
  'ServiceCategory',
  'ServiceProviderName',
  'ResourceId',
  'Tags',
] as const;

export type MiniRow = Partial<Record<(typeof MINI_FOCUS_HEADER)[number], string>>;

/** A small FOCUS 1.3-style CSV; every row defaults to a valid usage charge in 2025-01. */
export function miniFocusCsv(rows: readonly MiniRow[]): string {
  const defaults: Record<string, string> = {
    BillingAccountId: '111111111111',
    BillingAccountName: 'Acme',
    BillingCurrency: 'USD',
    BillingPeriodStart: '2025-01-01T00:00:00Z',
    BillingPeriodEnd: '2025-02-01T00:00:00Z',
    ChargePeriodStart: '2025-01-05T00:00:00Z',
    ChargePeriodEnd: '2025-01-06T00:00:00Z',
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    BilledCost: '1.00',
    EffectiveCost: '1.00',
    ListCost: '1.20',
    ContractedCost: '1.00',
    ServiceName: 'Amazon Elastic Compute Cloud',
    ServiceCategory: 'Compute',
    ServiceProviderName: 'AWS',
    ResourceId: 'i-0abc',
    Tags: '{"team":"ml"}',
  };
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [MINI_FOCUS_HEADER.join(',')];
  for (const r of rows) {
    lines.push(MINI_FOCUS_HEADER.map((h) => esc(r[h] ?? defaults[h] ?? '')).join(','));
  }
  return `${lines.join('\n')}\n`;
}
