/** SQL text helpers for identifiers and literals CostLens itself produces (paths, column names read from a file header). */

/** Quotes an identifier: `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal: `'it''s'`. Used for file paths in table functions, which take no parameters. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
