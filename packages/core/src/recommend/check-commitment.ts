/**
 * Is a commitment purchase a real offering? Matches the draft's provider, service (leniently),
 * commitment type, plan, term and payment option against the offer catalog. An offering the
 * catalog marks not_offered is refused with the real alternative; unverified ones are refused
 * until confirmed; legacy ones pass with a warning.
 */
import type { Draft, Alternative } from './draft.ts';
import type { Offer, OfferCatalog } from './offer-catalog.ts';
import { coveredServiceKeys, offerServiceKeys, serviceKey } from './service-names.ts';

/** Catalog commitment types a draft type may name. */
const TYPE_FAMILY: Record<string, readonly string[]> = {
  reserved_instance: ['reserved_instance', 'reserved_node', 'reserved_capacity'],
  savings_plan: ['savings_plan'],
  committed_use_discount: ['committed_use_discount'],
  reservation: ['reservation'],
};

/** How each provider spells the draft's payment options in the catalog. */
const PAYMENT_SPELLINGS: Record<string, Record<string, readonly string[]>> = {
  aws: {
    no_upfront: ['no upfront'],
    partial_upfront: ['partial upfront'],
    all_upfront: ['all upfront'],
  },
  azure: { no_upfront: ['monthly'], partial_upfront: [], all_upfront: ['upfront'] },
  gcp: { no_upfront: ['monthly'], partial_upfront: [], all_upfront: [] },
  oci: { no_upfront: ['monthly'], partial_upfront: [], all_upfront: ['upfront'] },
};

export interface CommitmentCheck {
  reasons: string[];
  warnings: string[];
  offer?: Offer;
  alternative?: Alternative;
}

export function termLabel(months: number): string {
  return months % 12 === 0 ? `${months / 12}y` : `${months} month${months === 1 ? '' : 's'}`;
}

function toAlternative(o: Offer): Alternative {
  return {
    offerId: o.id,
    offer: o.offer ?? o.service,
    terms: o.terms,
    paymentOptions: o.payment_options,
  };
}

function paymentOffered(provider: string, option: string, offered: readonly string[]): boolean {
  const spellings = PAYMENT_SPELLINGS[provider]?.[option] ?? [];
  return offered.some((p) => spellings.some((s) => p.toLowerCase().startsWith(s)));
}

function termOffered(months: number, offered: readonly string[]): boolean {
  const label = termLabel(months);
  return offered.some(
    (t) =>
      t.toLowerCase().split(/[\s(]/)[0] === label ||
      t.toLowerCase().startsWith(`${label} `) ||
      t === label,
  );
}

export function checkCommitment(draft: Draft, catalog: OfferCatalog): CommitmentCheck {
  const c = draft.commitment;
  if (!c)
    return {
      reasons: ['purchase_commitment needs a commitment { type, termMonths, paymentOption }'],
      warnings: [],
    };
  const key = serviceKey(draft.service);
  const family = TYPE_FAMILY[c.type] ?? [c.type];
  const forProvider = catalog.offers.filter((o) => o.provider === draft.provider);
  const ownService = forProvider.filter((o) => offerServiceKeys(o).has(key));
  const covering = forProvider.filter((o) => coveredServiceKeys(o).has(key));
  // Offers of the named type that apply to this service: its own offers of that type, or plans
  // (e.g. Database Savings Plans) that cover it.
  let matches = [...ownService, ...covering].filter((o) => family.includes(o.commitment_type));
  if (c.plan) {
    const plan = serviceKey(c.plan).replace(/ /g, '_');
    const narrowed = matches.filter((o) => o.id.toLowerCase().includes(plan));
    if (narrowed.length > 0) matches = narrowed;
  }
  const usable = matches.filter((o) => o.status === 'available' || o.status === 'legacy');
  const describe = `${c.type.replaceAll('_', ' ')} for ${draft.service} (${draft.provider})`;
  const alternativeFor = (): Alternative | undefined => {
    const alt = [...covering, ...ownService].find((o) => o.status === 'available');
    return alt ? toAlternative(alt) : undefined;
  };

  if (usable.length === 0) {
    const notOffered = matches.find((o) => o.status === 'not_offered');
    if (notOffered) {
      const alt = notOffered.alternative ? catalog.byId(notOffered.alternative) : undefined;
      return {
        reasons: [
          `${notOffered.offer ?? describe} does not exist: the catalog marks it not offered${notOffered.notes ? ` (${notOffered.notes})` : ''}.`,
        ],
        warnings: [],
        offer: notOffered,
        ...(alt ? { alternative: toAlternative(alt) } : {}),
      };
    }
    const unverified = matches.find((o) => o.status === 'unverified');
    if (unverified) {
      return {
        reasons: [
          `${unverified.service} is not verified as an offering; confirm it first${unverified.verify_api ? ` via ${unverified.verify_api}` : ''}.`,
        ],
        warnings: [],
        offer: unverified,
      };
    }
    const alt = alternativeFor();
    return {
      reasons: [`no ${describe} exists in the offer catalog.`],
      warnings: [],
      ...(alt ? { alternative: alt } : {}),
    };
  }

  // Among real offerings, find one whose term and payment option fit.
  const fitting = usable.find(
    (o) =>
      termOffered(c.termMonths, o.terms) &&
      paymentOffered(draft.provider, c.paymentOption, o.payment_options),
  );
  if (!fitting) {
    const o = usable[0]!;
    const reasons: string[] = [];
    if (!usable.some((u) => termOffered(c.termMonths, u.terms))) {
      reasons.push(
        `term ${termLabel(c.termMonths)} is not offered for ${o.offer ?? o.service} (offered: ${o.terms.join(', ') || 'none'}).`,
      );
    }
    if (!usable.some((u) => paymentOffered(draft.provider, c.paymentOption, u.payment_options))) {
      reasons.push(
        `payment option ${c.paymentOption.replaceAll('_', ' ')} is not offered for ${o.offer ?? o.service} (offered: ${o.payment_options.join(', ') || 'none'}).`,
      );
    }
    if (reasons.length === 0)
      reasons.push(
        `no single ${describe} offers term ${termLabel(c.termMonths)} with ${c.paymentOption}.`,
      );
    return { reasons, warnings: [], offer: o, alternative: toAlternative(o) };
  }
  const warnings =
    fitting.status === 'legacy'
      ? [`${fitting.offer ?? fitting.service} is a legacy offering; check it is still sold.`]
      : [];
  return { reasons: [], warnings, offer: fitting };
}
