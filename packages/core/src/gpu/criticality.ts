/**
 * Business criticality of GPU workloads, the matrix's second axis. A registry (`gpu_criticality`,
 * from a file or the API) says high or low by device, workload, namespace, team or host; the most
 * specific entry wins. Without one, a `criticality` tag on the billed resource decides; without
 * that, the workload counts as low and the reason says it is unregistered. Changes are audited.
 */
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';

export const CRITICALITY_SCOPES = ['device', 'workload', 'namespace', 'team', 'host'] as const;
export type CriticalityScope = (typeof CRITICALITY_SCOPES)[number];
export type Criticality = 'high' | 'low';

export const CriticalityEntry = z
  .object({
    scope: z.enum(CRITICALITY_SCOPES),
    value: z.string().min(1).max(300),
    criticality: z.enum(['high', 'low']),
    note: z.string().max(2000).nullish(),
  })
  .strict();
export type CriticalityEntry = z.infer<typeof CriticalityEntry>;

export interface CriticalitySubject {
  deviceId: string;
  workload: string | null;
  namespace: string | null;
  team: string | null;
  hostname: string;
  tags: Readonly<Record<string, string>>;
}

export interface ResolvedCriticality {
  criticality: Criticality;
  /** `registry:<scope>=<value>`, `tag:<key>` or `default`. */
  basis: string;
  reason: string;
}

const TAG_KEYS = ['criticality', 'Criticality', 'business_criticality', 'BusinessCriticality'];

/** The most specific registry entry, else a criticality tag, else low (unregistered). */
export function resolveCriticality(
  entries: readonly CriticalityEntry[],
  s: CriticalitySubject,
): ResolvedCriticality {
  const values: Record<CriticalityScope, string | null> = {
    device: s.deviceId,
    workload: s.workload,
    namespace: s.namespace,
    team: s.team,
    host: s.hostname,
  };
  for (const scope of CRITICALITY_SCOPES) {
    const v = values[scope];
    const hit = v === null ? undefined : entries.find((e) => e.scope === scope && e.value === v);
    if (hit) {
      return {
        criticality: hit.criticality,
        basis: `registry:${scope}=${hit.value}`,
        reason: `${scope} ${hit.value} is registered as ${hit.criticality} criticality${hit.note ? ` (${hit.note})` : ''}.`,
      };
    }
  }
  for (const k of TAG_KEYS) {
    const t = s.tags[k]?.toLowerCase();
    if (t === 'high' || t === 'critical' || t === 'low') {
      const c: Criticality = t === 'low' ? 'low' : 'high';
      return {
        criticality: c,
        basis: `tag:${k}`,
        reason: `the resource's ${k} tag is ${s.tags[k]}.`,
      };
    }
  }
  return {
    criticality: 'low',
    basis: 'default',
    reason: `no criticality registered for ${s.workload ?? s.namespace ?? s.team ?? s.hostname}: treated as low; register it with costlens gpu criticality set.`,
  };
}

export async function listCriticality(
  wh: Warehouse,
): Promise<(CriticalityEntry & { updatedAt: string; updatedBy: string })[]> {
  const rows = await wh.query<{
    scope: CriticalityScope;
    value: string;
    criticality: Criticality;
    note: string | null;
    updated_at: string;
    updated_by: string;
  }>(
    `SELECT scope, value, criticality, note, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at, updated_by
     FROM gpu_criticality ORDER BY scope, value`,
  );
  return rows.map((r) => ({
    scope: r.scope,
    value: r.value,
    criticality: r.criticality,
    note: r.note,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

/** Upserts entries in one transaction, each audited as `gpu.criticality.set` with the actor. */
export async function setCriticality(
  wh: Warehouse,
  entries: readonly CriticalityEntry[],
  opts: { actor: string; now?: Date; reason?: string },
): Promise<{ saved: number }> {
  const now = opts.now ?? new Date();
  await wh.transaction(async (tx) => {
    for (const e of entries) {
      const [prev] = await tx.query<{ criticality: string }>(
        `SELECT criticality FROM gpu_criticality WHERE scope = $1 AND value = $2`,
        [e.scope, e.value],
      );
      await tx.exec(`DELETE FROM gpu_criticality WHERE scope = $1 AND value = $2`, [
        e.scope,
        e.value,
      ]);
      await tx.exec(`INSERT INTO gpu_criticality VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6)`, [
        e.scope,
        e.value,
        e.criticality,
        e.note ?? null,
        now.toISOString(),
        opts.actor,
      ]);
      await appendAudit(tx, {
        actor: opts.actor,
        action: 'gpu.criticality.set',
        target: `${e.scope}:${e.value}`,
        detail: {
          from: prev?.criticality ?? null,
          to: e.criticality,
          note: e.note ?? null,
          reason: opts.reason ?? null,
        },
        at: now,
      });
    }
  });
  return { saved: entries.length };
}

/**
 * A registry file: JSON (`[{scope,value,criticality,note}]` or `{ "entries": [...] }`) or CSV with
 * the header `scope,value,criticality[,note]`. Every bad entry is reported; nothing is half-loaded.
 */
export function parseCriticalityFile(text: string, file: string): CriticalityEntry[] {
  const trimmed = text.trim();
  let raw: unknown[];
  let lineOf: (i: number) => number = (i) => i + 1;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)}).`,
        hint: 'Expected [{"scope":"workload","value":"trainer","criticality":"high"}] or a CSV scope,value,criticality,note.',
      });
    }
    raw = Array.isArray(json) ? json : ((json as { entries?: unknown[] }).entries ?? []);
  } else {
    const lines = trimmed.split(/\r?\n/);
    const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
    const rows = lines
      .slice(1)
      .map((l, i) => ({ l, n: i + 2 }))
      .filter((r) => r.l.trim() !== '');
    raw = rows.map(({ l }) => {
      const f = l.split(',').map((c) => c.trim());
      const o: Record<string, string> = {};
      header.forEach((h, i) => {
        if (f[i]) o[h] = f[i]!;
      });
      return o;
    });
    lineOf = (i) => rows[i]!.n;
  }
  const out: CriticalityEntry[] = [];
  const issues = raw.flatMap((r, i) => {
    const norm =
      r && typeof r === 'object' && (r as { criticality?: unknown }).criticality === 'critical'
        ? { ...r, criticality: 'high' }
        : r;
    const p = CriticalityEntry.safeParse(norm);
    if (p.success) {
      out.push(p.data);
      return [];
    }
    return p.error.issues.map((x) => ({
      file,
      line: lineOf(i),
      ...(x.path.length ? { column: x.path.join('.') } : {}),
      message: x.message,
      hint: `scope is one of ${CRITICALITY_SCOPES.join(', ')}; criticality is high or low.`,
    }));
  });
  if (issues.length) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}: ${issues.length} problem(s) in the criticality registry; nothing was saved.`,
      hint: issues[0]?.hint,
      issues,
    });
  }
  return out;
}

/** Reads a registry file and saves it (audited). */
export async function loadCriticalityFile(
  wh: Warehouse,
  file: string,
  opts: { actor: string; now?: Date },
): Promise<{ saved: number }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)}).`,
      cause: e,
    });
  }
  return setCriticality(wh, parseCriticalityFile(text, file), {
    ...opts,
    reason: `loaded from ${file}`,
  });
}
