/** The Slack app served by CostLens: settings, mounting, and the pieces tests and the CLI reuse. */
export { loadSlackConfig, normalizeSlackConfig, SLACK_ENV } from './slack-config.ts';
export type { SlackConfig, SlackSettingsSpec, SlackDigestSchedule } from './slack-config.ts';
export { mountSlack } from './slack-app.ts';
export type { SlackApp, SlackAppOptions } from './slack-app.ts';
export type { AskFn } from './slack-context.ts';
export { SLACK_EVENTS_PATH } from './slack-receiver.ts';
export { slackSignature } from './verify-request.ts';
export { digestBlocks, digestText } from './digest-blocks.ts';
export { askBlocks } from './ask-blocks.ts';
export { runSlackSchedule, duePeriod, postDigestNow } from './slack-schedule.ts';
export type { ScheduleResult } from './slack-schedule.ts';
