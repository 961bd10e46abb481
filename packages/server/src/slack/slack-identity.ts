/**
 * Who clicked: a Slack user as a CostLens actor. Mapped users act as their mapped name and role
 * (`slack:U123 (alice)`); other members get the configured default role and their Slack name from
 * `users.info` (cached). The Slack id is always in the actor string, so the audit log shows it.
 */
import type { Role } from '@costlens/core';
import { hasRole } from '@costlens/core';
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from './slack-config.ts';
import { slackRoleOf } from './slack-config.ts';

export interface SlackIdentity {
  userId: string;
  /** For the audit log and histories: `slack:U123 (alice)`. */
  actor: string;
  role: Role | null;
  /** True when the user is in the settings' user map. */
  mapped: boolean;
}

/** Returns a resolver with a small cache of Slack names. */
export function identityResolver(
  cfg: Pick<SlackConfig, 'users' | 'defaultRole'>,
  client: WebClient,
): (userId: string) => Promise<SlackIdentity> {
  const names = new Map<string, string | null>();
  return async (userId) => {
    const { role, mapped } = slackRoleOf(cfg, userId);
    let name = mapped;
    if (name === null) {
      if (!names.has(userId)) {
        const info = await client.users.info({ user: userId }).catch(() => null);
        names.set(userId, info?.user?.name ?? info?.user?.real_name ?? null);
        if (names.size > 5000) names.delete(names.keys().next().value!);
      }
      name = names.get(userId) ?? null;
    }
    return {
      userId,
      actor: `slack:${userId}${name ? ` (${name.replace(/[()]/g, '')})` : ''}`,
      role,
      mapped: mapped !== null,
    };
  };
}

/** True when `who` holds at least `need`. */
export function may(who: SlackIdentity, need: Role): boolean {
  return who.role !== null && hasRole(who.role, need);
}
