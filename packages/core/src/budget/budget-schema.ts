/**
 * Budget tables (migration 6): one row per budget — scope as semantic-layer filters, period,
 * exact amount, thresholds — and one row per threshold crossing already notified, so a crossing
 * is announced once per budget period and kind.
 */
import { DECIMAL_TYPE } from '../focus/schema.ts';
import type { Migration } from '../store/migrations.ts';

export const BUDGET_MIGRATION: Migration = {
  id: 6,
  name: 'budgets by scope and period, with notified threshold crossings',
  statements: [
    `CREATE TABLE IF NOT EXISTS budget (
      budget_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL UNIQUE,
      metric VARCHAR NOT NULL,
      scope JSON NOT NULL,
      period VARCHAR NOT NULL,
      amount ${DECIMAL_TYPE} NOT NULL,
      currency VARCHAR NOT NULL,
      actual_thresholds_pct JSON NOT NULL,
      forecast_thresholds_pct JSON NOT NULL,
      created_at TIMESTAMP NOT NULL,
      updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS budget_alert (
      budget_id VARCHAR NOT NULL,
      period_start DATE NOT NULL,
      kind VARCHAR NOT NULL,
      threshold_pct DOUBLE NOT NULL,
      value_pct DOUBLE NOT NULL,
      notified_at TIMESTAMP NOT NULL,
      PRIMARY KEY (budget_id, period_start, kind, threshold_pct)
    )`,
  ],
};
