/** Reads the stored parts of the catalog (allocation config, unit metrics) and builds it. */
import { loadAllocationConfig } from '../allocation/allocation-store.ts';
import { listUnitMetrics } from '../metrics/unit-metrics.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { buildCatalog } from './catalog.ts';
import type { Catalog } from './catalog.ts';

/**
 * The catalog in force for a store.
 * @example const catalog = await loadCatalog(wh); listMetrics(catalog);
 */
export async function loadCatalog(wh: Warehouse): Promise<Catalog> {
  return buildCatalog({
    allocation: await loadAllocationConfig(wh),
    unitMetrics: await listUnitMetrics(wh),
  });
}
