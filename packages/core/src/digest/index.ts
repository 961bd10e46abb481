/** Scheduled spend digests (per channel or team), re-exported from @costlens/core. */
export { buildDigest } from './build-digest.ts';
export type { Digest, DigestMover, DigestOptions, DigestPeriod } from './build-digest.ts';
export { claimDelivery, releaseDelivery } from './claim-delivery.ts';
