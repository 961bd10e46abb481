/**
 * How a billing export becomes FOCUS rows: a declared mapping from the export's own (staged,
 * all-text) columns to SQL expressions per FOCUS column, plus how to total the source's own cost
 * columns for reconciliation. Formats are data plus small functions; the ingest pipeline is shared.
 * A format never touches the store — it returns SQL expressions over the stage table's columns.
 */
import type { Issue } from '../errors.ts';

/** What the stage exposes to a format: the header as read, and a quoting helper for its columns. */
export interface StageColumns {
  /** Source column names exactly as in the file. */
  readonly names: readonly string[];
  /** Whether a column exists (case-insensitive), e.g. `has('lineItem/UnblendedCost')`. */
  has(name: string): boolean;
  /** SQL reference to a source column (case-insensitive lookup); throws when absent. */
  ref(name: string): string;
  /** SQL reference, or `NULL` when the column is absent. */
  refOr(name: string, fallback?: string): string;
}

/** A check on the raw text of one source column, run before anything is written. */
export interface ValueCheck {
  column: string;
  kind: 'decimal' | 'timestamp';
}

/** A lenient-read observation about the source (becomes a quality finding, never a rejection). */
export interface LeniencyCheck {
  id: string;
  column?: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** SQL predicate over the stage: rows where it holds are counted. */
  predicate: string;
  /** SQL expression shown as the example value. */
  example?: string;
}

export interface FocusMapping {
  /** FOCUS column name → SQL expression over the stage. Omitted columns are NULL. */
  columns: Readonly<Record<string, string>>;
  /** Extension columns (`x_…`) → SQL expression (VARCHAR). */
  extensions: Readonly<Record<string, string>>;
  /** Source-native totals, grouped the way partitions are (account, period, currency). */
  sourceTotals: {
    billingAccountId: string;
    billingPeriodStart: string;
    billingCurrency: string;
    billedCost: string;
    effectiveCost: string;
  };
  valueChecks: readonly ValueCheck[];
  leniency: readonly LeniencyCheck[];
  /** Optional row filter over the stage (rows that are not charges, e.g. summary lines). */
  where?: string;
}

export interface SourceFormat {
  /** Stable id stored in the manifest, e.g. `focus`, `aws-cur`. */
  readonly id: string;
  readonly label: string;
  /** 0 when the header is not this format; higher is a better match. */
  detect(header: readonly string[]): number;
  /** Missing columns or other structural problems, all at once. */
  checkHeader(cols: StageColumns, file: string): Issue[];
  mapping(cols: StageColumns): FocusMapping;
  /** A more precise id for the manifest (e.g. `focus-1.0`). */
  variant?(cols: StageColumns): string;
}
