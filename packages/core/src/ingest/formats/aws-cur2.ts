/**
 * AWS CUR 2.0 (Data Exports; CSV or Parquet, snake_case `line_item_*` columns) and the legacy
 * CUR as Athena/Parquet spells it (same snake_case names, tags as `resource_tags_user_*` columns).
 * CUR 2.0 moves most product attributes into the `product` map and tags into the `resource_tags`
 * map (`user_team` → FOCUS tag `team`, `aws_created_by` → `aws:created_by`); Parquet maps arrive
 * staged as JSON text. The FOCUS mapping is shared with the legacy CUR (aws-cur-mapping.ts).
 */
import type { Issue } from '../../errors.ts';
import { literal } from '../../util/sql.ts';
import type { LeniencyCheck, SourceFormat, StageColumns } from '../source-format.ts';
import { CUR_FIELDS, REQUIRED_CUR_FIELDS, snakeCase } from './aws-common.ts';
import type { CurField } from './aws-common.ts';
import { curMapping, jsonObjectFromEntries, tagsFromColumns } from './aws-cur-mapping.ts';

const SNAKE_PREFIX =
  /^(identity|bill|line_item|product|pricing|reservation|savings_plan|resource_tags|cost_category|discount|split_line_item)_/i;
const TAG_COLUMN = /^resource_tags_(user|aws)_(.+)$/i;

const snakeOf = (f: CurField) => snakeCase(CUR_FIELDS[f]);

/** `product/ProductName` → key `product_name` inside CUR 2.0's `product` map. */
function productMapKey(f: CurField): string | undefined {
  const legacy = CUR_FIELDS[f];
  return legacy.startsWith('product/') ? snakeCase(legacy.slice('product/'.length)) : undefined;
}

/** SQL turning the `resource_tags` map (JSON text) into FOCUS Tags with FOCUS-style keys. */
function tagsFromMap(ref: string): string {
  const entries = `map_entries(TRY_CAST(cl_json(${ref}) AS MAP(VARCHAR, VARCHAR)))`;
  const key = `CASE WHEN starts_with(e.key, 'user_') THEN e.key[6:] WHEN starts_with(e.key, 'aws_') THEN 'aws:' || e.key[5:] ELSE e.key END`;
  return jsonObjectFromEntries(
    `list_transform(${entries}, e -> {'k': ${key}, 'v': cl_null(e.value)})`,
  );
}

export const awsCur2Format: SourceFormat = {
  id: 'aws-cur2',
  label: 'AWS CUR 2.0 / Athena CUR (snake_case line_item_… columns; CSV or Parquet)',

  detect(header) {
    const lower = new Set(header.map((h) => h.toLowerCase()));
    const required = REQUIRED_CUR_FIELDS.filter((f) => lower.has(snakeOf(f)));
    if (required.length < 4) return 0;
    return 100 + required.length * 10 + header.filter((h) => SNAKE_PREFIX.test(h)).length;
  },

  checkHeader(cols, file) {
    return REQUIRED_CUR_FIELDS.filter((f) => !cols.has(snakeOf(f))).map((f): Issue => ({
      file,
      line: 1,
      column: snakeOf(f),
      message: `required CUR 2.0 column ${snakeOf(f)} is missing`,
      hint: 'Export the CUR 2.0 table with its standard columns (AWS always includes this one), or pass --format if this is another kind of export.',
    }));
  },

  variant: (cols) =>
    cols.has('resource_tags') || cols.has('product') ? 'aws-cur2' : 'aws-cur-athena',

  mapping(cols: StageColumns) {
    const field = (f: CurField): string | undefined => {
      if (cols.has(snakeOf(f))) return cols.ref(snakeOf(f));
      const key = productMapKey(f);
      if (key === undefined || !cols.has('product')) return undefined;
      return `json_extract_string(cl_json(${cols.ref('product')}), ${literal(`$.${key}`)})`;
    };
    const leniency: LeniencyCheck[] = [];
    let tags = 'NULL';
    if (cols.has('resource_tags')) {
      const ref = cols.ref('resource_tags');
      tags = tagsFromMap(ref);
      leniency.push({
        id: 'json-invalid',
        column: 'resource_tags',
        severity: 'error',
        message: 'resource_tags is not a JSON object of text values; Tags stored as null.',
        predicate: `cl_null(${ref}) IS NOT NULL AND TRY_CAST(cl_json(${ref}) AS MAP(VARCHAR, VARCHAR)) IS NULL`,
        example: ref,
      });
    } else {
      const entries = cols.names.flatMap((n) => {
        const m = TAG_COLUMN.exec(n);
        if (!m) return [];
        const key = m[1]!.toLowerCase() === 'aws' ? `aws:${m[2]}` : m[2]!;
        return [[key, cols.ref(n)] as const];
      });
      tags = tagsFromColumns(entries);
    }
    return curMapping({
      field,
      column: (f) => (cols.has(snakeOf(f)) ? snakeOf(f) : undefined),
      tags,
      leniency,
    });
  },
};
