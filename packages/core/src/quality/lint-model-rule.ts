/**
 * Finds rules whose machine-readable check contradicts the rule's own requirement text or the
 * FOCUS column definitions, so a defect in the model is reported as "not checked" (with the
 * contradiction) instead of as thousands of false errors. Generic checks only — no rule ids:
 * allowed values against the specification's list, "MUST (NOT) be null" against the check's null
 * test, and "when X is (not) null" against the condition's test on X.
 */
import { focusColumn } from '../focus/schema.ts';
import type { CheckNode, ModelRule } from './validator-model.ts';

function nullTests(node: CheckNode, out: { column: string; isNull: boolean }[] = []) {
  const column = node.ColumnName ?? node.CheckCondition;
  if (column && node.Value === null) {
    if (node.CheckFunction === 'CheckValue') out.push({ column, isNull: true });
    if (node.CheckFunction === 'CheckNotValue') out.push({ column, isNull: false });
  }
  for (const i of node.Items ?? []) nullTests(i, out);
  return out;
}

function allowedValueList(node: CheckNode): { column: string; values: string[] } | null {
  if (node.CheckFunction !== 'OR' || !node.Items?.length) return null;
  const columns = new Set(node.Items.map((i) => i.ColumnName));
  if (columns.size !== 1) return null;
  if (!node.Items.every((i) => i.CheckFunction === 'CheckValue' && typeof i.Value === 'string')) {
    return null;
  }
  return { column: [...columns][0]!, values: node.Items.map((i) => String(i.Value)) };
}

/**
 * Returns why a rule's check cannot be trusted, or null when it is consistent.
 * @example lintModelRule(model.ModelRules['CommitmentDiscountStatus-C-003-C']!) // 'the text says …'
 */
export function lintModelRule(rule: ModelRule): string | null {
  const vc = rule.ValidationCriteria;
  const text = vc.MustSatisfy;
  const allowed = allowedValueList(vc.Requirement);
  if (allowed) {
    const spec = focusColumn(allowed.column);
    const known = new Set(spec?.allowedValues ?? []);
    const unknown = allowed.values.filter((v) => !known.has(v));
    if (known.size > 0 && unknown.length > 0) {
      return `model inconsistency: its allowed values for ${allowed.column} include ${unknown.join(', ')}, which the FOCUS specification does not list (${[...known].join(', ')})`;
    }
  }
  const subject = rule.Reference;
  const says = new RegExp(`^${subject} (MUST|SHOULD|MAY)( NOT)? be null\\b`).exec(text);
  if (says && rule.Function === 'Nullability') {
    const wantsNull = says[2] === undefined;
    const own = nullTests(vc.Requirement).filter((t) => t.column === subject);
    if (own.length === 1 && own[0]!.isNull !== wantsNull) {
      return `model inconsistency: the text says ${subject} ${says[1]}${says[2] ?? ''} be null, but the check tests that it is ${own[0]!.isNull ? '' : 'not '}null`;
    }
  }
  const when = /\bwhen (.*)$/i.exec(text)?.[1] ?? '';
  for (const m of when.matchAll(/\b([A-Z][A-Za-z]+) is (not )?null\b/g)) {
    const column = m[1]!;
    const wantsNull = m[2] === undefined;
    const tests = nullTests(vc.Condition).filter((t) => t.column === column);
    if (tests.length > 0 && tests.every((t) => t.isNull !== wantsNull)) {
      return `model inconsistency: the text applies when ${column} is ${wantsNull ? '' : 'not '}null, but the condition tests the opposite`;
    }
  }
  return null;
}
