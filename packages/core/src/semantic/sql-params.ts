/**
 * Collects positional parameters while SQL is assembled: every user value goes through `add`,
 * which returns the placeholder, so values never become SQL text.
 */
import type { SemanticDialect } from './dialect.ts';

export type ParamValue = string | number | boolean | null;

export class SqlParams {
  readonly values: ParamValue[] = [];
  constructor(private readonly dialect: SemanticDialect) {}

  /** Adds a value; returns its placeholder. */
  add(value: ParamValue): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }

  /** Adds a list of strings as one JSON-array parameter; returns its placeholder. */
  addList(values: readonly string[]): string {
    return this.add(JSON.stringify(values));
  }
}
