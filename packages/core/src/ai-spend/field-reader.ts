/**
 * Reads typed fields out of parsed JSON records, collecting an `Issue` (file, line, field, hint)
 * for each bad one instead of throwing, so a file reports every problem at once.
 */
import type { Issue } from '../errors.ts';
import { decimalText } from './decimal-text.ts';
import { lineOf } from './json-with-lines.ts';

export class FieldReader {
  readonly issues: Issue[] = [];
  constructor(readonly file: string) {}

  private push(line: number, field: string, message: string, hint?: string): void {
    if (this.issues.length < 100)
      this.issues.push({ file: this.file, line, column: field, message, hint });
  }

  /** Non-negative integer token/request count; `undefined`/null → `fallback` unless required. */
  count(
    obj: unknown,
    field: string,
    line: number,
    o: { required?: boolean; fallback?: number } = {},
  ): number {
    const v = get(obj, field);
    if (v === undefined || v === null) {
      if (o.required)
        this.push(line, field, `missing ${field}.`, 'Every usage record needs its token counts.');
      return o.fallback ?? 0;
    }
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      this.push(
        line,
        field,
        `${field} ${JSON.stringify(v)} is not a non-negative whole number.`,
        'Token and request counts are whole numbers ≥ 0.',
      );
      return 0;
    }
    return n;
  }

  text(
    obj: unknown,
    field: string,
    line: number,
    o: { required?: boolean; hint?: string } = {},
  ): string | null {
    const v = get(obj, field);
    if (v === undefined || v === null || v === '') {
      if (o.required) this.push(line, field, `missing ${field}.`, o.hint);
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      this.push(line, field, `${field} is not text.`, o.hint);
      return null;
    }
    return String(v);
  }

  /** An ISO timestamp or Unix seconds → ISO UTC string. */
  time(obj: unknown, field: string, line: number): string {
    const v = get(obj, field);
    const ms =
      typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : Number.NaN;
    const iso = isoTime(ms);
    if (iso === null) {
      this.push(
        line,
        field,
        v === undefined || v === null
          ? `missing ${field}.`
          : `${field} ${JSON.stringify(v)} is not a timestamp.`,
        'Use an ISO 8601 timestamp or Unix seconds.',
      );
      return '1970-01-01T00:00:00.000Z';
    }
    return iso;
  }

  /** A decimal amount (number or numeric string) → exact decimal string. */
  money(obj: unknown, field: string, line: number, o: { required?: boolean } = {}): string | null {
    const v = get(obj, field);
    if (v === undefined || v === null || v === '') {
      if (o.required) this.push(line, field, `missing ${field}.`, 'Cost lines need an amount.');
      return null;
    }
    const t = decimalText(v);
    if (t === null) {
      this.push(
        line,
        field,
        `${field} ${JSON.stringify(v)} is not a number.`,
        'Amounts are decimal numbers.',
      );
      return null;
    }
    return t;
  }

  problem(line: number, field: string, message: string, hint?: string): void {
    this.push(line, field, message, hint);
  }

  lineOf(obj: unknown, fallback: number): number {
    return lineOf(obj) ?? fallback;
  }
}

/** Milliseconds since 1970 → ISO UTC text, or null past what a Date holds (±8.64e15 ms). */
export function isoTime(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** `a.b.c` path lookup on plain objects. */
export function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
