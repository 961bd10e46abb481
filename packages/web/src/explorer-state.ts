/**
 * The explorer's state ⇄ the URL query string, so a view can be shared by copying the address.
 * `?metric=effective_cost&groupBy=service&grain=month&start=2025-01-01&end=2025-07-01&f=provider:eq:AWS`
 * Unknown or malformed parameters fall back to defaults; the server validates what is sent.
 */
import type { Filter, FilterOp, Grain, SemanticQuery } from '@costlens/core';

export interface ExplorerState {
  metric: string;
  groupBy: string | null;
  grain: Grain | null;
  /** ISO dates, start inclusive, end exclusive; null = all data. */
  start: string | null;
  end: string | null;
  filters: Filter[];
}

export const DEFAULT_STATE: ExplorerState = {
  metric: 'effective_cost',
  groupBy: 'service',
  grain: 'month',
  start: null,
  end: null,
  filters: [],
};

const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];
const OPS: readonly FilterOp[] = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'is_null',
  'is_not_null',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseFilter(text: string): Filter | null {
  const [dimension, op, ...rest] = text.split(':');
  if (!dimension || !op || !(OPS as readonly string[]).includes(op)) return null;
  const f = op as FilterOp;
  const raw = rest.join(':');
  if (f === 'is_null' || f === 'is_not_null') return { dimension, op: f };
  if (f === 'in' || f === 'not_in') return { dimension, op: f, value: raw.split('|') };
  return { dimension, op: f, value: raw };
}

/** Reads the state from a query string (with or without the leading `?`). */
export function parseExplorerState(search: string): ExplorerState {
  const p = new URLSearchParams(search);
  const grain = p.get('grain');
  const start = p.get('start');
  const end = p.get('end');
  return {
    metric: p.get('metric') || DEFAULT_STATE.metric,
    groupBy: p.has('groupBy') ? p.get('groupBy') || null : DEFAULT_STATE.groupBy,
    grain: p.has('grain')
      ? grain && (GRAINS as readonly string[]).includes(grain)
        ? (grain as Grain)
        : null
      : DEFAULT_STATE.grain,
    start: start && DATE.test(start) ? start : null,
    end: end && DATE.test(end) ? end : null,
    filters: p
      .getAll('f')
      .map(parseFilter)
      .filter((f): f is Filter => f !== null),
  };
}

/** Writes the state as a query string (always explicit, so a shared link never depends on defaults). */
export function serializeExplorerState(s: ExplorerState): string {
  const p = new URLSearchParams();
  p.set('metric', s.metric);
  p.set('groupBy', s.groupBy ?? '');
  p.set('grain', s.grain ?? '');
  if (s.start) p.set('start', s.start);
  if (s.end) p.set('end', s.end);
  for (const f of s.filters) {
    const v = Array.isArray(f.value) ? f.value.join('|') : (f.value ?? '');
    p.append(
      'f',
      `${f.dimension}:${f.op}${f.op === 'is_null' || f.op === 'is_not_null' ? '' : `:${v}`}`,
    );
  }
  return p.toString();
}

/** The semantic query the explorer sends for a state. */
export function toSemanticQuery(s: ExplorerState, limit = 12): SemanticQuery {
  return {
    metric: s.metric,
    ...(s.groupBy ? { groupBy: [s.groupBy], limit } : {}),
    ...(s.grain ? { grain: s.grain } : {}),
    ...(s.start && s.end ? { timeRange: { start: s.start, end: s.end } } : {}),
    ...(s.filters.length > 0 ? { filters: s.filters } : {}),
    // Over time: periods in order, the biggest group first within each; otherwise biggest first.
    orderBy: s.grain
      ? [
          { field: 'period', direction: 'asc' },
          { field: s.metric, direction: 'desc' },
        ]
      : [{ field: s.metric, direction: 'desc' }],
  };
}
