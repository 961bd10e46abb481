/**
 * Turns the validator model into a plan: which leaf rules to evaluate, each with the condition it
 * inherits from the composites above it (a "when X is not null, X adheres to…" composite scopes
 * its children), its applicability criteria and the column whose presence in the source scopes
 * it; and which rules are not checked, with the reason. Composites that only group other rules
 * are structure, not findings. Pure: no store access.
 */
import { compileCheck, compileConditionCheck } from './compile-check.ts';
import { lintModelRule } from './lint-model-rule.ts';
import type { CompileContext, CompiledCheck } from './compile-check.ts';
import type { Severity } from './quality-finding.ts';
import type { NotCheckedRule } from './quality-finding.ts';
import type { CheckNode, ModelRule, ValidatorModel } from './validator-model.ts';

export interface PlannedRule {
  ruleId: string;
  keyword: string;
  severity: Severity;
  /** A MAY rule reports the rows that use the permission; every other rule the rows that fail. */
  permission: boolean;
  requirement: string;
  /** The column the rule is about (Column rules), which scopes it to ingests that provided it. */
  column: string | null;
  check: Exclude<CompiledCheck, { kind: 'unsupported' }>;
  /** SQL: rows the rule applies to (conditions of the rule and its ancestors), or null for all. */
  appliesTo: string | null;
  /** Columns the rule and its conditions read (for the example row). */
  columns: string[];
}

export interface ConformancePlan {
  rules: PlannedRule[];
  notChecked: NotCheckedRule[];
}

export interface PlanOptions extends CompileContext {
  /**
   * Provider capabilities (the model's ApplicabilityCriteria, e.g. `COMMITMENT_DISCOUNT_SUPPORTED`)
   * known to hold, or 'all'. Undeclared: a gated column rule is still checked where the source
   * provided the column (that is evidence of the capability); a gated presence rule is not.
   */
  applicability: 'all' | readonly string[];
}

/** Maps a requirement keyword to a finding severity. */
export function severityOf(keyword: string): Severity {
  const k = keyword.toUpperCase();
  if (k.startsWith('MUST')) return 'error';
  if (k.startsWith('SHOULD') || k === 'RECOMMENDED') return 'warning';
  return 'info';
}

function isGroup(req: CheckNode): boolean {
  return (
    req.CheckFunction === 'AND' &&
    (req.Items ?? []).length > 0 &&
    (req.Items ?? []).every((i) => i.CheckFunction === 'CheckModelRule')
  );
}

interface Reach {
  /** Set when an ancestor composite is inconsistent: its subtree is not checked. */
  blocked?: string;
  conditions: string[];
  criteria: Set<string>;
  columns: string[];
}

/**
 * Plans conformance checking for the whole model.
 * @example const plan = planConformance(loadValidatorModel(), { ...ctx, applicability: [] });
 */
