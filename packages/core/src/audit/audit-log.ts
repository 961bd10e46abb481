/**
 * The append-only audit log: who did what to which thing, when, and why (contract 5).
 * Rows are only ever inserted — there is no update or delete here, and callers pass the
 * transaction they are in so an action and its audit row commit together.
 */
import type { Warehouse } from '../store/warehouse.ts';

export interface AuditEntry {
  id: number;
  /** ISO timestamp (UTC). */
  at: string;
  /** A named actor: `cli:<user>`, `token:<id>`, `local-demo`, … */
  actor: string;
  /** A dotted verb, e.g. `token.create`. */
  action: string;
  /** What the action touched, e.g. a token id. */
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AppendAuditInput {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
}

/**
 * Appends one entry; returns its id. Pass a transaction's `tx` to commit it with the action.
 * @example await appendAudit(tx, { actor: 'cli', action: 'token.create', target: id });
 */
export async function appendAudit(wh: Warehouse, input: AppendAuditInput): Promise<number> {
  const [row] = await wh.query<{ id: number }>(
    `INSERT INTO audit_log ("at", actor, action, target, detail)
     VALUES ($1::TIMESTAMP, $2, $3, $4, $5::JSON) RETURNING id`,
    [
      (input.at ?? new Date()).toISOString(),
      input.actor,
      input.action,
      input.target ?? null,
      JSON.stringify(input.detail ?? {}),
    ],
  );
  return Number(row?.id);
}

export interface ListAuditOptions {
  /** Only entries whose action starts with this prefix (e.g. `token.`). */
  actionPrefix?: string;
  /** Newest first; default 100. */
  limit?: number;
}

/** Reads the log, newest first. */
export async function listAudit(wh: Warehouse, opts: ListAuditOptions = {}): Promise<AuditEntry[]> {
  const rows = await wh.query<Record<string, string | number | null>>(
    `SELECT id, strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ') AS at, actor, action, target, detail::VARCHAR AS detail
     FROM audit_log WHERE starts_with(action, $1) ORDER BY id DESC LIMIT $2`,
    [opts.actionPrefix ?? '', opts.limit ?? 100],
  );
  return rows.map((r) => ({
    id: Number(r['id']),
    at: String(r['at']),
    actor: String(r['actor']),
    action: String(r['action']),
    target: r['target'] === null ? null : String(r['target']),
    detail: JSON.parse(String(r['detail'] ?? '{}')) as Record<string, unknown>,
  }));
}
