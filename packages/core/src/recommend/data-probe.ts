/**
 * What the guardrail asks of the billing data: do these resources exist, what do they cost, and
 * what does a service cost per month. All parameterized SQL over focus_cost; the window is the
 * last 30 days of data present (not the wall clock), so checks are reproducible.
 */
import type { Warehouse } from '../store/warehouse.ts';
import { jsonParam } from '../util/json-param.ts';
import { providerKey, serviceKey } from './service-names.ts';

export interface DataProbe {
  /** Resource ids not found in the data. */
  missingResources(ids: readonly string[]): Promise<string[]>;
  /** Effective cost of these resources over the last 30 days of data, in USD. */
  monthlyResourceSpendUsd(ids: readonly string[]): Promise<number>;
  /** Effective cost of a service (matched leniently) over the last 30 days, on-demand usage only. */
  monthlyOnDemandServiceSpendUsd(provider: string, service: string): Promise<number>;
}

const WINDOW = `"ChargePeriodStart" >= (SELECT max("ChargePeriodStart") - INTERVAL 30 DAY FROM focus_cost)`;

export function warehouseProbe(wh: Warehouse): DataProbe {
  return {
    async missingResources(ids) {
      if (ids.length === 0) return [];
      const rows = await wh.query<{ id: string }>(
        `SELECT DISTINCT "ResourceId" AS id FROM focus_cost WHERE "ResourceId" IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`,
        [jsonParam(ids)],
      );
      const found = new Set(rows.map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },
    async monthlyResourceSpendUsd(ids) {
      if (ids.length === 0) return 0;
      const [row] = await wh.query<{ usd: string | null }>(
        `SELECT sum("EffectiveCost")::VARCHAR AS usd FROM focus_cost
         WHERE "ResourceId" IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]'))) AND ${WINDOW}`,
        [jsonParam(ids)],
      );
      return Number(row?.usd ?? 0);
    },
    async monthlyOnDemandServiceSpendUsd(provider, service) {
      const rows = await wh.query<{ p: string | null; s: string | null; usd: string | null }>(
        `SELECT coalesce("ServiceProviderName", "ProviderName") AS p, "ServiceName" AS s,
           sum("EffectiveCost")::VARCHAR AS usd FROM focus_cost
         WHERE ${WINDOW} AND "ChargeCategory" = 'Usage'
           AND coalesce("PricingCategory", 'Standard') = 'Standard'
         GROUP BY ALL`,
      );
      const key = serviceKey(service);
      return rows
        .filter((r) => providerKey(r.p) === provider && serviceKey(r.s ?? '') === key)
        .reduce((sum, r) => sum + Number(r.usd ?? 0), 0);
    },
  };
}
