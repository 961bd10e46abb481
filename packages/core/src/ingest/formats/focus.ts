/**
 * FOCUS files (1.0 to 1.3) as they really arrive: literal "NULL" strings, timestamps without
 * T/Z, allowed values in the wrong case, extra columns without the `x_` prefix. Each is read
 * leniently and reported as a finding; nothing is rejected for it. Unparseable numbers and dates
 * are rejected with file, line and column (see validate-stage.ts).
 */
import type { Issue } from '../../errors.ts';
import { extensionColumnName, FOCUS_COLUMNS, focusColumn } from '../../focus/schema.ts';
import type { FocusColumnSpec } from '../../focus/schema.ts';
import { literal } from '../../util/sql.ts';
import type {
  FocusMapping,
  LeniencyCheck,
  SourceFormat,
  StageColumns,
  ValueCheck,
} from '../source-format.ts';

/** Columns without which a FOCUS file cannot be stored or reconciled. */
const REQUIRED = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
] as const;

/** Columns that only exist from a given FOCUS version on, newest first. */
const VERSION_MARKERS: readonly [string, readonly string[]][] = [
  ['1.3', ['ServiceProviderName', 'HostProviderName', 'ContractApplied', 'AllocatedMethodId']],
  ['1.2', ['InvoiceId', 'PricingCurrency', 'SkuPriceDetails', 'BillingAccountType']],
  [
    '1.1',
    ['ServiceSubcategory', 'CommitmentDiscountQuantity', 'SkuMeter', 'CapacityReservationId'],
  ],
];

const ISO_UTC = `'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$'`;

function sqlList(values: readonly string[]): string {
  return values.map(literal).join(', ');
}

/** SQL that parses one FOCUS column's text leniently into its stored type. */
export function focusValueExpr(spec: FocusColumnSpec, ref: string): string {
  switch (spec.dataType) {
    case 'Decimal':
      return `cl_dec(${ref})`;
    case 'Date/Time':
      return `cl_ts(${ref})`;
    case 'JSON':
      return `cl_json(${ref})`;
    default: {
      if (spec.allowedValues.length === 0) return `cl_null(${ref})`;
      const cases = spec.allowedValues
        .map((v) => `WHEN ${literal(v.toLowerCase())} THEN ${literal(v)}`)
        .join(' ');
      return `CASE lower(cl_null(${ref})) ${cases} ELSE cl_null(${ref}) END`;
    }
  }
}

/** Lenient-read findings for one FOCUS column. */
export function focusLeniencyChecks(spec: FocusColumnSpec, ref: string): LeniencyCheck[] {
  const checks: LeniencyCheck[] = [
    {
      id: 'literal-null-string',
      column: spec.name,
      severity: 'warning',
      message: `${spec.name} holds the literal text "NULL" where the value should be empty; read as null.`,
      predicate: `upper(trim(${ref})) = 'NULL'`,
      example: ref,
    },
  ];
  if (spec.dataType === 'Date/Time') {
    checks.push({
      id: 'datetime-format',
      column: spec.name,
      severity: 'warning',
      message: `${spec.name} is not in FOCUS date/time format (ISO 8601 UTC, YYYY-MM-DDTHH:mm:ssZ); parsed leniently as UTC.`,
      predicate: `cl_null(${ref}) IS NOT NULL AND NOT regexp_full_match(cl_null(${ref}), ${ISO_UTC})`,
      example: ref,
    });
  }
  if (spec.dataType === 'JSON') {
    checks.push(
      {
        id: 'json-without-braces',
        column: spec.name,
        severity: 'warning',
        message: `${spec.name} holds a JSON object without its outer braces; wrapped in {}.`,
        predicate: `cl_null(${ref}) IS NOT NULL AND NOT json_valid(cl_null(${ref})) AND json_valid('{' || cl_null(${ref}) || '}')`,
        example: ref,
      },
      {
        id: 'json-invalid',
        column: spec.name,
        severity: 'error',
        message: `${spec.name} is not valid JSON; stored as null.`,
        predicate: `cl_null(${ref}) IS NOT NULL AND NOT json_valid(cl_null(${ref})) AND NOT json_valid('{' || cl_null(${ref}) || '}')`,
        example: ref,
      },
    );
  }
  if (spec.allowedValues.length > 0 && spec.dataType === 'String') {
    const exact = sqlList(spec.allowedValues);
    const lower = sqlList(spec.allowedValues.map((v) => v.toLowerCase()));
    checks.push(
      {
        id: 'allowed-value-casing',
        column: spec.name,
        severity: 'warning',
        message: `${spec.name} uses an allowed value in the wrong case; normalized to the specification's spelling.`,
        predicate: `cl_null(${ref}) IS NOT NULL AND cl_null(${ref}) NOT IN (${exact}) AND lower(cl_null(${ref})) IN (${lower})`,
        example: ref,
      },
      {
        id: 'allowed-value-unknown',
        column: spec.name,
        severity: 'error',
        message: `${spec.name} holds a value the FOCUS specification does not allow (allowed: ${spec.allowedValues.slice(0, 8).join(', ')}${spec.allowedValues.length > 8 ? ', …' : ''}); kept as is.`,
        predicate: `cl_null(${ref}) IS NOT NULL AND lower(cl_null(${ref})) NOT IN (${lower})`,
        example: ref,
      },
    );
  }
  return checks;
}

