/**
 * Links from Slack into the dashboard (config `publicUrl`): the explorer with a query's state in
 * its URL (the format packages/web/src/explorer-state.ts reads), an anomaly, the recommendations.
 * No public URL configured → no links.
 */
import type { SemanticQuery } from '@costlens/core';

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The explorer view of a semantic query (absolute time ranges only; relative ones show all data). */
export function explorerLink(publicUrl: string | undefined, q: SemanticQuery): string | null {
  if (!publicUrl) return null;
  const p = new URLSearchParams();
  p.set('metric', q.metric);
  p.set('groupBy', q.groupBy?.[0] ?? '');
  p.set('grain', q.grain ?? '');
  if (q.timeRange && 'start' in q.timeRange) {
    p.set('start', q.timeRange.start);
    p.set('end', q.timeRange.end);
  }
  for (const f of q.filters ?? []) {
    const v = Array.isArray(f.value) ? f.value.join('|') : (f.value ?? '');
    p.append(
      'f',
      `${f.dimension}:${f.op}${f.op === 'is_null' || f.op === 'is_not_null' ? '' : `:${v}`}`,
    );
  }
  return `${base(publicUrl)}/explorer?${p.toString()}`;
}

export function anomalyLink(publicUrl: string | undefined, id: string): string | null {
  return publicUrl ? `${base(publicUrl)}/anomalies?id=${encodeURIComponent(id)}` : null;
}

export function recommendationsLink(publicUrl: string | undefined): string | null {
  return publicUrl ? `${base(publicUrl)}/recommendations` : null;
}
