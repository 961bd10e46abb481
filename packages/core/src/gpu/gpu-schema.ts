/**
 * Migration 12: the GPU fleet's raw samples and its two small registries. `gpu_sample` is long
 * (one metric value per row, DCGM field names as the vocabulary, nvidia-smi fields mapped onto
 * them) so partial scrapes and new fields need no schema change. Not cost data: GPU money is
 * computed from focus_cost (or a price per GPU-hour) when the fleet is analysed.
 */
import type { Migration } from '../store/migrations.ts';

export const GPU_MIGRATION: Migration = {
  id: 12,
  name: 'GPU samples (DCGM exporter, nvidia-smi), host map and criticality registry',
  statements: [
    `CREATE TABLE IF NOT EXISTS gpu_sample (
      ts TIMESTAMP NOT NULL,
      hostname VARCHAR NOT NULL,
      gpu_uuid VARCHAR NOT NULL,
      gpu_index INTEGER,
      model VARCHAR,
      mig_profile VARCHAR,
      mig_instance VARCHAR,
      metric VARCHAR NOT NULL,
      metric_type VARCHAR NOT NULL,
      value DOUBLE NOT NULL,
      namespace VARCHAR,
      pod VARCHAR,
      container VARCHAR,
      source VARCHAR NOT NULL,
      source_file VARCHAR NOT NULL,
      source_line BIGINT
    )`,
    // Inventory export (e.g. aws ec2 describe-instances: PrivateDnsName, InstanceId, type).
    `CREATE TABLE IF NOT EXISTS gpu_host (
      hostname VARCHAR PRIMARY KEY,
      resource_id VARCHAR NOT NULL,
      instance_type VARCHAR,
      team VARCHAR,
      source_file VARCHAR
    )`,
    `CREATE TABLE IF NOT EXISTS gpu_criticality (
      scope VARCHAR NOT NULL,
      value VARCHAR NOT NULL,
      criticality VARCHAR NOT NULL,
      note VARCHAR,
      updated_at TIMESTAMP NOT NULL,
      updated_by VARCHAR NOT NULL,
      PRIMARY KEY (scope, value)
    )`,
  ],
};
