/**
 * `costlens serve` — runs the API and dashboard as the one process that owns the database file,
 * until Ctrl-C (SIGINT) or SIGTERM, which close the server, then the store, then the advert.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assistantSettingsFrom, CostLensError } from '@costlens/core';
import type { RunningServer } from '@costlens/server';
import { DEFAULT_PORT, loadSlackConfig, SLACK_EVENTS_PATH, startServer } from '@costlens/server';
import type { CommandContext } from '../context.ts';
import { readAlertingFile } from './alerting-file.ts';
import type { RegisterCommand } from './types.ts';

/** The dashboard build the server serves. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export interface ServeOptions {
  port?: string;
  host?: string;
  logLevel?: string;
  /** Slack settings JSON (secrets may come from SLACK_* variables instead). */
  slack?: string;
  /** Alerting settings JSON: channels, routing rules, digest and budget channels. */
  alerting?: string;
  /** Seconds between alerting runs. */
  alertEvery?: string;
}

/** Starts the server for the context's database and prints where it listens. */
export async function serveDatabase(
  ctx: CommandContext,
  opts: ServeOptions,
): Promise<RunningServer> {
  const { out, config } = ctx;
  const port = opts.port === undefined ? DEFAULT_PORT : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `--port "${opts.port}" is not a port number`,
      hint: 'Use 1–65535, or 0 to pick a free port.',
      issues: [{ column: '--port', message: 'expected an integer 0–65535' }],
    });
  }
  const level = opts.logLevel ?? 'info';
  const hasWeb = existsSync(`${WEB_DIST}/index.html`);
  const alerting = opts.alerting ? readAlertingFile(opts.alerting) : undefined;
  const every = opts.alertEvery === undefined ? 900 : Number(opts.alertEvery);
  if (!Number.isInteger(every) || every < 10) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `--alert-every "${opts.alertEvery}" is not a number of seconds ≥ 10`,
      issues: [{ column: '--alert-every', message: 'expected an integer ≥ 10' }],
    });
  }
  const slack = loadSlackConfig(opts.slack ?? process.env['COSTLENS_SLACK_CONFIG'], process.env);
  const assistant = assistantSettingsFrom(process.env, config.assistant, config.baseDir);
  const server = await startServer({
    dbPath: config.dbPath,
    port,
    ...(opts.host ? { host: opts.host } : {}),
    webRoot: hasWeb ? WEB_DIST : null,
    logger: level === 'silent' ? false : { level, stream: process.stderr },
    handleSignals: true,
    assistant,
    ...(config.limits ? { limits: config.limits } : {}),
    ...(slack ? { slack: { config: slack } } : {}),
    ...(alerting ? { alerting: { alerting, intervalSeconds: every } } : {}),
  });
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { authMode: string };
  out.line(`CostLens is serving ${config.dbPath}`);
  out.line(`  dashboard: ${server.url}/${hasWeb ? '' : '  (not built: run `npm run build`)'}`);
  out.line(`  API:       ${server.url}/api (OpenAPI: ${server.url}/api/openapi.json)`);
  out.line(`  MCP:       ${server.url}/mcp (MCP streamable HTTP, same auth as the API)`);
  out.line(
    `  assistant: ${assistant.model ? `${assistant.model.engine} (answers checked against tool results; offline fallback)` : 'offline (set COSTLENS_LLM_PROVIDER to add a model)'}`,
  );
  out.line(
    health.authMode === 'local-demo'
      ? '  auth:      local demo mode (no tokens yet; loopback only, callers act as admin)'
      : '  auth:      API tokens required (Authorization: Bearer …)',
  );
  if (slack) {
    out.line(
      slack.mode === 'http'
        ? `  Slack:     ${server.url}${SLACK_EVENTS_PATH} (point the app's request URLs at your public address + this path)`
        : '  Slack:     Socket Mode',
    );
  }
  if (alerting) {
    out.line(
      `  alerting:  every ${every} s — detection after new ingests, alerts to ${alerting.channels.length} channel(s), digest ${alerting.digestChannels.length ? 'daily' : 'off'}, budgets ${alerting.budgetChannels.length ? 'on' : 'off'}`,
    );
  }
  out.line('Press Ctrl-C to stop.');
  return server;
}

export const registerServe: RegisterCommand = (program, ctx) => {
  program
    .command('serve')
    .description(
      'Serve the API and dashboard for --db, owning the database while it runs (the CLI talks to it meanwhile).',
    )
    .option('--port <n>', `port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--host <host>', 'interface (default 127.0.0.1; others need API tokens)')
    .option('--log-level <level>', 'info | warn | error | debug | silent', 'info')
    .option(
      '--slack <file>',
      'Slack app settings JSON (default $COSTLENS_SLACK_CONFIG; SLACK_SIGNING_SECRET / SLACK_BOT_TOKEN alone also turn it on)',
    )
    .option(
      '--alerting <file>',
      'alerting settings JSON ({ channels, rules, digest?, budgets? }): detect, alert, digest and notify budgets on a timer',
    )
    .option('--alert-every <seconds>', 'seconds between alerting runs (default 900)')
    .action(async (opts: ServeOptions) => {
      await serveDatabase(ctx(), opts);
    });
};
