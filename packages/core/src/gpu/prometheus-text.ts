/**
 * A parser for the Prometheus text exposition format (0.0.4), as dcgm-exporter serves it:
 * `# HELP` / `# TYPE` lines, other comments, samples `name{label="value",…} value [timestamp_ms]`
 * with `\\`, `\"` and `\n` escapes in label values, NaN / ±Inf values. Every malformed line is
 * reported with its file and line (all of them, up to a cap) and nothing is returned half-parsed.
 */
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';

export type PromType = 'counter' | 'gauge' | 'untyped' | 'histogram' | 'summary';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch when the line carries one. */
  timestampMs?: number;
  /** From the family's `# TYPE` line; `untyped` when none was given. */
  type: PromType;
  line: number;
}

export interface PromExposition {
  samples: PromSample[];
  help: Record<string, string>;
  types: Record<string, PromType>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'untyped', 'histogram', 'summary']);
const MAX_ISSUES = 50;
const MIN_TIMESTAMP_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_TIMESTAMP_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Parses exposition text; throws INVALID_INPUT listing every bad line (file:line).
 * @example parsePrometheusText('# TYPE up gauge\nup{job="x"} 1\n', 'scrape.prom').samples[0].value // 1
 */
export function parsePrometheusText(text: string, file: string): PromExposition {
  const out: PromExposition = { samples: [], help: {}, types: {} };
  const issues: Issue[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && issues.length < MAX_ISSUES; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '') continue;
    const at = i + 1;
    if (line.startsWith('#')) {
      const m = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kw, name, rest] = m as unknown as [string, string, string, string];
      if (kw === 'HELP') out.help[name] = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else if (TYPES.has(rest.trim())) out.types[name] = rest.trim() as PromType;
      else
        issues.push({
          file,
          line: at,
          column: 'TYPE',
          message: `unknown metric type "${rest.trim()}" for ${name}.`,
          hint: 'TYPE is one of counter, gauge, untyped, histogram, summary.',
        });
      continue;
    }
    const parsed = parseSampleLine(line);
    if (typeof parsed === 'string') {
      issues.push({
        file,
        line: at,
        message: `${parsed}: ${raw.length > 120 ? `${raw.slice(0, 120)}…` : raw}`,
        hint: 'Each sample line is name{label="value",…} value [timestamp_ms]; a scrape cut off mid-line shows up here.',
      });
      continue;
    }
    out.samples.push({ ...parsed, type: 'untyped', line: at });
  }
  if (issues.length) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}: ${issues.length}${issues.length >= MAX_ISSUES ? '+' : ''} malformed line(s) in the Prometheus exposition; nothing was loaded.`,
      hint: issues[0]?.hint,
      issues,
    });
  }
  for (const s of out.samples) s.type = familyType(s.name, out.types);
  return out;
}

function familyType(name: string, types: Record<string, PromType>): PromType {
  const direct = types[name];
  if (direct) return direct;
  const base = name.replace(/_(bucket|sum|count|total)$/, '');
  return types[base] ?? 'untyped';
}

type Parsed = Omit<PromSample, 'type' | 'line'>;

/** One sample line, or the reason it is malformed. */
function parseSampleLine(line: string): Parsed | string {
  const nm = NAME.exec(line);
  if (!nm) return 'a sample line must start with a metric name';
  const name = nm[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ') pos++;
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const lm = LABEL.exec(line.slice(pos));
      if (!lm) return `bad label name at column ${pos + 1}`;
      const key = lm[0];
      pos += key.length;
      while (line[pos] === ' ') pos++;
      if (line[pos] !== '=') return `expected = after label ${key}`;
      pos++;
      while (line[pos] === ' ') pos++;
      if (line[pos] !== '"') return `label ${key} value must be quoted`;
      pos++;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) return `unterminated value for label ${key}`;
        if (c === '\\') {
          const n = line[pos + 1];
          if (n === 'n') value += '\n';
          else if (n === '\\' || n === '"') value += n;
          else return `bad escape \\${n ?? ''} in label ${key}`;
          pos += 2;
          continue;
        }
        if (c === '"') {
          pos++;
          break;
        }
        value += c;
        pos++;
      }
      if (key in labels) return `label ${key} repeated`;
      labels[key] = value;
      while (line[pos] === ' ') pos++;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') return `expected , or } after label ${key}`;
    }
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  if (rest.length === 0 || rest[0] === '') return `no value for ${name}`;
  if (rest.length > 2) return `unexpected text after the value of ${name}`;
  const value = parseValue(rest[0]!);
  if (value === null) return `value "${rest[0]}" of ${name} is not a number`;
  if (rest[1] === undefined) return { name, labels, value };
  if (!/^-?\d+$/.test(rest[1]))
    return `timestamp "${rest[1]}" of ${name} is not integer milliseconds`;
  const timestampMs = Number(rest[1]);
  // The store's TIMESTAMP holds the years 0001–9999; past that a Date cannot even print.
  if (!(timestampMs >= MIN_TIMESTAMP_MS && timestampMs <= MAX_TIMESTAMP_MS))
    return `timestamp ${rest[1]} of ${name} is outside the years 0001–9999 (milliseconds since 1970 expected)`;
  return { name, labels, value, timestampMs };
}

function parseValue(v: string): number | null {
  if (v === 'NaN') return Number.NaN;
  if (v === '+Inf' || v === 'Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return null;
  return Number(v);
}
