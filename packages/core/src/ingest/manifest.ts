/** Reads the ingest manifest: what was loaded, from where, and whether it still counts. */
import type { Warehouse } from '../store/warehouse.ts';

export interface SourceRecord {
  ingestId: string;
  status: 'active' | 'superseded';
  format: string;
  startedAt: string;
  finishedAt: string | null;
  rowCount: number;
  replacedPartitions: number;
  files: { path: string; format: string; sha256: string; bytes: number; rowCount: number }[];
  partitions: {
    billingAccountId: string | null;
    billingPeriodStart: string | null;
    billingCurrency: string | null;
    rowCount: number;
    billedCost: string;
    effectiveCost: string;
    sourceBilledCost: string;
    sourceEffectiveCost: string;
    replacedBy: string | null;
  }[];
}

export async function listSources(wh: Warehouse): Promise<SourceRecord[]> {
  const ingests = await wh.query<Record<string, string | number | null>>(
    `SELECT ingest_id, status, format, strftime(i.started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at,
       strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at, row_count, replaced_partitions
     FROM ingest i ORDER BY i.started_at, i.ingest_id`,
  );
  const files = await wh.query<Record<string, string | number>>(
    `SELECT ingest_id, path, format, sha256, bytes, row_count FROM ingest_file`,
  );
  const parts = await wh.query<Record<string, string | number | null>>(
    `SELECT ingest_id, billing_account_id, strftime(billing_period_start, '%Y-%m-%dT%H:%M:%SZ') AS period,
       billing_currency, row_count, billed_cost::VARCHAR AS billed, effective_cost::VARCHAR AS effective,
       source_billed_cost::VARCHAR AS sbilled, source_effective_cost::VARCHAR AS seffective, replaced_by
     FROM ingest_partition ORDER BY period, billing_account_id`,
  );
  return ingests.map((i) => ({
    ingestId: String(i['ingest_id']),
    status: i['status'] as 'active' | 'superseded',
    format: String(i['format']),
    startedAt: String(i['started_at']),
    finishedAt: (i['finished_at'] as string | null) ?? null,
    rowCount: Number(i['row_count']),
    replacedPartitions: Number(i['replaced_partitions']),
    files: files
      .filter((f) => f['ingest_id'] === i['ingest_id'])
      .map((f) => ({
        path: String(f['path']),
        format: String(f['format']),
        sha256: String(f['sha256']),
        bytes: Number(f['bytes']),
        rowCount: Number(f['row_count']),
      })),
    partitions: parts
      .filter((p) => p['ingest_id'] === i['ingest_id'])
      .map((p) => ({
        billingAccountId: (p['billing_account_id'] as string | null) ?? null,
        billingPeriodStart: (p['period'] as string | null) ?? null,
        billingCurrency: (p['billing_currency'] as string | null) ?? null,
        rowCount: Number(p['row_count']),
        billedCost: String(p['billed']),
        effectiveCost: String(p['effective']),
        sourceBilledCost: String(p['sbilled']),
        sourceEffectiveCost: String(p['seffective']),
        replacedBy: (p['replaced_by'] as string | null) ?? null,
      })),
  }));
}
