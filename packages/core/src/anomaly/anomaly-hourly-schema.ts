/**
 * Hourly anomaly monitors (migration 14): a monitor's granularity ('day' or 'hour'), and the first
 * and last anomalous hour of an hourly anomaly. Hourly anomalies keep `start_day`/`end_day` filled
 * with the days their hours fall on, so every reader that filters or routes by day still works;
 * `start_at`/`end_at` are NULL for daily anomalies. DuckDB cannot add a column with a constraint,
 * so `granularity` is added with its default (which fills existing rows) and then made NOT NULL.
 * Append-only once shipped: add a migration, never edit this one.
 */
import type { Migration } from '../store/migrations.ts';

export const ANOMALY_HOURLY_MIGRATION: Migration = {
  id: 14,
  name: 'hourly anomaly monitors: monitor granularity, anomaly start and end hour',
  statements: [
    `ALTER TABLE anomaly_monitor ADD COLUMN IF NOT EXISTS granularity VARCHAR DEFAULT 'day'`,
    `ALTER TABLE anomaly_monitor ALTER COLUMN granularity SET NOT NULL`,
    `ALTER TABLE anomaly ADD COLUMN IF NOT EXISTS start_at TIMESTAMP`,
    `ALTER TABLE anomaly ADD COLUMN IF NOT EXISTS end_at TIMESTAMP`,
  ],
};
