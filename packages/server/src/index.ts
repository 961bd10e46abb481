/** Public surface of @costlens/server: build the app, or start it owning a database file. */
export { createServer } from './create-server.ts';
export type { CreateServerOptions } from './create-server.ts';
export type { App, RouteDeps } from './app-types.ts';
export { normalizeServerConfig, isLoopbackHost, DEFAULT_PORT } from './server-config.ts';
export type { ServerConfig, ServerConfigSpec } from './server-config.ts';
export { DEFAULT_LIMITS, LimitsSpec, normalizeLimits } from './limits-config.ts';
export type { LimitSettings, RateBudget } from './limits-config.ts';
export type { ServerServices } from './services.ts';
export { HTTP_STATUS_BY_CODE } from './error-status.ts';
export { ROUTE_POLICY } from './access-policy.ts';
export { startServer } from './start-server.ts';
export type { StartServerOptions, RunningServer } from './start-server.ts';
export { coreServices } from './core-services.ts';
export * from './slack/index.ts';
export { alertingSchedule, mountAlertingSchedule } from './alerting-schedule.ts';
export type { AlertingScheduleOptions, AlertingTick } from './alerting-schedule.ts';
