/**
 * The CLI's configuration, read once: flags over environment over `costlens.config.json` in the
 * working directory over defaults. Validated with zod; says whether defaults were used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const ConfigFile = z
  .object({
    db: z.string().optional(),
    ownerTagKeys: z.array(z.string()).optional(),
  })
  .strict();

export interface CliConfig {
  readonly dbPath: string;
  readonly ownerTagKeys: readonly string[];
  readonly configFile: string | null;
  readonly usedDefaults: boolean;
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
  return {
    dbPath: resolve(cwd, db ?? 'costlens.duckdb'),
    ownerTagKeys: parsed.ownerTagKeys ?? DEFAULT_OWNER_TAG_KEYS,
    configFile: hasFile ? file : null,
    usedDefaults: db === undefined && !hasFile,
  };
}
