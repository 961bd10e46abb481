/**
 * The question log (migration 9): every question asked of the assistant, redacted before it is
 * written, with how it was understood (intent, normalized template), who asked from where, how
 * long the answer took and whether it was answered. Append-only once shipped.
 */
import type { Migration } from '../store/migrations.ts';

export const QUESTION_LOG_MIGRATION: Migration = {
  id: 9,
  name: 'assistant question log',
  statements: [
    `CREATE TABLE IF NOT EXISTS assistant_question (
      id VARCHAR PRIMARY KEY,
      asked_at TIMESTAMP NOT NULL,
      question VARCHAR NOT NULL,
      template VARCHAR NOT NULL,
      intent VARCHAR NOT NULL,
      engine VARCHAR NOT NULL,
      answered BOOLEAN NOT NULL,
      latency_ms INTEGER NOT NULL,
      actor VARCHAR,
      channel VARCHAR
    )`,
  ],
};
