/**
 * Small two-column lookup tables shipped in packages/core/data (e.g. product code → FOCUS
 * ServiceCategory), turned into a SQL expression a format's mapping can use. Keys match
 * case-insensitively; later files only add keys earlier ones lack (upstream data wins over
 * CostLens's own supplements). Not for large tables: the lookup is an inline constant map.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CostLensError } from '../../errors.ts';
import { splitCsvLine } from '../../util/csv-line.ts';
import { literal } from '../../util/sql.ts';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data');

/** Reads the first two columns of CSV files under packages/core/data (header skipped). */
export function readDataCsv(relPath: string): [string, string][] {
  const text = readFileSync(resolve(DATA_DIR, relPath), 'utf8').replace(/^\uFEFF/, '');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [key = '', value = ''] = splitCsvLine(l);
      return [key.trim(), value.trim()];
    });
}

/**
 * Loads lookup files into one map with lower-cased keys; the first file to define a key wins.
 * @example loadLookup(['aws/aws_category_mapping.csv', 'aws/aws_category_mapping.costlens.csv'])
 */
export function loadLookup(relPaths: readonly string[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const p of relPaths) {
    for (const [k, v] of readDataCsv(p)) {
      const key = k.toLowerCase();
      if (key !== '' && !map.has(key)) map.set(key, v);
    }
  }
  return map;
}

let serviceCategories: ReadonlySet<string> | undefined;

/** The FOCUS ServiceCategory allowed values (data/service-category/focus_service_category.csv). */
export function focusServiceCategories(): ReadonlySet<string> {
  serviceCategories ??= new Set(
    readDataCsv('service-category/focus_service_category.csv').map(([k]) => k),
  );
  return serviceCategories;
}

/**
 * Loads a key → ServiceCategory lookup, refusing values FOCUS does not allow (a data bug).
 * @example serviceCategoryLookup(['oci/oci_category_mapping.csv'])
 */
export function serviceCategoryLookup(relPaths: readonly string[]): ReadonlyMap<string, string> {
  const map = loadLookup(relPaths);
  const allowed = focusServiceCategories();
  const bad = [...map.values()].filter((v) => !allowed.has(v));
  if (bad.length > 0) {
    throw new CostLensError({
      code: 'INTERNAL',
      message: `service category lookup ${relPaths.join(', ')} holds values FOCUS does not allow: ${[...new Set(bad)].join(', ')}`,
    });
  }
  return map;
}

let subcategoryPairs: ReadonlySet<string> | undefined;

/**
 * Loads a key → ServiceSubcategory lookup and checks each against the key's ServiceCategory in
 * `categories`: the pair must be one FOCUS allows, or the data is wrong (INTERNAL).
 * @example serviceSubcategoryLookup(['oci/oci_subcategory.csv'], ociCategories)
 */
export function serviceSubcategoryLookup(
  relPaths: readonly string[],
  categories: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  subcategoryPairs ??= new Set(
    readDataCsv('service-category/focus_service_category_subcategory.csv').map(
      ([c, s]) => `${c}|${s}`,
    ),
  );
  const map = loadLookup(relPaths);
  const bad = [...map].filter(([k, v]) => !subcategoryPairs!.has(`${categories.get(k)}|${v}`));
  if (bad.length > 0) {
    throw new CostLensError({
      code: 'INTERNAL',
      message: `service subcategory lookup ${relPaths.join(', ')} pairs keys with subcategories FOCUS does not allow under their category: ${bad.map(([k, v]) => `${k} → ${v}`).join(', ')}`,
    });
  }
  return map;
}

/**
 * SQL for ServiceSubcategory: the looked-up value, else FOCUS's catch-all `Other (<category>)`.
 * @example subcategoryExpr('"product/service"', subMap, categorySql)
 */
export function subcategoryExpr(
  keyExpr: string,
  map: ReadonlyMap<string, string>,
  categoryExpr: string,
): string {
  return lookupExpr(keyExpr, map, `'Other (' || ${categoryExpr} || ')'`);
}

/**
 * SQL that looks `keyExpr` up (case-insensitively) in `map`, or yields `fallback` (SQL).
 * @example lookupExpr('"lineItem/ProductCode"', map, "'Other'")
 */
export function lookupExpr(keyExpr: string, map: ReadonlyMap<string, string>, fallback = 'NULL') {
  if (map.size === 0) return fallback;
  const entries = [...map].map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(', ');
  return `coalesce(map_extract_value(MAP {${entries}}, lower(${keyExpr})), ${fallback})`;
}
