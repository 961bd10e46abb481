/**
 * Interprets the validator model's check functions as DuckDB SQL over `focus_cost`. A row check
 * becomes a three-valued predicate (TRUE passes, FALSE fails, NULL is not decidable — e.g. a
 * comparison on a null value, which the column's nullability rule judges instead). Checks that are
 * not row predicates (column presence, distinct counts, source-text format) come back as their own
 * kinds. Pure: no store access. Identifiers come only from the FOCUS schema, values from the model.
 */
import { focusColumn, sqlTypeOf } from '../focus/schema.ts';
import { ident, literal } from '../util/sql.ts';
import type { CheckNode, ModelRule } from './validator-model.ts';

export interface CompileContext {
  /** Looks up a model rule (for CheckModelRule items). */
  rule(id: string): ModelRule | undefined;
  /** ColumnByColumnEqualsColumnValue passes when |A×B − R| ≤ max(rel × |R|, abs). */
  relativeTolerance: number;
  absoluteTolerance: number;
  /** ISO 4217 codes for CheckNationalCurrency / FormatCurrency. */
  currencies: readonly string[];
}

export type CompiledCheck =
  | { kind: 'row'; sql: string; columns: string[] }
  | { kind: 'presence'; column: string }
  | { kind: 'distinct'; columnA: string; columnB: string; expected: number }
  | { kind: 'source-format'; column: string; checkIds: string[] }
  | { kind: 'unsupported'; reason: string };

type Row = Extract<CompiledCheck, { kind: 'row' }>;

class Unsupported extends Error {}

/** The column a single-column check names (the model spells the key `CheckCondition` twice). */
function columnOf(node: CheckNode): string {
  return column(node.ColumnName ?? node.CheckCondition);
}

function column(name: string | undefined): string {
  const spec = name === undefined ? undefined : focusColumn(name);
  if (!spec || spec.name !== name) {
    throw new Unsupported(`column ${String(name)} is not a FOCUS column of the store`);
  }
  return spec.name;
}

