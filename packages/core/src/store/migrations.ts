/**
 * Schema migrations, applied in order on open and recorded in `schema_migrations`.
 * Migrations are append-only: never edit one that has shipped, add a new one.
 */
import { AI_SPEND_MIGRATION } from '../ai-spend/ai-spend-schema.ts';
import { ANOMALY_MIGRATION } from '../anomaly/anomaly-schema.ts';
import { ANOMALY_HOURLY_MIGRATION } from '../anomaly/anomaly-hourly-schema.ts';
import { QUESTION_LOG_MIGRATION } from '../assistant/question-log-schema.ts';
import { BUDGET_MIGRATION } from '../budget/budget-schema.ts';
import { GPU_MIGRATION } from '../gpu/gpu-schema.ts';
import { INITIATIVE_MIGRATION } from '../initiatives/initiative-schema.ts';
import { UTILIZATION_MIGRATION } from '../utilization/utilization-schema.ts';
import { costTableDdl, DECIMAL_TYPE } from '../focus/schema.ts';
import type { Warehouse } from './warehouse.ts';

export interface Migration {
  id: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'focus cost table and ingest manifest',
    statements: [
      costTableDdl(),
      `CREATE TABLE IF NOT EXISTS ingest (
        ingest_id VARCHAR PRIMARY KEY,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        format VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        row_count BIGINT NOT NULL,
        replaced_partitions INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE TABLE IF NOT EXISTS ingest_file (
        ingest_id VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        bytes BIGINT NOT NULL,
        row_count BIGINT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS ingest_partition (
        ingest_id VARCHAR NOT NULL,
        billing_account_id VARCHAR,
        billing_period_start TIMESTAMP,
        billing_period_end TIMESTAMP,
        billing_currency VARCHAR,
        row_count BIGINT NOT NULL,
        billed_cost ${DECIMAL_TYPE} NOT NULL,
        effective_cost ${DECIMAL_TYPE} NOT NULL,
        source_billed_cost ${DECIMAL_TYPE} NOT NULL,
        source_effective_cost ${DECIMAL_TYPE} NOT NULL,
        replaced_by VARCHAR
      )`,
      `CREATE TABLE IF NOT EXISTS ingest_finding (
        ingest_id VARCHAR NOT NULL,
        check_id VARCHAR NOT NULL,
        column_name VARCHAR,
        severity VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        rows_affected BIGINT NOT NULL,
        example VARCHAR
      )`,
    ],
  },
  {
    id: 3,
    name: 'allocation config versions, business metrics and unit-cost metrics',
    statements: [
      // Each save is a new version; the highest version is in force.
      `CREATE TABLE IF NOT EXISTS allocation_config (
        version INTEGER PRIMARY KEY,
        config JSON NOT NULL,
        source VARCHAR,
        saved_at TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS business_metric (
        "date" DATE NOT NULL,
        metric VARCHAR NOT NULL,
        value ${DECIMAL_TYPE} NOT NULL,
        dimensions JSON,
        source_file VARCHAR,
        source_line BIGINT,
        ingested_at TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS unit_metric (
        id VARCHAR PRIMARY KEY,
        label VARCHAR NOT NULL,
        cost_metric VARCHAR NOT NULL,
        business_metric VARCHAR NOT NULL,
        per DOUBLE NOT NULL,
        description VARCHAR,
        created_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    id: 4,
    name: 'api tokens (hashed) and the append-only audit log',
    statements: [
      `CREATE TABLE IF NOT EXISTS api_token (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        token_sha256 VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        created_by VARCHAR NOT NULL,
        revoked_at TIMESTAMP
      )`,
      `CREATE SEQUENCE IF NOT EXISTS audit_log_id START 1`,
      `CREATE TABLE IF NOT EXISTS audit_log (
        id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
        "at" TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        target VARCHAR,
        detail JSON
      )`,
    ],
  },
  {
    id: 5,
    name: 'which FOCUS columns each ingest provided; where and at what cost each read finding occurred',
    statements: [
      // source_column NULL: the column was filled by CostLens (e.g. ServiceProviderName from ProviderName).
      `CREATE TABLE IF NOT EXISTS ingest_column (
        ingest_id VARCHAR NOT NULL,
        column_name VARCHAR NOT NULL,
        source_column VARCHAR
      )`,
      `ALTER TABLE ingest_finding ADD COLUMN IF NOT EXISTS file VARCHAR`,
      `ALTER TABLE ingest_finding ADD COLUMN IF NOT EXISTS line BIGINT`,
      `ALTER TABLE ingest_finding ADD COLUMN IF NOT EXISTS cost_affected ${DECIMAL_TYPE}`,
    ],
  },
  {
    id: 8,
    name: 'recommendations: proposals, decisions and measured outcomes',
    statements: [
      `CREATE TABLE IF NOT EXISTS recommendation (
        id VARCHAR PRIMARY KEY,
        fingerprint VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        body JSON NOT NULL,
        estimated_monthly_savings_usd DECIMAL(38, 15) NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        applied_at TIMESTAMP,
        outcome JSON
      )`,
    ],
  },
  ANOMALY_MIGRATION,
  BUDGET_MIGRATION,
  QUESTION_LOG_MIGRATION,
  UTILIZATION_MIGRATION,
  AI_SPEND_MIGRATION,
  GPU_MIGRATION,
  INITIATIVE_MIGRATION,
  ANOMALY_HOURLY_MIGRATION,
];

/** Applies every migration not yet recorded. Idempotent. */
export async function migrate(wh: Warehouse, migrations = MIGRATIONS): Promise<number[]> {
  await wh.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)`,
  );
  const done = new Set(
    (await wh.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)),
  );
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    await wh.transaction(async (tx) => {
      for (const stmt of m.statements) await tx.exec(stmt);
      await tx.exec('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [
        m.id,
        m.name,
      ]);
    });
    applied.push(m.id);
  }
  return applied;
}
