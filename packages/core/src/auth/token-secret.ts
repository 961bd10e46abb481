/**
 * The shape of an API token: `clk_<id>_<secret>`, 32 random bytes of secret. Only the SHA-256 of
 * the whole token is stored (a salted slow hash adds nothing for 256-bit random secrets); the id
 * lets us find the row without scanning, and comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_RE = /^clk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewTokenSecret {
  id: string;
  token: string;
  sha256: string;
}

/** Makes a fresh token; `random` is injectable for tests. */
export function newTokenSecret(random: (n: number) => Buffer = randomBytes): NewTokenSecret {
  const id = random(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = random(32).toString('base64url');
  const token = `clk_${id}_${secret}`;
  return { id, token, sha256: hashToken(token) };
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The id part of a well-formed token, or undefined. */
export function tokenId(token: string): string | undefined {
  return TOKEN_RE.exec(token)?.[1];
}

/** Constant-time comparison of a presented token against a stored hash. */
export function tokenMatches(token: string, storedSha256: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
