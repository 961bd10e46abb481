/**
 * The data beside the bill that later features ingest. Stub until the writers land.
 */
import type { Warehouse } from '../store/warehouse.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { BuildContext } from './item-factory.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface AuxiliaryFile {
  kind: string;
  format: string;
  path: string;
}

export async function writeAuxiliaryData(
  _wh: Warehouse,
  _o: {
    outDir: string;
    cal: DemoCalendar;
    seed: number;
    ctx: BuildContext;
    rnd: SeededRandom;
    tmpDir: string;
  },
): Promise<AuxiliaryFile[]> {
  return [];
}
