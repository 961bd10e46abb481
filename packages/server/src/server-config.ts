/**
 * The server's configuration, normalized once. Binding beyond loopback is allowed only when API
 * tokens exist (checked at start); on loopback without tokens the server runs in local demo mode.
 * Pure: no environment or working-directory reads here — callers pass everything in.
 */
import type { AssistantSettings } from '@costlens/core';
import { normalizeLimits } from './limits-config.ts';
import type { LimitSettings, LimitsSpec } from './limits-config.ts';

export interface ServerConfigSpec {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 4173. */
  port?: number;
  /** Folder of the built dashboard (index.html + assets); null serves the API only. */
  webRoot?: string | null;
  /** Version string reported by /api/health. */
  version?: string;
  /** The assistant's model, notes and send log (absent: offline, bundled notes only). */
  assistant?: AssistantSettings;
  /** Rate limits, body-size caps and security headers (defaults: limits-config.ts). */
  limits?: LimitsSpec;
}

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly webRoot: string | null;
  readonly version: string;
  readonly assistant: AssistantSettings | null;
  readonly limits: LimitSettings;
  /** True when bound to a loopback interface only. */
  readonly loopback: boolean;
}

export const DEFAULT_PORT = 4173;

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Fills defaults and derives `loopback`.
 * @example normalizeServerConfig({ port: 0 }) // { host: '127.0.0.1', port: 0, loopback: true, … }
 */
export function normalizeServerConfig(spec: ServerConfigSpec = {}): ServerConfig {
  const host = spec.host ?? '127.0.0.1';
  return {
    host,
    port: spec.port ?? DEFAULT_PORT,
    webRoot: spec.webRoot ?? null,
    version: spec.version ?? '0.1.0',
    assistant: spec.assistant ?? null,
    limits: normalizeLimits(spec.limits),
    loopback: isLoopbackHost(host),
  };
}
