/**
 * Where the allocation config lives: the `allocation_config` table, one row per saved version;
 * the highest version is in force. Saving validates first, so a bad config is never stored.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { DEFAULT_ALLOCATION_CONFIG, validateAllocationConfig } from './allocation-config.ts';
import type { AllocationConfig } from './allocation-config.ts';

export interface SavedAllocationConfig {
  version: number;
  config: AllocationConfig;
  source: string | null;
  savedAt: string;
}

/**
 * Validates and saves a config as a new version; returns the version number.
 * @example await saveAllocationConfig(wh, parseAllocationConfig(text, path), { source: path });
 */
export async function saveAllocationConfig(
  wh: Warehouse,
  config: unknown,
  opts: { source?: string; now?: () => Date } = {},
): Promise<number> {
  const valid = validateAllocationConfig(config, opts.source ? { file: opts.source } : {});
  const now = (opts.now ?? (() => new Date()))();
  return wh.transaction(async (tx) => {
    const [row] = await tx.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::INTEGER + 1 AS v FROM allocation_config',
    );
    const version = Number(row?.v ?? 1);
    await tx.exec('INSERT INTO allocation_config VALUES ($1, $2::JSON, $3, $4::TIMESTAMP)', [
      version,
      JSON.stringify(valid),
      opts.source ?? null,
      now.toISOString(),
    ]);
    return version;
  });
}

/** The config in force, or undefined when none was saved. */
export async function loadSavedAllocationConfig(
  wh: Warehouse,
): Promise<SavedAllocationConfig | undefined> {
  const [row] = await wh.query<{
    version: number;
    config: string;
    source: string | null;
    saved_at: string;
  }>(
    `SELECT version, CAST(config AS VARCHAR) AS config, source, CAST(saved_at AS VARCHAR) AS saved_at
     FROM allocation_config ORDER BY version DESC LIMIT 1`,
  );
  if (!row) return undefined;
  return {
    version: Number(row.version),
    config: validateAllocationConfig(JSON.parse(row.config)),
    source: row.source,
    savedAt: row.saved_at,
  };
}

/** The config in force, or the default (`team` tag, no virtual dimensions, no shared costs). */
export async function loadAllocationConfig(wh: Warehouse): Promise<AllocationConfig> {
  return (await loadSavedAllocationConfig(wh))?.config ?? DEFAULT_ALLOCATION_CONFIG;
}
