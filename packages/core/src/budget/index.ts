/** Budgets: CRUD, status against actual and forecast, threshold notifications. */
export { BUDGET_MIGRATION } from './budget-schema.ts';
export { describeScope, scopeFilters } from './budget-scope.ts';
export type { BudgetScope, BudgetScopeKind } from './budget-scope.ts';
export { createBudget, deleteBudget, getBudget, listBudgets } from './budget-store.ts';
export type { Budget, BudgetInput } from './budget-store.ts';
export { budgetStatus } from './budget-status.ts';
export type { BudgetState, BudgetStatus, ThresholdCrossing } from './budget-status.ts';
export { collectingNotifier, notifyBudgets } from './notify-budgets.ts';
export type { BudgetAlert, Notifier } from './notify-budgets.ts';
