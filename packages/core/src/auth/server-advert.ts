/**
 * The advert a running server writes beside the database it owns (`<db>.server.json`: url, pid),
 * so other processes (the CLI) talk to it instead of failing on the file lock. An advert whose
 * process is gone is stale and ignored. It carries no secret: clients still need a token.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const AdvertSchema = z.object({
  url: z.string().url(),
  pid: z.number().int().positive(),
  db: z.string(),
  startedAt: z.string(),
  version: z.string(),
});

export type ServerAdvert = z.infer<typeof AdvertSchema>;

/** Where the advert for a database file lives. */
export function advertPath(dbPath: string): string {
  return `${dbPath}.server.json`;
}

/** Writes the advert (replacing any stale one). */
export function writeServerAdvert(dbPath: string, advert: ServerAdvert): void {
  writeFileSync(advertPath(dbPath), `${JSON.stringify(advert, null, 2)}\n`, { mode: 0o644 });
}

/** Removes the advert if it is ours (same pid). */
export function removeServerAdvert(dbPath: string, pid: number): void {
  const current = readServerAdvert(dbPath, { checkAlive: false });
  if (current && current.pid !== pid) return;
  rmSync(advertPath(dbPath), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The advert of a live server for this database, or null (missing, unreadable or stale). */
export function readServerAdvert(
  dbPath: string,
  opts: { checkAlive?: boolean } = {},
): ServerAdvert | null {
  let raw: string;
  try {
    raw = readFileSync(advertPath(dbPath), 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = AdvertSchema.safeParse(parsed);
  if (!result.success) return null;
  if (opts.checkAlive !== false && !isAlive(result.data.pid)) return null;
  return result.data;
}
