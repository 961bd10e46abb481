/**
 * Shares one in-flight request between identical queries, so the shell can start the overview's
 * first query while it is still learning the data's currency (one round trip instead of two).
 * Entries expire after a few seconds: this is request sharing, not a data cache.
 */
import type { SemanticQuery, SemanticResult } from '@costlens/core';
import type { Api } from './api.ts';

const TTL_MS = 5_000;
const inflight = new Map<string, { at: number; result: Promise<SemanticResult> }>();

/** `api.query(q)`, shared with any identical call made in the last few seconds. */
export function sharedQuery(api: Api, q: SemanticQuery): Promise<SemanticResult> {
  const key = JSON.stringify(q);
  const now = Date.now();
  const hit = inflight.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.result;
  const result = api.query(q);
  inflight.set(key, { at: now, result });
  result.catch(() => inflight.delete(key));
  return result;
}

/** The overview's monthly series query (also prefetched by the shell). */
export const MONTHLY_QUERY: SemanticQuery = {
  metric: 'effective_cost',
  grain: 'month',
  orderBy: [{ field: 'period', direction: 'asc' }],
};
