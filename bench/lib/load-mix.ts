/**
 * The request mix bench:load drives: what the dashboard and API clients ask most — semantic
 * queries of different shapes (trend, top-N, filtered breakdown, daily comparison), showback for
 * the latest month, a forecast, anomalies, the metric list. Each is sent once first and must
 * answer 200 with JSON, so a broken route fails the bench before the load, with its body.
 */
import type { SemanticQuery } from '@costlens/core';

export interface MixRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: SemanticQuery;
}

const QUERIES: readonly SemanticQuery[] = [
  { metric: 'effective_cost', grain: 'month', orderBy: [{ field: 'period', direction: 'asc' }] },
  {
    metric: 'effective_cost',
    groupBy: ['service'],
    timeRange: { relative: 'last_n_days', n: 30 },
    orderBy: [{ field: 'effective_cost', direction: 'desc' }],
    limit: 10,
  },
  {
    metric: 'billed_cost',
    groupBy: ['provider', 'region'],
    filters: [{ dimension: 'charge_category', op: 'eq', value: 'Usage' }],
    timeRange: { relative: 'previous_month' },
  },
  {
    metric: 'effective_cost',
    groupBy: ['team'],
    grain: 'day',
    timeRange: { relative: 'last_n_days', n: 14 },
    compareTo: 'previous_period',
  },
];

/** Builds the mix against a running server (the showback month is the data's latest). */
export async function loadMix(url: string): Promise<MixRequest[]> {
  const months = (await call(url, { method: 'POST', path: '/api/query', body: QUERIES[0]! })) as {
    rows: { period: string }[];
  };
  const latest = months.rows.at(-1)?.period.slice(0, 7);
  if (!latest) throw new Error('the database has no cost rows: nothing to load-test');
  const mix: MixRequest[] = [
    ...QUERIES.map((body) => ({ method: 'POST' as const, path: '/api/query', body })),
    { method: 'GET', path: `/api/showback?month=${latest}` },
    { method: 'GET', path: '/api/forecast?horizon=30' },
    { method: 'GET', path: '/api/anomalies?limit=20' },
    { method: 'GET', path: '/api/metrics' },
  ];
  for (const r of mix) await call(url, r);
  return mix;
}

async function call(url: string, r: MixRequest): Promise<unknown> {
  const res = await fetch(`${url}${r.path}`, {
    method: r.method,
    headers: { 'content-type': 'application/json' },
    ...(r.body ? { body: JSON.stringify(r.body) } : {}),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${r.method} ${r.path} → ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}
