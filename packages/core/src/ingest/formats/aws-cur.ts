/**
 * AWS legacy Cost and Usage Report (CSV or gzipped CSV with `lineItem/…` headers). Columns vary
 * by account and month (AWS adds only those in use), so everything beyond the required fields is
 * optional; tags come from `resourceTags/user:*` and `resourceTags/aws:*` columns.
 * The mapping itself is shared with CUR 2.0 (aws-cur-mapping.ts).
 */
import type { Issue } from '../../errors.ts';
import type { SourceFormat, StageColumns } from '../source-format.ts';
import { CUR_FIELDS, focusTagKey, REQUIRED_CUR_FIELDS } from './aws-common.ts';
import type { CurField } from './aws-common.ts';
import { curMapping, tagsFromColumns } from './aws-cur-mapping.ts';

const CUR_PREFIX =
  /^(identity|bill|lineItem|product|pricing|reservation|savingsPlan|resourceTags|costCategory|discount|splitLineItem)\//i;
const TAG_PREFIX = /^resourceTags\//i;

export const awsCurFormat: SourceFormat = {
  id: 'aws-cur',
  label: 'AWS Cost and Usage Report (legacy CUR, lineItem/… headers)',

  detect(header) {
    const lower = new Set(header.map((h) => h.toLowerCase()));
    const required = REQUIRED_CUR_FIELDS.filter((f) => lower.has(CUR_FIELDS[f].toLowerCase()));
    if (required.length < 4) return 0;
    return 100 + required.length * 10 + header.filter((h) => CUR_PREFIX.test(h)).length;
  },

  checkHeader(cols, file) {
    return REQUIRED_CUR_FIELDS.filter((f) => !cols.has(CUR_FIELDS[f])).map((f): Issue => ({
      file,
      line: 1,
      column: CUR_FIELDS[f],
      message: `required CUR column ${CUR_FIELDS[f]} is missing`,
      hint: 'Export the Cost and Usage Report with its standard columns (AWS always includes this one), or pass --format if this is another kind of export.',
    }));
  },

  mapping(cols: StageColumns) {
    const field = (f: CurField) => (cols.has(CUR_FIELDS[f]) ? cols.ref(CUR_FIELDS[f]) : undefined);
    const tags = cols.names
      .filter((n) => TAG_PREFIX.test(n))
      .map((n) => [focusTagKey(n.replace(TAG_PREFIX, '')), cols.ref(n)] as const);
    return curMapping({
      field,
      column: (f) => (cols.has(CUR_FIELDS[f]) ? CUR_FIELDS[f] : undefined),
      tags: tagsFromColumns(tags),
    });
  },
};
