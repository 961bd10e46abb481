/**
 * `costlens slack digest --channel C [--every daily|weekly] [--team T] [--dry-run]` — builds the
 * digest the Slack schedule would send and prints it (`--dry-run`, or `--json` for the Block Kit
 * payload) or posts it now with the bot token. Settings come from --config (or
 * COSTLENS_SLACK_CONFIG) and SLACK_* environment variables; a schedule for the channel supplies
 * the period and team when the flags do not.
 */
import { buildDigest, CostLensError } from '@costlens/core';
import type { SlackConfig } from '@costlens/server';
import { digestBlocks, digestText, loadSlackConfig, postDigestNow } from '@costlens/server';
import type { RegisterCommand } from './types.ts';

interface DigestFlags {
  channel: string;
  every?: string;
  team?: string;
  dryRun?: boolean;
  config?: string;
}

export const registerSlack: RegisterCommand = (program, ctx) => {
  const slack = program.command('slack').description('The Slack app: preview or send digests.');
  slack
    .command('digest')
    .description('Preview (--dry-run) or send now the spend digest for a Slack channel.')
    .requiredOption('--channel <id>', 'Slack channel id, e.g. C0123ABCD')
    .option('--every <period>', 'daily | weekly (default: the channel’s schedule, else daily)')
    .option('--team <team>', 'only this team (default: the channel’s schedule)')
    .option('--dry-run', 'print the digest instead of posting it')
    .option('--config <file>', 'Slack settings JSON (default: $COSTLENS_SLACK_CONFIG)')
    .action(async (flags: DigestFlags) => {
      const c = ctx();
      if (flags.every && flags.every !== 'daily' && flags.every !== 'weekly') {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `--every "${flags.every}" is not a digest period`,
          hint: 'Use daily or weekly.',
          issues: [{ column: '--every', message: 'expected daily or weekly' }],
        });
      }
      const file = flags.config ?? process.env['COSTLENS_SLACK_CONFIG'];
      // A preview needs no secrets; sending does (loadSlackConfig says which are missing).
      const cfg: SlackConfig | null = loadSlackConfig(file, process.env, {
        requireSecrets: !flags.dryRun,
      });
      const schedule = cfg?.digests.find((d) => d.channel === flags.channel);
      const period = (flags.every ?? schedule?.every ?? 'daily') as 'daily' | 'weekly';
      const team = flags.team ?? schedule?.team;
      const wh = await c.openStore();
      const digest = await buildDigest(wh, {
        period,
        now: new Date(),
        ...(team ? { team } : {}),
      });
      if (flags.dryRun) {
        const message = digestBlocks(digest, cfg?.publicUrl ? { publicUrl: cfg.publicUrl } : {});
        if (c.out.json) c.out.data({ channel: flags.channel, ...message });
        else c.out.line(digestText(digest));
        return;
      }
      if (!cfg) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: 'Slack is not configured: no settings file and no SLACK_BOT_TOKEN',
          hint: 'Pass --config <file> or set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (docs/slack.md); --dry-run previews without them.',
        });
      }
      const res = await postDigestNow(cfg, flags.channel, digest);
      if (c.out.json) c.out.data({ channel: flags.channel, ts: res.ts });
      else c.out.line(`Posted the ${period} digest to ${flags.channel} (ts ${res.ts}).`);
    });
};
