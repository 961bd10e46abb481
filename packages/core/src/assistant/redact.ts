/**
 * Redaction of identifying text before it is stored (the question log) or sent anywhere (a model):
 * account ids (12-digit AWS, Azure GUIDs, GCP billing accounts), emails, ARNs, and key-like
 * strings (provider keys, bearer tokens, long random tokens) become typed placeholders. Values a
 * caller marks sensitive (e.g. tag values) are replaced too. Pure; over-redacting is preferred to
 * leaking, but ordinary words, money and dates are left alone.
 */

export interface RedactOptions {
  /** Exact strings to replace (any case), e.g. tag values marked sensitive. */
  sensitiveValues?: readonly string[];
}

export type RedactionKind =
  'email' | 'arn' | 'key' | 'guid' | 'account' | 'billing-account' | 'sensitive';

interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
}

// Order matters: whole ARNs and keys first, so their account ids are not redacted piecemeal.
const RULES: readonly Rule[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: 'arn', pattern: /\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{12}:[^\s"'`,;)]+/gi },
  {
    kind: 'key',
    pattern:
      /\b(?:AKIA|ASIA|AIDA|AROA|ANPA|AGPA)[A-Z0-9]{16}\b|\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|\bxox[abposr]-[A-Za-z0-9-]{10,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bAIza[0-9A-Za-z_-]{35}|\bclk_[A-Za-z0-9_-]{16,}/g,
  },
  { kind: 'key', pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/gi },
  {
    kind: 'key',
    pattern: /\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\s*[:=]\s*\S+/gi,
  },
  {
    kind: 'guid',
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  },
  { kind: 'billing-account', pattern: /\b[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}\b/gi },
  // AWS account ids, bare or written 1234-5678-9012; not part of a longer number or a decimal.
  { kind: 'account', pattern: /(?<![\d.,$])\d{4}-?\d{4}-?\d{4}(?![\d.,])/g },
];

/** A long unbroken token mixing letters and digits: a secret more often than a word. */
const LONG_TOKEN = /(?<![A-Za-z0-9/+_-])[A-Za-z0-9/+_=-]{32,}(?![A-Za-z0-9/+_=-])/g;

function looksRandom(token: string): boolean {
  return /[A-Za-z]/.test(token) && /\d/.test(token) && !/^[a-z]+(?:-[a-z]+)+$/.test(token);
}

const placeholder = (kind: RedactionKind) => `<${kind}>`;

/**
 * Replaces identifying substrings with `<kind>` placeholders.
 * @example redactText('spend of 123456789012 for ann@example.com') // 'spend of <account> for <email>'
 */
export function redactText(text: string, opts: RedactOptions = {}): string {
  return redactWithCounts(text, opts).text;
}

/** Like `redactText`, also counting what was replaced per kind (for "what was sent" logs). */
export function redactWithCounts(
  text: string,
  opts: RedactOptions = {},
): { text: string; counts: Partial<Record<RedactionKind, number>> } {
  const counts: Partial<Record<RedactionKind, number>> = {};
  const bump = (k: RedactionKind) => (counts[k] = (counts[k] ?? 0) + 1);
  let out = text;
  const sensitive = [...new Set(opts.sensitiveValues ?? [])]
    .filter((v) => v.trim().length > 0)
    .sort((a, b) => b.length - a.length);
  for (const v of sensitive) {
    const re = new RegExp(escapeRegExp(v), 'gi');
    out = out.replace(re, () => {
      bump('sensitive');
      return placeholder('sensitive');
    });
  }
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (m: string, scheme?: unknown) => {
      bump(rule.kind);
      return typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme)
        ? `${scheme} ${placeholder(rule.kind)}`
        : placeholder(rule.kind);
    });
  }
  out = out.replace(LONG_TOKEN, (m) => {
    if (!looksRandom(m)) return m;
    bump('key');
    return placeholder('key');
  });
  return { text: out, counts };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
