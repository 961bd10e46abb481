/**
 * fast-check arbitraries that mutate real input files for fuzzing parsers and converters: byte
 * flips, truncation, dropped / duplicated / swapped columns, wrong-typed cells, huge numbers,
 * NaN / Infinity, BOMs, CRLF, unbalanced quotes, invalid UTF-8, deep JSON nesting, very long lines,
 * gzip (then damage). Every mutation is data (positions as fractions of the input) so a failing
 * case shrinks and replays from its seed. Test-only; not part of the public API.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** A real sample the mutations start from. */
export interface FuzzSeed {
  name: string;
  bytes: Buffer;
}

/** One mutated input: which seed, what was done to it (for the failure report), the bytes. */
export interface FuzzInput {
  seed: string;
  ops: string[];
  bytes: Buffer;
}

/** Input shape the structure-aware mutations assume. */
export type FuzzShape = 'csv' | 'json' | 'text';

type Op = { label: string; apply: (b: Buffer) => Buffer };

const frac = fc.double({ min: 0, max: 1, noNaN: true });
const at = (b: Buffer | string | unknown[], f: number) =>
  Math.min(b.length, Math.floor(f * b.length));

/** Cell values that parsers get wrong: wrong types, huge and special numbers, quoting, encodings. */
export const weirdCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    'Inf',
    '1e309',
    '-1e309',
    '1e-400',
    '9'.repeat(60),
    `-${'9'.repeat(40)}.${'9'.repeat(40)}`,
    '0x1F',
    '1,234.56',
    '$12.00',
    '12 USD',
    '1.2.3',
    '-0',
    '+5',
    ' 7 ',
    'null',
    'NULL',
    'true',
    '[N/A]',
    '2025-13-45',
    '2025-02-30T25:61:00Z',
    '0000-00-00',
    '99999-01-01T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '1970-01-01',
    '+275760-09-13T00:00:00Z',
    '-000100-01-01T00:00:00Z',
    '1e13',
    '８',
    '"',
    '""',
    '"unterminated',
    'a"b',
    '{"a":',
    '[]',
    '{}',
    'é\u0000',
    '\u2028',
    '\ud800',
  ),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 50n), max: 10n ** 50n }).map(String),
  fc.string({ maxLength: 12 }),
);

/** JSON values that parsers get wrong (strings, numbers and structures in the wrong place). */
export const weirdJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdCell,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    0.5,
    -1e21,
    1e21,
    Number.MAX_SAFE_INTEGER + 2,
    1.7976931348623157e308,
    [],
    {},
    [null],
    { value: 'x' },
  ),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

const SPECIAL_TOKENS: readonly (string | number[])[] = [
  '"',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r\n',
  '\r',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  '#',
  '\u0000',
  '\uFEFF',
  '\u2028',
  [0xff, 0xfe],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
];

const tokenBytes = (t: string | number[]) =>
  typeof t === 'string' ? Buffer.from(t, 'utf8') : Buffer.from(t);

