/**
 * Migration 11: LLM spend. `llm_usage_event` holds normalized usage (one request, or one bucket of
 * an aggregated usage API) with tokens split so they never overlap (input = uncached input only),
 * the token-priced cost (NULL when unpriced, never 0) and the price-book version it used.
 * `llm_invoice_line` holds provider cost lines (OpenAI costs, Anthropic cost report) for direct
 * accounts no cloud bill covers. `replace_key` is what a re-ingest replaces.
 */
import { DECIMAL_TYPE } from '../focus/schema.ts';
import type { Migration } from '../store/migrations.ts';

export const AI_SPEND_MIGRATION: Migration = {
  id: 11,
  name: 'LLM usage events, provider cost lines, price overrides and usage ingests',
  statements: [
    `CREATE TABLE IF NOT EXISTS llm_usage_event (
      event_key VARCHAR NOT NULL,
      replace_key VARCHAR NOT NULL,
      source VARCHAR NOT NULL,
      source_file VARCHAR NOT NULL,
      source_line BIGINT,
      ingest_id VARCHAR NOT NULL,
      start_time TIMESTAMP NOT NULL,
      day DATE NOT NULL,
      provider VARCHAR NOT NULL,
      billed_via VARCHAR NOT NULL,
      model VARCHAR,
      operation VARCHAR NOT NULL,
      requests BIGINT NOT NULL,
      input_tokens BIGINT NOT NULL,
      cache_read_tokens BIGINT NOT NULL,
      cache_write_tokens BIGINT NOT NULL,
      output_tokens BIGINT NOT NULL,
      reasoning_tokens BIGINT NOT NULL,
      other_quantity ${DECIMAL_TYPE},
      other_unit VARCHAR,
      batch BOOLEAN NOT NULL,
      service_tier VARCHAR,
      account VARCHAR,
      project VARCHAR,
      team VARCHAR,
      app VARCHAR,
      feature VARCHAR,
      user_id VARCHAR,
      environment VARCHAR,
      conversation VARCHAR,
      status VARCHAR,
      tags JSON,
      reported_cost ${DECIMAL_TYPE},
      cost ${DECIMAL_TYPE},
      cache_savings ${DECIMAL_TYPE},
      price_key VARCHAR,
      price_version VARCHAR,
      unpriced_reason VARCHAR
    )`,
    `CREATE TABLE IF NOT EXISTS llm_invoice_line (
      replace_key VARCHAR NOT NULL,
      source VARCHAR NOT NULL,
      source_file VARCHAR NOT NULL,
      source_line BIGINT,
      ingest_id VARCHAR NOT NULL,
      day DATE NOT NULL,
      provider VARCHAR NOT NULL,
      account VARCHAR,
      project VARCHAR,
      model VARCHAR,
      description VARCHAR,
      token_type VARCHAR,
      quantity ${DECIMAL_TYPE},
      unit VARCHAR,
      amount ${DECIMAL_TYPE} NOT NULL,
      currency VARCHAR NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS llm_price_override (
      provider VARCHAR NOT NULL,
      model VARCHAR NOT NULL,
      effective_from DATE NOT NULL,
      input ${DECIMAL_TYPE},
      output ${DECIMAL_TYPE},
      cache_read ${DECIMAL_TYPE},
      cache_write ${DECIMAL_TYPE},
      batch_input ${DECIMAL_TYPE},
      batch_output ${DECIMAL_TYPE},
      reasoning ${DECIMAL_TYPE},
      note VARCHAR,
      created_at TIMESTAMP NOT NULL,
      created_by VARCHAR NOT NULL,
      PRIMARY KEY (provider, model, effective_from)
    )`,
    `CREATE TABLE IF NOT EXISTS llm_usage_ingest (
      ingest_id VARCHAR NOT NULL,
      source VARCHAR NOT NULL,
      file VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL,
      events BIGINT NOT NULL,
      invoice_lines BIGINT NOT NULL,
      first_day DATE,
      last_day DATE,
      ingested_at TIMESTAMP NOT NULL
    )`,
  ],
};
