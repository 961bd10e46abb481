/**
 * Builds line-item templates with the defaults every row of a provider shares (provider, issuer,
 * billing account, on-demand pricing, usage-based daily cadence), so builders state only what
 * differs. Also the shared build context and stable SKU ids derived from the SKU's own key.
 */
import type { DemoCompany } from './company-model.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { DemoEvent, DemoInventory } from './demo-inventory.ts';
import type { DemoProvider, LineItem, LineItemBook, LineItemInit } from './line-item.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface BuildContext {
  rnd: SeededRandom;
  cal: DemoCalendar;
  scale: number;
  book: LineItemBook;
  company: DemoCompany;
  inventory: DemoInventory;
}

/** Fleet sizes below are per 1.35 of scale 1, which together make about two million rows. */
const ROWS_FACTOR = 1.35;

/** How many of something at this scale (never fewer than one, so every service appears). */
export function scaled(ctx: BuildContext, countAtScale1: number): number {
  return Math.max(1, Math.round(countAtScale1 * ctx.scale * ROWS_FACTOR));
}

/** A stable SKU-like id (16 upper-case alphanumerics) from its key; same key, same id. */
export function skuIdFor(key: string, length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    h = Math.imul(h ^ round, 2246822519) >>> 0;
    for (let k = 0; k < 4 && out.length < length; k++) out += alphabet[(h >>> (k * 5)) & 31];
  }
  return out;
}

type Required = Pick<
  LineItemInit,
  | 'subAccountId'
  | 'subAccountName'
  | 'serviceName'
  | 'serviceCategory'
  | 'serviceCode'
  | 'usageType'
  | 'chargeDescription'
  | 'listUnitPrice'
  | 'baseQty'
  | 'profile'
  | 'team'
  | 'app'
  | 'env'
  | 'tags'
>;

export type ItemFields = Required & Partial<LineItemInit>;

/** Adds items for one provider's billing account. */
export class ItemFactory {
  constructor(
    private readonly ctx: BuildContext,
    private readonly defaults: {
      provider: DemoProvider;
      providerName: string;
      publisherName: string;
      invoiceIssuerName: string;
      billingAccountId: string;
      billingAccountName: string;
    },
  ) {}

  add(fields: ItemFields): LineItem {
    const list = fields.listUnitPrice;
    const init: LineItemInit = {
      ...this.defaults,
      regionId: null,
      regionName: null,
      availabilityZone: null,
      resourceId: null,
      resourceName: null,
      resourceType: null,
      skuId: skuIdFor(`${this.defaults.provider}|${fields.serviceCode}|${fields.usageType}`),
      skuPriceId: '',
      operation: '',
      consumedUnit: null,
      pricingUnit: null,
      pricingPerConsumed: 1,
      contractedUnitPrice: list,
      effectiveUnitPrice: list,
      billedUnitPrice: list,
      pricingCategory: 'Standard',
      commitmentId: null,
      commitmentName: null,
      commitmentType: null,
      commitmentCategory: null,
      commitmentStatus: null,
      chargeCategory: 'Usage',
      chargeFrequency: 'Usage-Based',
      cadence: 'daily',
      usageKind: 'compute',
      maxQty: 1e12,
      qtyDecimals: 6,
      noise: 0,
      startDay: 0,
      endDay: this.ctx.cal.days.length,
      anomalyEligible: true,
      anomalyOnly: null,
      ...fields,
    };
    if (!init.skuPriceId)
      init.skuPriceId = `${init.skuId}.${skuIdFor(`${init.skuId}|${init.pricingCategory}`, 10)}`;
    this.recordLifecycle(init);
    return this.ctx.book.add(init);
  }

  /**
   * The company's own known changes go into the ground truth beside the planted anomalies: a
   * resource launched or decommissioned inside the window, a credit that runs out. They are real
   * changes in the bill, not planted faults; the anomaly bench reports precision with and without
   * them excused.
   */
  private recordLifecycle(init: LineItemInit): void {
    const days = this.ctx.cal.days;
    const all = this.ctx.inventory.events;
    // One event per change, though a resource has several line items.
    const events = {
      push(e: DemoEvent) {
        const same = (x: DemoEvent) =>
          x.date === e.date &&
          x.kind === e.kind &&
          JSON.stringify(x.scope) === JSON.stringify(e.scope);
        if (!all.some(same)) all.push(e);
      },
    };
    if (init.chargeCategory === 'Credit' && init.endDay < days.length) {
      events.push({
        date: days[init.endDay]!,
        kind: 'credit_end',
        description: `${init.chargeDescription} ended`,
        scope: { sub_account: init.subAccountId, service: init.serviceName },
      });
      return;
    }
    if (!init.resourceId) return;
    if (init.startDay > 0 && init.startDay < days.length) {
      events.push({
        date: days[init.startDay]!,
        kind: 'launch',
        description: `${init.resourceId} launched`,
        scope: { resource_id: init.resourceId },
      });
    }
    if (init.endDay > init.startDay && init.endDay < days.length) {
      events.push({
        date: days[init.endDay]!,
        kind: 'decommission',
        description: `${init.resourceId} decommissioned`,
        scope: { resource_id: init.resourceId },
      });
    }
  }
}
