/**
 * What a budget covers, in words a FinOps team uses (team, account, service, tag, initiative),
 * turned into semantic-layer filters — the only way budgets reach data. `account` means the
 * sub-account (AWS linked account, Azure subscription, GCP project), where budgets are usually set.
 */
import type { Filter } from '../semantic/types.ts';

export type BudgetScopeKind =
  'all' | 'team' | 'account' | 'service' | 'tag' | 'initiative' | 'custom';

export interface BudgetScope {
  kind: BudgetScopeKind;
  /** The tag key, for `tag` scopes. */
  key?: string;
  /** The team, account, service, tag value or initiative. */
  value?: string;
  /** Free-form semantic filters, for `custom` scopes (and added to any other scope). */
  filters?: readonly Filter[];
}

const DIMENSION: Record<'team' | 'account' | 'service' | 'initiative', string> = {
  team: 'team',
  account: 'sub_account',
  service: 'service',
  initiative: 'tag:initiative',
};

/**
 * The filters a scope stands for.
 * @example scopeFilters({ kind: 'tag', key: 'env', value: 'prod' }) // [{ dimension: 'tag:env', op: 'eq', value: 'prod' }]
 */
export function scopeFilters(scope: BudgetScope): Filter[] {
  const extra = [...(scope.filters ?? [])];
  switch (scope.kind) {
    case 'all':
    case 'custom':
      return extra;
    case 'tag':
      return [
        { dimension: `tag:${scope.key ?? ''}`, op: 'eq', value: scope.value ?? '' },
        ...extra,
      ];
    default:
      return [{ dimension: DIMENSION[scope.kind], op: 'eq', value: scope.value ?? '' }, ...extra];
  }
}

/** `team=ml`, `tag:env=prod`, `all spend`: a scope as people read it. */
export function describeScope(scope: BudgetScope): string {
  const base =
    scope.kind === 'all' || scope.kind === 'custom'
      ? ''
      : scope.kind === 'tag'
        ? `tag:${scope.key}=${scope.value}`
        : `${scope.kind}=${scope.value}`;
  const extra = (scope.filters ?? []).map(
    (f) =>
      `${f.dimension} ${f.op}${f.value === undefined ? '' : ` ${Array.isArray(f.value) ? f.value.join('|') : f.value}`}`,
  );
  return [base, ...extra].filter(Boolean).join(', ') || 'all spend';
}