function value(v: string | number | null | undefined): string {
  if (typeof v === 'string') return literal(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new Unsupported(`unsupported value ${JSON.stringify(v)}`);
}

function row(sql: string, ...columns: string[]): Row {
  return { kind: 'row', sql, columns };
}

/** Unit Format (FOCUS attribute): "GB", "GB-Hours", "1000 Requests", "Requests/Second", "Hours"… */
const UNIT_WORDS = '([0-9]+ )?[A-Za-z][A-Za-z0-9.]*( [A-Za-z][A-Za-z0-9.]*)*';
const UNIT_PATTERN = `^${UNIT_WORDS}([-/]${UNIT_WORDS})*$`;

function compileRow(node: CheckNode, ctx: CompileContext, depth: number): Row {
  if (depth > 32) throw new Unsupported('check nesting too deep (a cycle in the model?)');
  const fn = node.CheckFunction;
  switch (fn) {
    case 'AND':
    case 'OR': {
      const items = (node.Items ?? []).map((i) => compileRow(i, ctx, depth + 1));
      if (items.length === 0) throw new Unsupported(`${fn} without items`);
      return row(
        `(${items.map((i) => i.sql).join(` ${fn} `)})`,
        ...new Set(items.flatMap((i) => i.columns)),
      );
    }
    case 'CheckValue': {
      const c = columnOf(node);
      return node.Value === null
        ? row(`(${ident(c)} IS NULL)`, c)
        : row(`(${ident(c)} = ${value(node.Value)})`, c);
    }
    case 'CheckNotValue': {
      const c = columnOf(node);
      // A null is "not X": conditions such as ChargeClass not "Correction" hold on null rows.
      return node.Value === null
        ? row(`(${ident(c)} IS NOT NULL)`, c)
        : row(`(${ident(c)} IS DISTINCT FROM ${value(node.Value)})`, c);
    }
    case 'CheckSameValue':
    case 'CheckNotSameValue': {
      const a = column(node.ColumnAName);
      const b = column(node.ColumnBName);
      return fn === 'CheckSameValue'
        ? row(`(${ident(a)} = ${ident(b)})`, a, b)
        : row(`(${ident(a)} IS DISTINCT FROM ${ident(b)})`, a, b);
    }
    case 'CheckGreaterOrEqualThanValue': {
      const c = columnOf(node);
      return row(`(${ident(c)} >= ${value(node.Value)})`, c);
    }
    case 'ColumnByColumnEqualsColumnValue': {
      const a = column(node.ColumnAName);
      const b = column(node.ColumnBName);
      const r = column(node.ResultColumnName);
      // Tolerance arithmetic in DOUBLE: DECIMAL×DECIMAL would need scale 30 and overflow.
      const product = `(${ident(a)}::DOUBLE * ${ident(b)}::DOUBLE)`;
      const result = `${ident(r)}::DOUBLE`;
      return row(
        `(abs(${product} - ${result}) <= greatest(${ctx.relativeTolerance} * abs(${result}), ${ctx.absoluteTolerance}))`,
        a,
        b,
        r,
      );
    }
    case 'TypeString':
    case 'TypeDecimal':
    case 'TypeDateTime':
    case 'CheckDecimalValue':
    case 'FormatNumeric': {
      // The store holds typed columns; a value that does not parse is rejected at ingest with its
      // file and line, so a stored value can only fail if a column's declared type is wrong.
      const c = columnOf(node);
      const want =
        fn === 'TypeString' ? 'VARCHAR' : fn === 'TypeDateTime' ? 'TIMESTAMP' : 'DECIMAL';
      const spec = focusColumn(c)!;
      const ok = sqlTypeOf(spec).startsWith(want);
      return row(`(${ident(c)} IS NULL OR ${ok ? 'true' : 'false'})`, c);
    }
    case 'FormatString': {
      // StringHandling: strings of only spaces (or empty) stand in for null.
      const c = columnOf(node);
      return row(`(trim(${ident(c)}::VARCHAR) <> '')`, c);
    }
    case 'FormatUnit': {
      const c = columnOf(node);
      return row(`regexp_full_match(${ident(c)}, ${literal(UNIT_PATTERN)})`, c);
    }
    case 'FormatKeyValue': {
      // KeyValueFormat: a JSON object whose values are scalars (not objects or arrays).
      const c = columnOf(node);
      const ref = `${ident(c)}::JSON`;
      return row(
        `(json_type(${ref}) = 'OBJECT' AND NOT coalesce(list_bool_or(list_transform(json_extract(${ref}, '$.*'), v -> json_type(v) IN ('OBJECT', 'ARRAY'))), false))`,
        c,
      );
    }
    case 'CheckNationalCurrency': {
      const c = columnOf(node);
      return row(`(${ident(c)} IN (${ctx.currencies.map(literal).join(', ')}))`, c);
    }
    case 'FormatCurrency': {
      // CurrencyFormat: a national currency is an ISO 4217 code; anything else that looks like a
      // three-letter code is a mistyped one; other text is a virtual currency (StringHandling).
      const c = columnOf(node);
      const ref = ident(c);
      return row(
        `(${ref} IN (${ctx.currencies.map(literal).join(', ')}) OR (NOT regexp_full_match(${ref}, '[A-Za-z]{3}') AND trim(${ref}) <> ''))`,
        c,
      );
    }
    case 'CheckModelRule': {
      const id = node.ModelRuleId ?? '';
      const rule = ctx.rule(id);
      if (!rule) throw new Unsupported(`refers to unknown rule ${id}`);
      const req = compileRow(rule.ValidationCriteria.Requirement, ctx, depth + 1);
      const cond = compileCondition(rule.ValidationCriteria.Condition, ctx, depth + 1);
      return cond
        ? row(
            `(NOT coalesce(${cond.sql}, false) OR coalesce(${req.sql}, true))`,
            ...cond.columns,
            ...req.columns,
          )
        : row(`coalesce(${req.sql}, true)`, ...req.columns);
    }
    case undefined:
      throw new Unsupported('prose-only: the model gives no check function');
    default:
      throw new Unsupported(`check function ${fn} is not a row check`);
  }
}

function compileCondition(node: CheckNode, ctx: CompileContext, depth: number): Row | null {
  if (!node || Object.keys(node).length === 0) return null;
  return compileRow(node, ctx, depth);
}

/**
 * Compiles a rule's requirement.
 * @example compileCheck({ CheckFunction: 'CheckNotValue', ColumnName: 'BilledCost', Value: null }, ctx)
 *   // → { kind: 'row', sql: '("BilledCost" IS NOT NULL)', columns: ['BilledCost'] }
 */
export function compileCheck(node: CheckNode, ctx: CompileContext): CompiledCheck {
  try {
    switch (node.CheckFunction) {
      case 'ColumnPresent':
        return { kind: 'presence', column: columnOf(node) };
      case 'CheckDistinctCount': {
        const expected = node.ExpectedCount;
        if (typeof expected !== 'number') throw new Unsupported('ExpectedCount missing');
        return {
          kind: 'distinct',
          columnA: column(node.ColumnAName),
          columnB: column(node.ColumnBName),
          expected,
        };
      }
      case 'FormatDateTime':
        // Stored as TIMESTAMP; what the source text looked like was recorded at ingest.
        return { kind: 'source-format', column: columnOf(node), checkIds: ['datetime-format'] };
      default:
        return compileRow(node, ctx, 0);
    }
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}

/** Compiles a rule's condition: null when the rule applies to every row. */
export function compileConditionCheck(node: CheckNode, ctx: CompileContext): CompiledCheck | null {
  try {
    return compileCondition(node, ctx, 0);
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'unsupported', reason: e.message };
    throw e;
  }
}
