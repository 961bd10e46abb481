/**
 * The CLI's configuration, read once: flags over environment over `costlens.config.json` in the
 * working directory over defaults. Validated with zod; says whether defaults were used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AssistantConfigSpec } from '@costlens/core';
import { LimitsSpec } from '@costlens/server';
import { z } from 'zod';

const ConfigFile = z
  .object({
    db: z.string().optional(),
    /** A ClickHouse server (`clickhouse://user:pass@host:8123/db[?cluster=name]`) or `chdb:/dir`. */
    warehouse: z
      .string()
      .regex(
        /^(clickhouses?:\/\/|chdb:)/i,
        'use clickhouse://…, clickhouses://… or chdb:/dir (DuckDB is "db")',
      )
      .optional(),
    ownerTagKeys: z.array(z.string()).optional(),
    assistant: AssistantConfigSpec.optional(),
    /** `costlens serve`'s rate limits, body caps and security headers (server limits-config.ts). */
    limits: LimitsSpec.optional(),
  })
  .strict();

export interface CliConfig {
  readonly dbPath: string;
  /** A ClickHouse or chdb URL when the store is ClickHouse; null for the DuckDB file at dbPath. */
  readonly warehouse: string | null;
  readonly ownerTagKeys: readonly string[];
  readonly configFile: string | null;
  readonly usedDefaults: boolean;
  /** The `assistant` section (model, notes, sensitive tags), as written; see assistantSettingsFrom. */
  readonly assistant: AssistantConfigSpec | undefined;
  /** The `limits` section for `costlens serve`, as written (defaults fill the rest). */
  readonly limits: LimitsSpec | undefined;
  /** Where relative paths in the config resolve: the config file's folder, else the working one. */
  readonly baseDir: string;
}

export const DEFAULT_OWNER_TAG_KEYS = [
  'team',
  'owner',
  'cost_center',
  'costcenter',
  'application',
  'app',
];

export function loadConfig(flags: { db?: string }, env: NodeJS.ProcessEnv, cwd: string): CliConfig {
  const file = resolve(cwd, env['COSTLENS_CONFIG'] ?? 'costlens.config.json');
  let parsed: z.infer<typeof ConfigFile> = {};
  const hasFile = existsSync(file);
  if (hasFile) {
    const result = ConfigFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) {
      throw new Error(
        `${file}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    parsed = result.data;
  }
  const db = flags.db ?? env['COSTLENS_DB'] ?? parsed.db;
  const warehouse = env['COSTLENS_WAREHOUSE'] ?? parsed.warehouse ?? null;
  return {
    dbPath: resolve(cwd, db ?? 'costlens.duckdb'),
    // A flag naming a DuckDB file wins over a configured ClickHouse store.
    warehouse: flags.db ? null : warehouse,
    ownerTagKeys: parsed.ownerTagKeys ?? DEFAULT_OWNER_TAG_KEYS,
    configFile: hasFile ? file : null,
    usedDefaults: db === undefined && warehouse === null && !hasFile,
    assistant: parsed.assistant,
    limits: parsed.limits,
    baseDir: hasFile ? dirname(file) : cwd,
  };
}
