/**
 * Tables for anomaly monitoring (migration 7): monitors, anomalies with their drivers and band,
 * an append-only history of every status change and feedback, and the log of alerts sent (so a
 * restart never sends one twice). Money is DECIMAL; JSON columns hold scope filters, drivers and
 * band points. Append-only once shipped: add a migration, never edit this one.
 */
import { DECIMAL_TYPE } from '../focus/schema.ts';
import type { Migration } from '../store/migrations.ts';

export const ANOMALY_MIGRATION: Migration = {
  id: 7,
  name: 'anomaly monitors, anomalies, history and sent alerts',
  statements: [
    `CREATE TABLE IF NOT EXISTS anomaly_monitor (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      metric VARCHAR NOT NULL,
      filters JSON NOT NULL,
      team VARCHAR,
      sensitivity DOUBLE NOT NULL DEFAULT 1,
      min_impact_usd ${DECIMAL_TYPE} NOT NULL,
      min_relative DOUBLE NOT NULL,
      origin VARCHAR NOT NULL,
      enabled BOOLEAN NOT NULL DEFAULT true,
      created_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS anomaly (
      id VARCHAR PRIMARY KEY,
      monitor_id VARCHAR NOT NULL,
      start_day DATE NOT NULL,
      end_day DATE NOT NULL,
      direction VARCHAR NOT NULL,
      status VARCHAR NOT NULL,
      severity VARCHAR NOT NULL,
      actual_usd ${DECIMAL_TYPE} NOT NULL,
      expected_usd ${DECIMAL_TYPE} NOT NULL,
      impact_usd ${DECIMAL_TYPE} NOT NULL,
      peak_score DOUBLE NOT NULL,
      band JSON NOT NULL,
      drivers JSON NOT NULL,
      split JSON,
      explanation VARCHAR NOT NULL,
      evidence JSON NOT NULL,
      feedback VARCHAR,
      detected_at TIMESTAMP NOT NULL,
      updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS anomaly_history (
      anomaly_id VARCHAR NOT NULL,
      happened_at TIMESTAMP NOT NULL,
      actor VARCHAR NOT NULL,
      action VARCHAR NOT NULL,
      from_status VARCHAR,
      to_status VARCHAR,
      reason VARCHAR
    )`,
    `CREATE TABLE IF NOT EXISTS alert_sent (
      channel_id VARCHAR NOT NULL,
      dedupe_key VARCHAR NOT NULL,
      anomaly_id VARCHAR,
      kind VARCHAR NOT NULL,
      sent_at TIMESTAMP NOT NULL,
      PRIMARY KEY (channel_id, dedupe_key)
    )`,
  ],
};
