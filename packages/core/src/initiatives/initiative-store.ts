/**
 * Initiatives in the store: set (create or replace) a validated definition, list, get, delete.
 * Every change is audited in the same transaction.
 */
import { appendAudit } from '../audit/audit-log.ts';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { parseInitiative } from './definition.ts';
import type { Initiative } from './definition.ts';

/**
 * Creates or replaces an initiative; returns whether it existed.
 * @example await setInitiative(wh, parseInitiative(json), { actor: 'cli:alice' })
 */
export async function setInitiative(
  wh: Warehouse,
  def: Initiative,
  opts: { actor: string; now?: Date },
): Promise<{ replaced: boolean }> {
  const checked = parseInitiative(def);
  return wh.transaction(async (tx) => {
    const [old] = await tx.query('SELECT 1 FROM initiative WHERE initiative_id = $1', [checked.id]);
    await tx.exec('DELETE FROM initiative WHERE initiative_id = $1', [checked.id]);
    await tx.exec('INSERT INTO initiative VALUES ($1, $2, $3::JSON, $4::TIMESTAMP, $5)', [
      checked.id,
      checked.name,
      JSON.stringify(checked),
      (opts.now ?? new Date()).toISOString(),
      opts.actor,
    ]);
    await appendAudit(tx, {
      actor: opts.actor,
      action: old ? 'initiative.replace' : 'initiative.create',
      target: checked.id,
      detail: { name: checked.name },
      ...(opts.now ? { at: opts.now } : {}),
    });
    return { replaced: Boolean(old) };
  });
}

export async function listInitiatives(wh: Warehouse): Promise<Initiative[]> {
  const rows = await wh.query<{ definition: string }>(
    'SELECT definition::VARCHAR AS definition FROM initiative ORDER BY initiative_id',
  );
  return rows.map((r) => parseInitiative(JSON.parse(r.definition), 'stored initiative'));
}

/** One initiative, or NOT_FOUND naming what exists. */
export async function getInitiative(wh: Warehouse, id: string): Promise<Initiative> {
  const [row] = await wh.query<{ definition: string }>(
    'SELECT definition::VARCHAR AS definition FROM initiative WHERE initiative_id = $1',
    [id],
  );
  if (!row) {
    const ids = (await listInitiatives(wh)).map((i) => i.id);
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no initiative "${id}"`,
      hint: ids.length
        ? `Known: ${ids.join(', ')}.`
        : 'Create one with `costlens initiative set FILE`.',
    });
  }
  return parseInitiative(JSON.parse(row.definition), `initiative ${id}`);
}

export async function deleteInitiative(
  wh: Warehouse,
  id: string,
  opts: { actor: string },
): Promise<void> {
  await getInitiative(wh, id);
  await wh.transaction(async (tx) => {
    await tx.exec('DELETE FROM initiative WHERE initiative_id = $1', [id]);
    await appendAudit(tx, { actor: opts.actor, action: 'initiative.delete', target: id });
  });
}
