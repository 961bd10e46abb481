/**
 * Who may do what from Slack: every slash command, event, button and modal the app listens to is
 * declared here with the CostLens role it needs (like ROUTE_POLICY for the API). Listeners ask
 * `slackMay` with their key; a key missing here is refused. `anomaly` means the configured
 * `anomalyRole` (default approver); `mapped` means the default role for unmapped members never
 * suffices — deciding on a recommendation needs an explicit mapping to an approver.
 */
import type { Role } from '@costlens/core';
import { ACTION, VIEW } from './action-ids.ts';
import type { SlackConfig } from './slack-config.ts';
import type { SlackIdentity } from './slack-identity.ts';
import { may } from './slack-identity.ts';

export interface SlackAccess {
  /** The role needed; `anomaly` reads `anomalyRole` from the Slack settings. */
  role: Role | 'anomaly';
  /** True when only users in the settings' `users` map qualify. */
  mapped: boolean;
}

export const SLACK_POLICY: Readonly<Record<string, SlackAccess>> = {
  'command /costlens': { role: 'viewer', mapped: false },
  'event app_mention': { role: 'viewer', mapped: false },
  [`action ${ACTION.ack}`]: { role: 'anomaly', mapped: false },
  [`action ${ACTION.notAnIssue}`]: { role: 'anomaly', mapped: false },
  [`action ${ACTION.expected}`]: { role: 'anomaly', mapped: false },
  [`action ${ACTION.assign}`]: { role: 'anomaly', mapped: false },
  [`view ${VIEW.assign}`]: { role: 'anomaly', mapped: false },
  [`action ${ACTION.approve}`]: { role: 'approver', mapped: true },
  [`action ${ACTION.reject}`]: { role: 'approver', mapped: true },
  [`view ${VIEW.decision}`]: { role: 'approver', mapped: true },
};

/** The role `key` needs under these settings, or undefined when the key was never declared. */
export function slackRoleNeeded(
  key: string,
  cfg: Pick<SlackConfig, 'anomalyRole'>,
): Role | undefined {
  const access = SLACK_POLICY[key];
  if (!access) return undefined;
  return access.role === 'anomaly' ? cfg.anomalyRole : access.role;
}

/**
 * True when `who` may do `key` (deny by default: an undeclared key is refused).
 * @example slackMay(who, `action ${ACTION.approve}`, ctx.cfg)
 */
export function slackMay(
  who: SlackIdentity,
  key: string,
  cfg: Pick<SlackConfig, 'anomalyRole'>,
): boolean {
  const need = slackRoleNeeded(key, cfg);
  if (!need) return false;
  if (SLACK_POLICY[key]!.mapped && !who.mapped) return false;
  return may(who, need);
}
