/**
 * JSON text to hand DuckDB as a query parameter (`from_json($1::JSON, …)`). JavaScript strings may
 * hold lone UTF-16 surrogates (a `"\ud800"` escape in a source file); JSON.stringify keeps them as
 * escapes that DuckDB's JSON reader refuses, so they become U+FFFD, as invalid UTF-8 bytes already do
 * when a file is read.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` with each lone surrogate replaced by U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * JSON.stringify with every string (keys too) made well-formed.
 * @example jsonParam(['a\ud800']) // '["a\ufffd"]'
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'string') return wellFormed(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.some(([k]) => wellFormed(k) !== k))
        return Object.fromEntries(entries.map(([k, x]) => [wellFormed(k), x]));
    }
    return v;
  });
}
