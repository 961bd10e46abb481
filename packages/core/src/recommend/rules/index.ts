/** Deterministic recommendation rules; every result passes the guardrail before it is kept. */
export { runRules, toDraft, RULES } from './run-rules.ts';
export type { RunRulesOptions, RunRulesResult } from './run-rules.ts';
export type { Rule, RuleContext } from './rule-context.ts';
