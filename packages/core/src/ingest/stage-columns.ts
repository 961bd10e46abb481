/** Case-insensitive access to a staged source's columns, as formats see them. */
import { CostLensError } from '../errors.ts';
import { ident } from '../util/sql.ts';
import type { StageColumns } from './source-format.ts';

export function stageColumns(names: readonly string[]): StageColumns {
  const byLower = new Map<string, string>();
  for (const n of names) {
    const key = n.toLowerCase();
    if (!byLower.has(key)) byLower.set(key, n);
  }
  const find = (name: string) => byLower.get(name.toLowerCase());
  return {
    names,
    has: (name) => find(name) !== undefined,
    ref: (name) => {
      const found = find(name);
      if (found === undefined) {
        throw new CostLensError({
          code: 'INTERNAL',
          message: `column ${name} is not in the source`,
        });
      }
      return ident(found);
    },
    refOr: (name, fallback = 'NULL') => {
      const found = find(name);
      return found === undefined ? fallback : ident(found);
    },
  };
}