const splice = (b: Buffer, start: number, del: number, ins: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([b.subarray(0, start), ins, b.subarray(start + del)]);

const byteOps: fc.Arbitrary<Op>[] = [
  fc.tuple(frac, fc.integer({ min: 1, max: 255 })).map(([f, x]) => ({
    label: `flip byte ${f.toFixed(3)} ^${x}`,
    apply: (b) => {
      if (b.length === 0) return b;
      const c = Buffer.from(b);
      const i = Math.min(c.length - 1, at(c, f));
      c[i] = c[i]! ^ x;
      return c;
    },
  })),
  frac.map((f) => ({
    label: `truncate at ${f.toFixed(3)}`,
    apply: (b) => b.subarray(0, at(b, f)),
  })),
  fc.tuple(frac, fc.integer({ min: 1, max: 64 })).map(([f, n]) => ({
    label: `delete ${n} bytes at ${f.toFixed(3)}`,
    apply: (b) => splice(b, at(b, f), n),
  })),
  fc.tuple(frac, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([f, ins]) => ({
    label: `insert bytes ${Buffer.from(ins).toString('hex')} at ${f.toFixed(3)}`,
    apply: (b) => splice(b, at(b, f), 0, Buffer.from(ins)),
  })),
  fc.tuple(frac, fc.constantFrom(...SPECIAL_TOKENS)).map(([f, t]) => ({
    label: `insert ${JSON.stringify(t)} at ${f.toFixed(3)}`,
    apply: (b) => splice(b, at(b, f), 0, tokenBytes(t)),
  })),
  fc.constant({
    label: 'prepend BOM',
    apply: (b: Buffer) => Buffer.concat([Buffer.from('\uFEFF'), b]),
  }),
  fc.constant({
    label: 'LF → CRLF',
    apply: (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
  }),
  fc.constant({
    label: 'LF → CR',
    apply: (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'),
  }),
  fc.constant({ label: 'empty', apply: () => Buffer.alloc(0) }),
  fc.constant({ label: 'whitespace only', apply: () => Buffer.from(' \n\r\n\t\n') }),
  fc
    .tuple(frac, fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('x', '9', ' ', ',"'))
    .map(([f, n, ch]) => ({
      label: `insert ${n} × ${JSON.stringify(ch)} at ${f.toFixed(3)}`,
      apply: (b) => splice(b, at(b, f), 0, Buffer.from(ch.repeat(Math.ceil(n / ch.length)))),
    })),
  fc.integer({ min: 0, max: 40 }).map((n) => ({
    label: `deep nesting ${n === 0 ? 100_000 : n * 500}`,
    apply: (b) => {
      const depth = n === 0 ? 100_000 : n * 500;
      const s = b.toString('utf8');
      const i = s.search(/[[{]/);
      const nest = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
      // Replace the first value inside the first container with a deeply nested array.
      const j = s.indexOf(':', i);
      if (i < 0) return Buffer.from(nest);
      const where = j > 0 ? j + 1 : i + 1;
      return Buffer.from(`${s.slice(0, where)}${nest}${j > 0 ? ',"_x":0' : ','}${s.slice(where)}`);
    },
  })),
  fc.constant({ label: 'gzip', apply: (b: Buffer) => gzipSync(b) }),
];

/** Lines of a text input, keeping the original line break style out of the way. */
const lines = (b: Buffer) => b.toString('utf8').split('\n');
const joinLines = (ls: string[]) => Buffer.from(ls.join('\n'));

const lineOps: fc.Arbitrary<Op>[] = [
  fc.tuple(frac, weirdCell).map(([f, v]) => ({
    label: `number ${f.toFixed(3)} := ${JSON.stringify(v)}`,
    apply: (b) => {
      const s = b.toString('utf8');
      const nums = [...s.matchAll(/-?\d+(\.\d+)?/g)];
      const m = nums[Math.min(nums.length - 1, at(nums, f))];
      if (!m || m.index === undefined) return b;
      return Buffer.from(`${s.slice(0, m.index)}${v}${s.slice(m.index + m[0].length)}`);
    },
  })),
  frac.map((f) => ({
    label: `drop line ${f.toFixed(3)}`,
    apply: (b) => {
      const ls = lines(b);
      ls.splice(Math.min(ls.length - 1, at(ls, f)), 1);
      return joinLines(ls);
    },
  })),
  fc.tuple(frac, fc.integer({ min: 1, max: 3 })).map(([f, n]) => ({
    label: `duplicate line ${f.toFixed(3)} ×${n}`,
    apply: (b) => {
      const ls = lines(b);
      const i = Math.min(ls.length - 1, at(ls, f));
      ls.splice(i, 0, ...Array<string>(n).fill(ls[i] ?? ''));
      return joinLines(ls);
    },
  })),
  fc.tuple(frac, frac).map(([f, g]) => ({
    label: `swap lines ${f.toFixed(3)} ${g.toFixed(3)}`,
    apply: (b) => {
      const ls = lines(b);
      const i = Math.min(ls.length - 1, at(ls, f));
      const j = Math.min(ls.length - 1, at(ls, g));
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return joinLines(ls);
    },
  })),
];

/** Applies `f` to the cells of every line (naive split on the sniffed delimiter: quoting may break). */
function mapCells(b: Buffer, f: (cells: string[], line: number) => string[]): Buffer {
  const ls = lines(b);
  const head = ls[0] ?? '';
  const delim = [',', ';', '\t', '|'].reduce((best, d) =>
    head.split(d).length > head.split(best).length ? d : best,
  );
  return joinLines(ls.map((l, i) => (l === '' ? l : f(l.split(delim), i).join(delim))));
}

const csvOps: fc.Arbitrary<Op>[] = [
  frac.map((f) => ({
    label: `drop column ${f.toFixed(3)}`,
    apply: (b) => mapCells(b, (c) => c.filter((_, k) => k !== Math.min(c.length - 1, at(c, f)))),
  })),
  frac.map((f) => ({
    label: `duplicate column ${f.toFixed(3)}`,
    apply: (b) =>
      mapCells(b, (c) => {
        const k = Math.min(c.length - 1, at(c, f));
        return [...c.slice(0, k + 1), c[k] ?? '', ...c.slice(k + 1)];
      }),
  })),
  fc.tuple(frac, frac).map(([f, g]) => ({
    label: `swap columns ${f.toFixed(3)} ${g.toFixed(3)}`,
    apply: (b) =>
      mapCells(b, (c) => {
        const i = Math.min(c.length - 1, at(c, f));
        const j = Math.min(c.length - 1, at(c, g));
        const out = [...c];
        [out[i], out[j]] = [c[j]!, c[i]!];
        return out;
      }),
  })),
  fc.tuple(frac, weirdCell).map(([f, v]) => ({
    label: `column ${f.toFixed(3)} := ${JSON.stringify(v)} on every row`,
    apply: (b) =>
      mapCells(b, (c, line) => {
        if (line === 0) return c;
        const out = [...c];
        out[Math.min(c.length - 1, at(c, f))] = v;
        return out;
      }),
  })),
  fc.tuple(frac, frac, weirdCell).map(([l, f, v]) => ({
    label: `cell ${l.toFixed(3)},${f.toFixed(3)} := ${JSON.stringify(v)}`,
    apply: (b) => {
      const target = Math.max(1, Math.floor(l * lines(b).length));
      return mapCells(b, (c, line) => {
        if (line !== target) return c;
        const out = [...c];
        out[Math.min(c.length - 1, at(c, f))] = v;
        return out;
      });
    },
  })),
  fc.tuple(frac, fc.constantFrom('upper', 'lower', 'space', 'quote', 'empty')).map(([f, how]) => ({
    label: `header cell ${f.toFixed(3)} ${how}`,
    apply: (b) =>
      mapCells(b, (c, line) => {
        if (line !== 0) return c;
        const out = [...c];
        const k = Math.min(c.length - 1, at(c, f));
        const v = c[k] ?? '';
        out[k] =
          how === 'upper'
            ? v.toUpperCase()
            : how === 'lower'
              ? v.toLowerCase()
              : how === 'space'
                ? ` ${v} `
                : how === 'quote'
                  ? `"${v}`
                  : '';
        return out;
      }),
  })),
];

/** Every object and array inside a JSON value, in document order. */
function containers(v: unknown, out: (Record<string, unknown> | unknown[])[] = []) {
  if (v !== null && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const c of Object.values(v)) containers(c, out);
  }
  return out;
}

/** Parses JSON or JSON lines, lets `f` change the value(s), writes them back the same way. */
function mapJson(b: Buffer, f: (doc: unknown) => void): Buffer {
  const text = b.toString('utf8');
  try {
    const doc: unknown = JSON.parse(text);
    f(doc);
    return Buffer.from(JSON.stringify(doc, null, 1));
  } catch {
    try {
      const docs = text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as unknown);
      f(docs);
      return Buffer.from(docs.map((d) => JSON.stringify(d)).join('\n'));
    } catch {
      return b;
    }
  }
}

/** Every primitive (string, number, boolean) field: where type and range mistakes land. */
function leaves(v: unknown, out: [Record<string, unknown> | unknown[], string][] = []) {
  if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) {
      if (c !== null && typeof c === 'object') leaves(c, out);
      else out.push([v as Record<string, unknown>, k]);
    }
  }
  return out;
}

const jsonOps: fc.Arbitrary<Op>[] = [
  fc.tuple(frac, weirdJsonValue).map(([f, v]) => ({
    label: `json field ${f.toFixed(3)} := ${JSON.stringify(v)?.slice(0, 40)}`,
    apply: (b) =>
      mapJson(b, (doc) => {
        const all = leaves(doc);
        const hit = all[Math.min(all.length - 1, at(all, f))];
        if (hit) (hit[0] as Record<string, unknown>)[hit[1]] = v;
      }),
  })),
  fc.tuple(frac, frac, weirdJsonValue).map(([f, g, v]) => ({
    label: `json node ${f.toFixed(3)} key ${g.toFixed(3)} := ${JSON.stringify(v)?.slice(0, 40)}`,
    apply: (b) =>
      mapJson(b, (doc) => {
        const all = containers(doc);
        const node = all[Math.min(all.length - 1, at(all, f))];
        if (!node) return;
        const keys = Object.keys(node);
        if (keys.length === 0) return;
        (node as Record<string, unknown>)[keys[Math.min(keys.length - 1, at(keys, g))]!] = v;
      }),
  })),
  fc.tuple(frac, frac).map(([f, g]) => ({
    label: `json delete ${f.toFixed(3)} key ${g.toFixed(3)}`,
    apply: (b) =>
      mapJson(b, (doc) => {
        const all = containers(doc);
        const node = all[Math.min(all.length - 1, at(all, f))];
        if (!node) return;
        if (Array.isArray(node)) node.splice(at(node, g), 1);
        else {
          const keys = Object.keys(node);
          if (keys.length) delete node[keys[Math.min(keys.length - 1, at(keys, g))]!];
        }
      }),
  })),
  fc.tuple(frac, fc.integer({ min: 1, max: 50 })).map(([f, n]) => ({
    label: `json duplicate array items ${f.toFixed(3)} ×${n}`,
    apply: (b) =>
      mapJson(b, (doc) => {
        const arrays = containers(doc).filter(Array.isArray);
        const a = arrays[Math.min(arrays.length - 1, at(arrays, f))];
        if (a && a.length) a.push(...Array<unknown>(n).fill(structuredClone(a[0])));
      }),
  })),
];

/**
 * Inputs mutated from `seeds`: 1–3 mutations each, chosen among byte-level, line-level and the
 * structure-aware ones for `shape`. A few unmutated seeds come through as well (they must parse).
 * @example fc.assert(fc.property(mutatedInput(seeds, 'csv'), (input) => …))
 */
export function mutatedInput(
  seeds: readonly FuzzSeed[],
  shape: FuzzShape,
): fc.Arbitrary<FuzzInput> {
  if (seeds.length === 0) throw new Error('mutatedInput needs at least one seed');
  const structural = shape === 'csv' ? csvOps : shape === 'json' ? jsonOps : [];
  const op = fc.oneof(
    { arbitrary: fc.oneof(...byteOps), weight: 4 },
    { arbitrary: fc.oneof(...lineOps), weight: 2 },
    ...(structural.length ? [{ arbitrary: fc.oneof(...structural), weight: 4 }] : []),
  );
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(op, { minLength: 0, maxLength: 3 }))
    .map(([seed, ops]) => {
      const input: FuzzInput = {
        seed: seed.name,
        ops: ops.map((o) => o.label),
        bytes: ops.reduce((b, o) => o.apply(b), seed.bytes),
      };
      // Counterexamples print as what was done, not as megabytes of buffer.
      return Object.assign(input, {
        [fc.toStringMethod]: () =>
          `${input.seed} [${input.ops.join('; ')}] (${input.bytes.length} bytes)`,
      });
    });
}

/** The first `lines` lines of a sample (plus its header): small seeds keep each run fast. */
export function headLines(bytes: Buffer, lines: number): Buffer {
  const parts = bytes.toString('utf8').split('\n');
  return Buffer.from(parts.slice(0, lines + 1).join('\n') + (parts.length > lines + 1 ? '\n' : ''));
}