export function planConformance(model: ValidatorModel, opts: PlanOptions): ConformancePlan {
  const rules = model.ModelRules;
  const reached = new Map<string, Reach[]>();
  const notChecked = new Map<string, NotCheckedRule>();
  const skip = (id: string, rule: ModelRule, reason: string) => {
    if (!notChecked.has(id)) {
      notChecked.set(id, {
        ruleId: id,
        keyword: rule.ValidationCriteria.Keyword,
        requirement: rule.ValidationCriteria.MustSatisfy,
        reason,
      });
    }
  };

  const walk = (id: string, inherited: Reach, path: Set<string>) => {
    const rule = rules[id];
    if (!rule || path.has(id)) return;
    const vc = rule.ValidationCriteria;
    const lint = lintModelRule(rule);
    const here: Reach = {
      ...(inherited.blocked || lint
        ? {
            blocked:
              inherited.blocked ?? (isGroup(vc.Requirement) ? `under ${id}: ${lint}` : lint!),
          }
        : {}),
      conditions: [...inherited.conditions],
      criteria: new Set([...inherited.criteria, ...rule.ApplicabilityCriteria]),
      columns: [...inherited.columns],
    };
    const cond = compileConditionCheck(vc.Condition, opts);
    if (cond?.kind === 'unsupported') {
      skip(id, rule, `condition not checkable: ${cond.reason}`);
      return;
    }
    if (!isGroup(vc.Requirement)) {
      // A leaf: its own condition is compiled with its requirement later.
      const list = reached.get(id) ?? [];
      list.push(here);
      reached.set(id, list);
      return;
    }
    if (cond && cond.kind === 'row') {
      here.conditions.push(`coalesce(${cond.sql}, false)`);
      here.columns.push(...cond.columns);
    }
    const next = new Set(path).add(id);
    for (const item of vc.Requirement.Items ?? []) {
      if (item.ModelRuleId) walk(item.ModelRuleId, here, next);
    }
  };

  const referenced = new Set<string>();
  for (const rule of Object.values(rules)) {
    for (const item of rule.ValidationCriteria.Requirement.Items ?? []) {
      if (item.ModelRuleId) referenced.add(item.ModelRuleId);
    }
  }
  const roots = Object.keys(rules).filter((id) => !referenced.has(id));
  for (const id of roots) walk(id, { conditions: [], criteria: new Set(), columns: [] }, new Set());

  const declared = opts.applicability === 'all' ? null : new Set(opts.applicability);
  const planned: PlannedRule[] = [];
  for (const [id, reaches] of reached) {
    const rule = rules[id]!;
    const vc = rule.ValidationCriteria;
    const blocked = reaches.find((r) => r.blocked)?.blocked;
    if (blocked && Object.keys(vc.Requirement).length > 0) {
      skip(id, rule, blocked);
      continue;
    }
    const check = compileCheck(vc.Requirement, opts);
    if (check.kind === 'unsupported') {
      skip(id, rule, check.reason);
      continue;
    }
    const column = rule.EntityType === 'Column' ? rule.Reference : null;
    const undeclared = [...new Set(reaches.flatMap((r) => [...r.criteria]))].filter(
      (c) => declared !== null && !declared.has(c),
    );
    if (undeclared.length > 0 && (check.kind === 'presence' || column === null)) {
      skip(id, rule, `applies only when the provider declares ${undeclared.join(' and ')}`);
      continue;
    }
    const own = compileConditionCheck(vc.Condition, opts);
    const ownSql = own && own.kind === 'row' ? `coalesce(${own.sql}, false)` : null;
    const paths = [
      ...new Set(reaches.map((r) => [...r.conditions, ...(ownSql ? [ownSql] : [])].join(' AND '))),
    ];
    const appliesTo = paths.some((p) => p === '') ? null : paths.map((p) => `(${p})`).join(' OR ');
    const columns = new Set<string>([
      ...reaches.flatMap((r) => r.columns),
      ...(own && own.kind === 'row' ? own.columns : []),
      ...columnsOf(check),
    ]);
    planned.push({
      ruleId: id,
      keyword: vc.Keyword,
      severity: severityOf(vc.Keyword),
      permission: vc.Keyword.toUpperCase() === 'MAY',
      requirement: vc.MustSatisfy,
      column,
      check,
      appliesTo,
      columns: [...columns],
    });
  }
  // Rules inlined into a planned rule (items of an OR composite) are checked through it.
  const inlined = new Set<string>();
  const collect = (node: CheckNode) => {
    if (node.ModelRuleId && !inlined.has(node.ModelRuleId)) {
      inlined.add(node.ModelRuleId);
      const r = rules[node.ModelRuleId];
      if (r) collect(r.ValidationCriteria.Requirement);
    }
    for (const i of node.Items ?? []) collect(i);
  };
  for (const p of planned) collect(rules[p.ruleId]!.ValidationCriteria.Requirement);
  // Rules never reached from a root (should not happen in a consistent model) are reported too.
  for (const [id, rule] of Object.entries(rules)) {
    if (inlined.has(id)) continue;
    if (!reached.has(id) && !notChecked.has(id) && !isGroup(rule.ValidationCriteria.Requirement)) {
      skip(id, rule, 'not reachable from the model roots');
    }
  }
  planned.sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  return {
    rules: planned,
    notChecked: [...notChecked.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
  };
}

function columnsOf(check: Exclude<CompiledCheck, { kind: 'unsupported' }>): string[] {
  switch (check.kind) {
    case 'row':
      return check.columns;
    case 'presence':
    case 'source-format':
      return [check.column];
    case 'distinct':
      return [check.columnA, check.columnB];
  }
}
