/**
 * A small JSON parser that remembers the line each object starts on, so an error in a usage
 * record can name its line. Values are plain JSON values; `lineOf(obj)` looks the line up.
 * Strict JSON only (no comments, no trailing commas); a syntax error names its line.
 */
import { CostLensError } from '../errors.ts';

const LINES = new WeakMap<object, number>();

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
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      LINES.set(obj, line);
      i++;
      ws();
      if (text[i] === '}') return (i++, obj);
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail(`expected ':' after "${k}"`);
        obj[k] = value();
        ws();
        const d = text[i++];
        if (d === '}') return obj;
        if (d !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      LINES.set(arr, line);
      i++;
      ws();
      if (text[i] === ']') return (i++, arr);
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return arr;
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
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i < text.length) fail('text after the JSON value');
  return v;
}
