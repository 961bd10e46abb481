import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { REPO_ROOT } from '../../../core/src/testing/fixtures.ts';
import { SLACK_EVENTS_PATH } from './slack-receiver.ts';

const manifest = readFileSync(`${REPO_ROOT}/docs/slack/manifest.yaml`, 'utf8');

it('the app manifest points every request URL at the receiver and asks for the scopes the app uses', () => {
  const urls = [...manifest.matchAll(/^\s*(?:request_)?url:\s*(\S+)/gm)].map((m) => m[1]!);
  assert.equal(urls.length, 3, 'slash command, events, interactivity');
  for (const u of urls) assert.ok(new URL(u).pathname === SLACK_EVENTS_PATH, u);
  assert.match(manifest, /- command: \/costlens/);
  assert.match(manifest, /bot_events:\s*\n\s*- app_mention/);
  const scopes = [...manifest.matchAll(/^\s*- ([a-z_.:]+)\s*#/gm)].map((m) => m[1]);
  // chat.postMessage/update/postEphemeral, users.info, the slash command, mentions, DMs.
  for (const s of ['chat:write', 'users:read', 'commands', 'app_mentions:read', 'im:write']) {
    assert.ok(scopes.includes(s), `scope ${s}`);
  }
});
