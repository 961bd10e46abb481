/**
 * The demo's answer key, `ground-truth.json`: every planted anomaly with its measured impact (the
 * excess or deficit in EffectiveCost over its days, summed from the generated rows), every planted
 * savings opportunity with its expected monthly savings, and notable events (launches, expiries)
 * that a detector may flag but that are not anomalies. Money is decimal strings.
 */
import { writeFileSync } from 'node:fs';
import type { Warehouse } from '../store/warehouse.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { DemoEvent } from './demo-inventory.ts';
import type { AnomalyKind, PlantedAnomaly, Scope } from './planted-anomalies.ts';
import type { PlantedSavings } from './planted-savings.ts';

export interface GroundTruthAnomaly {
  id: number;
  /** First day (ISO date). */
  date: string;
  /** Last day (inclusive). */
  endDate: string;
  days: number;
  scope: Scope;
  kind: AnomalyKind;
  /** Excess (positive) or deficit (negative) EffectiveCost over its days, USD. */
  impactUsd: string;
  description: string;
}

export interface GroundTruth {
  generator: 'costlens demo';
  seed: number;
  startDate: string;
  endDate: string;
  scale: number;
  anomalies: GroundTruthAnomaly[];
  savingsOpportunities: PlantedSavings[];
  events: DemoEvent[];
}

/** Measures each anomaly's impact from `demo_cost` and assembles the ground truth. */
export async function buildGroundTruth(
  wh: Warehouse,
  o: {
    cal: DemoCalendar;
    seed: number;
    scale: number;
    anomalies: readonly PlantedAnomaly[];
    savings: readonly PlantedSavings[];
    events: readonly DemoEvent[];
  },
): Promise<GroundTruth> {
  const impacts = new Map(
    (
      await wh.query<{ id: number; impact: string }>(
        `SELECT _anomaly_id AS id, round(sum(_effective_delta), 2)::VARCHAR AS impact
         FROM demo_cost WHERE _anomaly_id IS NOT NULL GROUP BY 1`,
      )
    ).map((r) => [Number(r.id), r.impact]),
  );
  return {
    generator: 'costlens demo',
    seed: o.seed,
    startDate: o.cal.startDate,
    endDate: o.cal.endDate,
    scale: o.scale,
    anomalies: o.anomalies.map((a) => ({
      id: a.id,
      date: o.cal.days[a.startDay]!,
      endDate: o.cal.days[a.endDay - 1]!,
      days: a.endDay - a.startDay,
      scope: a.scope,
      kind: a.kind,
      impactUsd: impacts.get(a.id) ?? '0.00',
      description: a.description,
    })),
    savingsOpportunities: [...o.savings],
    events: [...o.events].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export function writeGroundTruth(path: string, truth: GroundTruth): void {
  writeFileSync(path, `${JSON.stringify(truth, null, 2)}\n`);
}