function detectVersion(cols: StageColumns): string {
  for (const [version, markers] of VERSION_MARKERS) {
    if (markers.some((m) => cols.has(m))) return version;
  }
  return '1.0';
}

export const focusFormat: SourceFormat = {
  id: 'focus',
  label: 'FOCUS (1.0–1.3)',

  detect(header) {
    const lower = new Set(header.map((h) => h.toLowerCase()));
    const hits = REQUIRED.filter((c) => lower.has(c.toLowerCase())).length;
    const all = FOCUS_COLUMNS.filter((c) => lower.has(c.name.toLowerCase())).length;
    return hits >= 4 ? hits * 10 + all : 0;
  },

  checkHeader(cols, file) {
    const issues: Issue[] = [];
    for (const name of REQUIRED) {
      if (!cols.has(name)) {
        issues.push({
          file,
          line: 1,
          column: name,
          message: `required FOCUS column ${name} is missing`,
          hint: 'Export with all mandatory FOCUS columns, or pass --format if this is a provider-native export.',
        });
      }
    }
    return issues;
  },

  variant: (cols) => `focus-${detectVersion(cols)}`,

  mapping(cols): FocusMapping {
    const columns: Record<string, string> = {};
    const extensions: Record<string, string> = {};
    const valueChecks: ValueCheck[] = [];
    const leniency: LeniencyCheck[] = [];
    for (const name of cols.names) {
      const spec = focusColumn(name);
      const ref = cols.ref(name);
      if (spec) {
        columns[spec.name] = focusValueExpr(spec, ref);
        if (spec.dataType === 'Decimal') valueChecks.push({ column: name, kind: 'decimal' });
        if (spec.dataType === 'Date/Time') valueChecks.push({ column: name, kind: 'timestamp' });
        leniency.push(...focusLeniencyChecks(spec, ref));
        if (spec.name !== name) {
          leniency.push({
            id: 'column-name-casing',
            column: spec.name,
            severity: 'warning',
            message: `column "${name}" should be spelled "${spec.name}"; read as ${spec.name}.`,
            predicate: 'true',
          });
        }
        continue;
      }
      const ext = extensionColumnName(name);
      extensions[ext] = `cl_null(${ref})`;
      if (!/^x_/i.test(name)) {
        leniency.push({
          id: 'custom-column-unprefixed',
          column: name,
          severity: 'error',
          message: `column "${name}" is not a FOCUS column and lacks the x_ prefix custom columns must have; kept as ${ext}.`,
          predicate: 'true',
        });
      }
    }
    // FOCUS 1.3 split ProviderName into ServiceProviderName / HostProviderName; older files keep
    // ProviderName, which stays stored (deprecated) and fills the new columns.
    if (!cols.has('ServiceProviderName') && cols.has('ProviderName')) {
      columns['ServiceProviderName'] = `cl_null(${cols.ref('ProviderName')})`;
    }
    if (!cols.has('HostProviderName') && cols.has('ProviderName')) {
      columns['HostProviderName'] = `cl_null(${cols.ref('ProviderName')})`;
    }
    return {
      columns,
      extensions,
      sourceTotals: {
        billingAccountId: `cl_null(${cols.ref('BillingAccountId')})`,
        billingPeriodStart: `cl_ts(${cols.ref('BillingPeriodStart')})`,
        billingCurrency: `cl_null(${cols.ref('BillingCurrency')})`,
        billedCost: `cl_dec(${cols.ref('BilledCost')})`,
        effectiveCost: cols.has('EffectiveCost') ? `cl_dec(${cols.ref('EffectiveCost')})` : '0',
      },
      valueChecks,
      leniency,
    };
  },
};
