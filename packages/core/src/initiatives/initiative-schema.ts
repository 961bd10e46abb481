/** Initiatives (migration 13): one row per AI initiative holding its validated definition. */
import type { Migration } from '../store/migrations.ts';

export const INITIATIVE_MIGRATION: Migration = {
  id: 13,
  name: 'AI initiatives: definitions with mappings, budget, people time and benefits',
  statements: [
    `CREATE TABLE IF NOT EXISTS initiative (
      initiative_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      definition JSON NOT NULL,
      updated_at TIMESTAMP NOT NULL,
      updated_by VARCHAR NOT NULL
    )`,
  ],
};
