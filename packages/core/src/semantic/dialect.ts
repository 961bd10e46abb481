/**
 * The SQL dialect seam of the semantic layer: every engine-specific fragment the compiler emits
 * (time bucketing, tag lookup in JSON, case-insensitive contains, list parameters, interval
 * arithmetic) lives behind this interface. The compiler itself writes only portable SQL.
 * Invariant: no method puts user text into SQL; user values arrive as parameter placeholders.
 */
import { CostLensError } from '../errors.ts';
import type { Grain } from './types.ts';

export interface SemanticDialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Quotes an identifier CostLens chose (a FOCUS column, a CTE name). */
  quoteIdent(name: string): string;
  /** The placeholder for the 1-based parameter `index`. */
  placeholder(index: number): string;
  /** A placeholder read as a UTC timestamp. */
  timestampParam(placeholder: string): string;
  /** Truncates a timestamp expression to the start of its `grain` bucket. */
  timeBucket(grain: Grain, expr: string): string;
  /** Truncates a date expression (business metrics) to the start of its `grain` bucket. */
  dateBucket(grain: Grain, expr: string): string;
  /** Adds `placeholder` months (an integer parameter) to a timestamp expression. */
  addMonths(expr: string, placeholder: string): string;
  /** Adds `placeholder` days (an integer parameter) to a timestamp expression. */
  addDays(expr: string, placeholder: string): string;
  /**
   * The value of the first tag whose key matches, ignoring case, one of the keys in
   * `keysPlaceholder` (a JSON array of lower-case keys, earlier keys win), or NULL.
   * `firstKeyPointer` holds the first key as a JSON pointer (`/team`), for a fast exact lookup.
   */
  tagValue(tagsExpr: string, keysPlaceholder: string, firstKeyPointer: string): string;
  /** True when `expr` equals one of the values in `listPlaceholder` (a JSON array of strings). */
  inList(expr: string, listPlaceholder: string): string;
  /** True when `expr` contains the text in `placeholder`, ignoring case. */
  containsText(expr: string, placeholder: string): string;
  /** `a / b`, NULL when `b` is zero, as a number (ratios are not money). */
  divide(a: string, b: string): string;
  /** Casts an expression to text. */
  toText(expr: string): string;
  /** Equality that treats two NULLs as equal (joining groups whose key may be NULL). */
  nullSafeEqual(a: string, b: string): string;
}

const registry = new Map<string, SemanticDialect>();

/** Registers a dialect implementation under its name (the DuckDB one registers itself). */
export function registerDialect(d: SemanticDialect): void {
  registry.set(d.name, d);
}

/** The semantic dialect for a warehouse's dialect name. */
export function dialectFor(name: string): SemanticDialect {
  const d = registry.get(name);
  if (!d) {
    throw new CostLensError({
      code: 'INTERNAL',
      message: `no semantic-layer dialect for the ${name} warehouse`,
      hint: `Known dialects: ${[...registry.keys()].join(', ')}.`,
    });
  }
  return d;
}
