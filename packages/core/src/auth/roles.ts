/**
 * API roles, ordered: a viewer reads, an approver also approves or rejects proposals, an admin
 * also manages tokens and settings. A higher role includes every lower one.
 */

export const ROLES = ['viewer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` is one of the declared roles. */
export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * True when a caller holding `have` may do what needs `need`.
 * @example hasRole('admin', 'approver') // true
 */
export function hasRole(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}
