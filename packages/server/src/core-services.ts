/**
 * The default capabilities: core's semantic layer, showback and quality report. The quality report scans
 * every row, so it is computed once per data version (the ingest manifest's state) and reused
 * until the next ingest changes that version.
 */
import type { Warehouse } from '@costlens/core';
import {
  dimensionValues,
  listDimensions,
  listMetrics,
  loadCatalog,
  qualityReport,
  runQuery,
  showback,
} from '@costlens/core';
import type { ServerServices } from './services.ts';

/** A key that changes whenever an ingest commits. */
async function dataVersion(wh: Warehouse): Promise<string> {
  const [row] = await wh.query<{ v: string }>(
    `SELECT count(*)::VARCHAR || ':' || coalesce(max(finished_at)::VARCHAR, '') || ':' ||
       count(*) FILTER (WHERE status = 'active')::VARCHAR AS v FROM ingest`,
  );
  return String(row?.v ?? '');
}

/** Core's capabilities for the API, with the quality report cached per data version. */
export function coreServices(): ServerServices {
  let cached: { version: string; report: Promise<unknown> } | null = null;
  return {
    runQuery: (wh, q) => runQuery(wh, q),
    async catalog(wh) {
      const catalog = await loadCatalog(wh);
      return { metrics: listMetrics(catalog), dimensions: listDimensions(catalog) };
    },
    dimensionValues: (wh, dimension, opts) => dimensionValues(wh, dimension, opts),
    showback: (wh, opts) => showback(wh, opts),
    async qualityReport(wh, opts) {
      const version = await dataVersion(wh);
      if (!cached || cached.version !== version) {
        if (opts.cachedOnly) return null;
        const report = qualityReport(wh);
        cached = { version, report };
        report.catch(() => {
          if (cached?.report === report) cached = null;
        });
      }
      return cached.report;
    },
  };
}
