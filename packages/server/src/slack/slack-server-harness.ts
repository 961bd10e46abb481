/**
 * Test support: a CostLens server with the Slack app mounted on the digest fixture, talking to a
 * fake Slack (slack-test-harness.ts), with a movable clock. Not public API.
 */
import type { Warehouse } from '@costlens/core';
import { openDigestFixture } from '../../../core/src/digest/digest-fixture.ts';
import type { App } from '../app-types.ts';
import { createServer } from '../create-server.ts';
import type { SlackApp } from './slack-app.ts';
import { normalizeSlackConfig } from './slack-config.ts';
import type { SlackSettingsSpec } from './slack-config.ts';
import type { FakeSlack } from './slack-test-harness.ts';
import { signer, startFakeSlack } from './slack-test-harness.ts';

export const SECRET = 'slack-signing-secret-for-tests-0123';
export const BOT = 'xoxb-111-222-secretbottoken';
// After detection in the fixture (2025-06-01): histories are in time order.
export const NOW = new Date('2025-06-02T09:30:00Z');

export interface Harness {
  wh: Warehouse;
  recIds: string[];
  app: App;
  slackApp: SlackApp;
  fake: FakeSlack;
  logs: string[];
  req: ReturnType<typeof signer>;
  nowMs: { value: number };
  close(): Promise<void>;
}

export async function harness(spec: Partial<SlackSettingsSpec> = {}): Promise<Harness> {
  const { wh, recIds } = await openDigestFixture();
  const fake = await startFakeSlack({ UOUT: 'olga' });
  const logs: string[] = [];
  const nowMs = { value: NOW.getTime() };
  const config = normalizeSlackConfig({
    signingSecret: SECRET,
    botToken: BOT,
    apiUrl: fake.apiUrl,
    publicUrl: 'https://costlens.example.com',
    users: {
      UALICE: { actor: 'alice', role: 'approver' },
      UVIC: { actor: 'victor', role: 'viewer' },
    },
    anomalyRole: 'approver',
    processBeforeResponse: true,
    scheduleSeconds: 0,
    ...spec,
  });
  let mounted: SlackApp | undefined;
  const app = await createServer({
    warehouse: wh,
    services: {},
    logger: { level: 'debug', stream: { write: (l) => void logs.push(l) } },
    slack: { config, now: () => new Date(nowMs.value), onMount: (m) => (mounted = m) },
  });
  const slackApp = mounted!;
  return {
    wh,
    recIds,
    app,
    slackApp,
    fake,
    logs,
    nowMs,
    req: signer(SECRET, () => Math.floor(nowMs.value / 1000)),
    close: async () => {
      await app.close();
      await fake.close();
      await wh.close();
    },
  };
}
