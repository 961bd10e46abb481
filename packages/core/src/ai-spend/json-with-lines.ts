/**
 * A small JSON parser that remembers the line each object starts on, so an error in a usage
 * record can name its line. Values are plain JSON values; `lineOf(obj)` looks the line up.
 * Strict JSON only (no comments, no trailing commas); a syntax error names its line. Nesting is
 * capped (usage records are a few levels deep) so a hostile file is refused, not a stack overflow.
 */
import { CostLensError } from '../errors.ts';

const LINES = new WeakMap<object, number>();

/** Deeper than any usage export; far below what the call stack allows. */
export const MAX_JSON_DEPTH = 256;

/** The 1-based line an object or array started on, when it came from `parseJsonWithLines`. */
export function lineOf(value: unknown): number | undefined {
  return value !== null && typeof value === 'object' ? LINES.get(value) : undefined;
}

export function parseJsonWithLines(text: string, file: string, firstLine = 1): unknown {
  let i = 0;
  let line = firstLine;
  const fail = (what: string): never => {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}:${line}: not valid JSON (${what}).`,
      hint: 'Export the API response as it came (one JSON document, or JSON lines for logs).',
      issues: [{ file, line, message: `not valid JSON (${what}).` }],
    });
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return;
      i++;
    }
  };
  let depth = 0;
  const value = (): unknown => {
    ws();
    const c = text[i];
    if ((c === '{' || c === '[') && ++depth > MAX_JSON_DEPTH) {
      fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      LINES.set(obj, line);
      i++;
      ws();
      if (text[i] === '}') return (i++, depth--, obj);
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail(`expected ':' after "${k}"`);
        obj[k] = value();
        ws();
        const d = text[i++];
        if (d === '}') return (depth--, obj);
        if (d !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      LINES.set(arr, line);
      i++;
      ws();
      if (text[i] === ']') return (i++, depth--, arr);
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return (depth--, arr);
        if (d !== ',') fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail(i >= text.length ? 'unexpected end' : `unexpected '${c}'`);
    i += m[0].length;
    return m[0] === 'true'
      ? true
      : m[0] === 'false'
        ? false
        : m[0] === 'null'
          ? null
          : Number(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') fail('unterminated string');
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      // A bad escape (`\x`, a short `\u12`) or a raw control character inside the quotes.
      return fail('bad escape or control character in a string');
    }
  };
  const v = value();
  ws();
  if (i < text.length) fail('text after the JSON value');
  return v;
}
