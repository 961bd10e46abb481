/**
 * The Slack app's settings, validated once: secrets (signing secret, bot token, app token for
 * Socket Mode) come from the settings file or the environment only and are never logged; the
 * user map says which Slack users act as which CostLens actor and role. Approving needs an
 * explicit mapping — unmapped members get `defaultRole`, which can be at most viewer.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CostLensError, ROLES } from '@costlens/core';
import type { Role } from '@costlens/core';

const Digest = z
  .object({
    /** Slack channel id (C…) the digest goes to. */
    channel: z.string().regex(/^[CGD][A-Z0-9]+$/, 'a Slack channel id such as C0123ABCD'),
    every: z.enum(['daily', 'weekly']),
    /** Only this team's spend, budgets and anomalies. */
    team: z.string().min(1).optional(),
    /** UTC hour the digest is due (default 8). */
    hourUtc: z.number().int().min(0).max(23).default(8),
    /** Weekly digests: ISO weekday, 1 = Monday (default). */
    weekday: z.number().int().min(1).max(7).default(1),
  })
  .strict();

const AlertRoute = z
  .object({
    channel: z.string().regex(/^[CGD][A-Z0-9]+$/, 'a Slack channel id such as C0123ABCD'),
    minSeverity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    teams: z.array(z.string().min(1)).optional(),
    monitors: z.array(z.string().min(1)).optional(),
  })
  .strict();

const SlackSettings = z
  .object({
    signingSecret: z.string().min(1).optional(),
    botToken: z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
    appToken: z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional(),
    /** `http` (Slack calls POST /api/slack/events) or `socket` (Socket Mode; needs appToken). */
    mode: z.enum(['http', 'socket']).default('http'),
    /** Slack's Web API base URL (tests, proxies); default https://slack.com/api/. */
    apiUrl: z.url().optional(),
    /** Where the dashboard is reachable, for links; absent = no links. */
    publicUrl: z.url().optional(),
    /** Slack user id → CostLens actor and role. */
    users: z
      .record(
        z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD'),
        z.object({ actor: z.string().min(1).max(100), role: z.enum(ROLES) }).strict(),
      )
      .default({}),
    /** Role of workspace members not in `users` (viewer: may ask; null: ignored). */
    defaultRole: z.enum(['viewer']).nullable().default('viewer'),
    /** Role the anomaly buttons need (the API's anomaly routes need approver). */
    anomalyRole: z.enum(ROLES).default('approver'),
    /** Anomaly alerts with buttons, routed like the alerting rules. */
    alerts: z.array(AlertRoute).default([]),
    /** Alert only on anomalies ending within this many days of the data's last day. */
    alertMaxAgeDays: z.number().int().min(0).max(366).default(7),
    digests: z.array(Digest).default([]),
    /** How often the server checks for due alerts and digests (seconds; 0 = never). */
    scheduleSeconds: z.number().int().min(0).max(86_400).default(300),
    /** Answer only after listeners finish (serverless hosts); default false: ack first. */
    processBeforeResponse: z.boolean().default(false),
  })
  .strict();

export type SlackSettingsSpec = z.input<typeof SlackSettings>;
export type SlackDigestSchedule = z.infer<typeof Digest>;

export interface SlackConfig extends Omit<
  z.infer<typeof SlackSettings>,
  'signingSecret' | 'botToken'
> {
  readonly signingSecret: string;
  readonly botToken: string;
}

/** Env names the secrets may come from (they win over the file, so files can stay secret-free). */
export const SLACK_ENV = {
  signingSecret: 'SLACK_SIGNING_SECRET',
  botToken: 'SLACK_BOT_TOKEN',
  appToken: 'SLACK_APP_TOKEN',
} as const;

/**
 * Validates settings, filling secrets from `env`. Throws INVALID_INPUT naming every field.
 * @example normalizeSlackConfig({ users: { U1: { actor: 'ana', role: 'approver' } } }, process.env)
 */
export function normalizeSlackConfig(
  spec: unknown,
  env: Record<string, string | undefined> = {},
  source = 'Slack settings',
  opts: { requireSecrets?: boolean } = {},
): SlackConfig {
  const withEnv = { ...(spec as Record<string, unknown>) };
  for (const [key, name] of Object.entries(SLACK_ENV)) if (env[name]) withEnv[key] = env[name];
  const parsed = SlackSettings.safeParse(withEnv);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      file: source,
      column: i.path.join('.'),
      // Never echo a value back: it may be a secret.
      message: i.message,
    }));
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: ${issues.map((i) => `${i.column || '(root)'}: ${i.message}`).join('; ')}`,
      hint: 'See docs/slack.md for the settings file; secrets may come from SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_APP_TOKEN.',
      issues,
    });
  }
  const c = parsed.data;
  const missing = [
    !c.signingSecret && `signingSecret (or ${SLACK_ENV.signingSecret})`,
    !c.botToken && `botToken (or ${SLACK_ENV.botToken})`,
    c.mode === 'socket' && !c.appToken && `appToken (or ${SLACK_ENV.appToken}) for Socket Mode`,
  ].filter(Boolean);
  if (missing.length > 0 && opts.requireSecrets !== false) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${source}: missing ${missing.join(', ')}`,
      hint: 'Copy them from your Slack app’s Basic Information and OAuth & Permissions pages (docs/slack.md).',
      issues: missing.map((m) => ({ file: source, column: String(m), message: 'required' })),
    });
  }
  return { ...c, signingSecret: c.signingSecret ?? '', botToken: c.botToken ?? '' };
}

/**
 * Reads the settings file (JSON) and the environment. With no file and no secrets in the
 * environment, Slack is off (null). `requireSecrets: false` is for previews that send nothing.
 */
export function loadSlackConfig(
  file: string | undefined,
  env: Record<string, string | undefined>,
  opts: { requireSecrets?: boolean } = {},
): SlackConfig | null {
  if (!file && !env[SLACK_ENV.signingSecret] && !env[SLACK_ENV.botToken]) return null;
  let spec: unknown = {};
  if (file) {
    try {
      spec = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `${file}: cannot read the Slack settings (${e instanceof Error ? e.message : String(e)})`,
        hint: 'The file must be JSON; see docs/slack.md.',
      });
    }
  }
  return normalizeSlackConfig(spec, env, file ?? 'Slack settings (environment)', opts);
}

/** Who a Slack user is in CostLens: mapped actor and role, or the default role, or nobody. */
export function slackRoleOf(
  cfg: Pick<SlackConfig, 'users' | 'defaultRole'>,
  userId: string,
): {
  role: Role | null;
  mapped: string | null;
} {
  const m = cfg.users[userId];
  return m ? { role: m.role, mapped: m.actor } : { role: cfg.defaultRole, mapped: null };
}
