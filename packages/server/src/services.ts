/**
 * The core capabilities the API adapts, passed in so tests and later issues can supply them.
 * Each is optional: a route whose capability is absent answers 501 NOT_IMPLEMENTED, naming it.
 */
import type { SemanticQuery, SemanticResult, Warehouse } from '@costlens/core';
import { CostLensError } from '@costlens/core';

export interface ServerServices {
  runQuery?(wh: Warehouse, q: SemanticQuery): Promise<SemanticResult>;
  /** Declared metrics and dimensions (the store's catalog, including its allocation config). */
  catalog?(wh: Warehouse): Promise<{ metrics: readonly unknown[]; dimensions: readonly unknown[] }>;
  dimensionValues?(
    wh: Warehouse,
    dimension: string,
    opts: { search?: string; limit?: number },
  ): Promise<unknown>;
  showback?(wh: Warehouse, opts: { month: string; by?: string; metric?: string }): Promise<unknown>;
  /**
   * The quality report. With `cachedOnly`, answers null instead of computing it: the report scans
   * every row and would hold the store's read connection while it runs.
   */
  qualityReport?(wh: Warehouse, opts: { cachedOnly?: boolean }): Promise<unknown>;
}

/** Thrown when a route's capability is not wired; mapped to 501. */
export class NotImplementedError extends CostLensError {
  readonly capability: string;
  constructor(capability: string) {
    super({
      code: 'INTERNAL',
      message: `${capability} is not available in this build of CostLens`,
      hint: 'Update CostLens; this capability ships with the semantic layer and quality report.',
    });
    this.capability = capability;
  }
}

/** Returns the capability or throws NotImplementedError. */
export function need<K extends keyof ServerServices>(
  services: ServerServices,
  key: K,
): NonNullable<ServerServices[K]> {
  const fn = services[key];
  if (!fn) throw new NotImplementedError(key);
  return fn as NonNullable<ServerServices[K]>;
}
