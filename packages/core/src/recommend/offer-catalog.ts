/**
 * The commitment-offer catalog: which reserved instances, savings plans, CUDs and reservations
 * really exist (and which explicitly do not), with terms and payment options. Shipped in
 * data/offers/commitment-offers.json (curated, with sources); replaceable by an updated file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Offer = z.object({
  id: z.string(),
  provider: z.string(),
  service: z.string(),
  service_code: z.string().optional(),
  offer: z.string().optional(),
  commitment_type: z.string(),
  status: z.enum(['available', 'legacy', 'not_offered', 'unverified']),
  terms: z.array(z.string()).default([]),
  payment_options: z.array(z.string()).default([]),
  alternative: z.string().nullish(),
  covers: z.array(z.string()).optional(),
  covers_service_codes: z.array(z.string()).optional(),
  verify_api: z.string().nullish(),
  confidence: z.string().optional(),
  notes: z.string().nullish(),
});
export type Offer = z.infer<typeof Offer>;

const Catalog = z.object({
  schema_version: z.string(),
  generated: z.string(),
  offers: z.array(Offer),
});

export interface OfferCatalog {
  version: string;
  generated: string;
  offers: readonly Offer[];
  byId(id: string): Offer | undefined;
}

export const DEFAULT_CATALOG_PATH = fileURLToPath(
  new URL('../../data/offers/commitment-offers.json', import.meta.url),
);

/** Loads and validates a catalog file (the shipped one by default). */
export function loadOfferCatalog(path = DEFAULT_CATALOG_PATH): OfferCatalog {
  const parsed = Catalog.parse(JSON.parse(readFileSync(path, 'utf8')));
  const byId = new Map(parsed.offers.map((o) => [o.id, o]));
  return {
    version: parsed.schema_version,
    generated: parsed.generated,
    offers: parsed.offers,
    byId: (id) => byId.get(id),
  };
}
