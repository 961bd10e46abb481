/**
 * Reads the stored parts of the catalog (allocation config, unit metrics) and builds it, noting
 * which optional extension columns (x_LlmModel) the cost table lacks so their dimensions read as
 * NULL rather than failing to bind on a store that never loaded AI spend.
 */
import { loadAllocationConfig } from '../allocation/allocation-store.ts';
import { COST_TABLE } from '../focus/schema.ts';
import { listUnitMetrics } from '../metrics/unit-metrics.ts';
import { tableColumns } from '../store/table-columns.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { buildCatalog } from './catalog.ts';
import type { Catalog } from './catalog.ts';
import { BASE_DIMENSIONS } from './dimensions.ts';

const OPTIONAL_COLUMNS = BASE_DIMENSIONS.filter((d) => d.optional).flatMap((d) => d.columns ?? []);

/**
 * The catalog in force for a store.
 * @example const catalog = await loadCatalog(wh); listMetrics(catalog);
 */
export async function loadCatalog(wh: Warehouse): Promise<Catalog> {
  return buildCatalog({
    allocation: await loadAllocationConfig(wh),
    unitMetrics: await listUnitMetrics(wh),
    absentColumns: await absentColumns(wh),
  });
}

/** The optional columns `focus_cost` does not have (lower-case). */
async function absentColumns(wh: Warehouse): Promise<ReadonlySet<string>> {
  const have = new Set((await tableColumns(wh, COST_TABLE)).map((c) => c.toLowerCase()));
  return new Set(OPTIONAL_COLUMNS.map((c) => c.toLowerCase()).filter((c) => !have.has(c)));
}
