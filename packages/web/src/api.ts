/**
 * The dashboard's only way to data: a small typed client for the server's API. Types come from
 * @costlens/core as type-only imports (nothing of core is bundled). Errors keep the server's
 * code, message, hint and field issues so pages can show them.
 */
import type { DimensionValue, SemanticQuery, SemanticResult, SourceRecord } from '@costlens/core';

export interface CatalogEntry {
  id: string;
  label: string;
  description: string;
  unit?: string;
  kind: string;
}

export interface QualitySummaryView {
  errors: number;
  warnings: number;
  infos: number;
  rows: number;
  score: number;
}

export interface QualityFindingView {
  id: string;
  source: string;
  severity: 'error' | 'warning' | 'info';
  column?: string;
  check: string;
  message: string;
  rowsAffected: number;
  costAffected: string;
}

export interface QualityReportView {
  generatedAt: string;
  summary: QualitySummaryView;
  findings: QualityFindingView[];
}

export interface ApiIssue {
  field?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string | undefined,
    readonly issues: readonly ApiIssue[],
  ) {
    super(message);
  }
}

export interface Api {
  query(q: SemanticQuery, signal?: AbortSignal): Promise<SemanticResult>;
  catalog(): Promise<{ metrics: CatalogEntry[]; dimensions: CatalogEntry[] }>;
  /** A dimension's values, most costly first (for filter pickers). */
  dimensionValues(dimension: string, limit?: number): Promise<DimensionValue[]>;
  sources(): Promise<{ sources: SourceRecord[] }>;
  /** The quality report; with `cachedOnly`, null when the server has not computed it yet. */
  quality(opts?: { cachedOnly?: boolean }): Promise<QualityReportView | null>;
  /** Any other read route, typed by the caller (e.g. `/api/forecast?…`). */
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** Any other write route (e.g. `/api/recommendations/:id/approve`), typed by the caller. */
  post<T>(path: string, body: unknown): Promise<T>;
  /** A delete route (e.g. `/api/monitors/:id`), typed by the caller. */
  del<T>(path: string): Promise<T>;
  /**
   * A read route's body as a Blob, sent with the token (a plain link cannot carry it): documents
   * such as the initiative one-pager, opened from a blob URL.
   */
  getBlob(path: string, signal?: AbortSignal): Promise<Blob>;
}

/**
 * Creates a client; `token` (if any) is sent as a bearer token.
 * @example const api = createApi({ baseUrl: '' }); await api.query({ metric: 'billed_cost' });
 */
export function createApi(
  opts: { baseUrl?: string; token?: () => string | null; fetch?: typeof fetch } = {},
): Api {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    raw = false,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    const token = opts.token?.();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
    if (res.status === 204) return null as T;
    if (raw && res.ok) return (await res.blob()) as T;
    const json = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; hint?: string; issues?: ApiIssue[] };
    } | null;
    if (!res.ok) {
      const e = json?.error;
      throw new ApiError(
        res.status,
        e?.code ?? 'HTTP',
        e?.message ?? `HTTP ${res.status}`,
        e?.hint,
        e?.issues ?? [],
      );
    }
    return json as T;
  }
  return {
    query: (q, signal) => call('POST', '/api/query', q, signal),
    catalog: () => call('GET', '/api/metrics'),
    dimensionValues: (dimension, limit = 100) =>
      call('GET', `/api/dimensions/${encodeURIComponent(dimension)}/values?limit=${limit}`),
    sources: () => call('GET', '/api/sources'),
    quality: (o) => call('GET', o?.cachedOnly ? '/api/quality?cached=only' : '/api/quality'),
    get: (path, signal) => call('GET', path, undefined, signal),
    post: (path, body) => call('POST', path, body),
    del: (path) => call('DELETE', path),
    getBlob: (path, signal) => call('GET', path, undefined, signal, true),
  };
}
