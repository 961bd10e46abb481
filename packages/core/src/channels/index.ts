/** Public surface of alert channels, re-exported from @costlens/core. */
export { ChannelConfigSchema, parseChannelConfigs } from './channel.ts';
export type { Channel, ChannelConfig, Delivery } from './channel.ts';
export { slackBotChannel, slackMessage, slackWebhookChannel } from './slack-channel.ts';
export {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
  verifyWebhookSignature,
  webhookBody,
  webhookChannel,
} from './webhook-channel.ts';
export { emailChannel, emailContent } from './email-channel.ts';
export type { EmailChannelConfig } from './email-channel.ts';
export { routeAnomaly, ruleMatches, RoutingRuleSchema } from './routing.ts';
export type { RoutingRule } from './routing.ts';
export { dispatchAlerts, sendDigest } from './dispatch-alerts.ts';
export type { DispatchResult } from './dispatch-alerts.ts';
export { channelNotifier } from './budget-notifier.ts';
export { createChannels, parseAlertingConfig } from './alerting-config.ts';
export type { AlertingConfig } from './alerting-config.ts';
