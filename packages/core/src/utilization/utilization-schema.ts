/**
 * Migration 10: `ec2_utilization`, one row per instance and day (p95 CPU/memory in percent), the
 * evidence rightsizing and idle rules read. Not cost data: it never joins into totals.
 */
import type { Migration } from '../store/migrations.ts';

export const UTILIZATION_MIGRATION: Migration = {
  id: 10,
  name: 'instance utilization (CloudWatch / Prometheus p95 exports)',
  statements: [
    `CREATE TABLE IF NOT EXISTS ec2_utilization (
      resource_id VARCHAR NOT NULL,
      day DATE NOT NULL,
      instance_type VARCHAR,
      cpu_avg DOUBLE,
      cpu_p95 DOUBLE NOT NULL,
      mem_p95 DOUBLE,
      network_out_gb DOUBLE,
      source_file VARCHAR NOT NULL,
      PRIMARY KEY (resource_id, day)
    )`,
  ],
};
