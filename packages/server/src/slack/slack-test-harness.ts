/**
 * Test support for the Slack app: a local server speaking Slack's Web API (auth.test, users.info,
 * chat.postMessage / update / postEphemeral, views.open, and response_url hooks) that records
 * every call, and signed requests to the receiver (the v0 HMAC computed here). Not public API.
 */
import type { SeenRequest } from '../../../core/src/channels/http-peer.ts';
import { startHttpPeer } from '../../../core/src/channels/http-peer.ts';
import { slackSignature } from './verify-request.ts';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
}

/** Starts the fake Slack. `calls(method)` lists recorded Web API calls; `hooks` the response_url posts. */
export async function startFakeSlack(names: Record<string, string> = {}) {
  let n = 0;
  const calls: SlackCall[] = [];
  const hooks: { path: string; body: Record<string, unknown> }[] = [];
  const peer = await startHttpPeer((r: SeenRequest) => {
    if (r.path.startsWith('/hooks/')) {
      hooks.push({ path: r.path, body: JSON.parse(r.body) as Record<string, unknown> });
      return { status: 200, body: 'ok' };
    }
    const method = r.path.replace(/^\/api\//, '').split('?')[0]!;
    const args: Record<string, unknown> = {};
    const ct = String(r.headers['content-type'] ?? '');
    const raw = ct.includes('json')
      ? (JSON.parse(r.body) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(r.body));
    for (const [k, v] of Object.entries(raw)) {
      args[k] = typeof v === 'string' && /^[[{]/.test(v) ? JSON.parse(v) : v;
    }
    const auth = String(r.headers.authorization ?? '');
    calls.push({ method, args, token: auth.replace(/^Bearer /, '') || null });
    const ok = (extra: Record<string, unknown> = {}) => ({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, ...extra }),
    });
    switch (method) {
      case 'auth.test':
        return ok({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      case 'users.info': {
        const id = String(args['user']);
        return ok({ user: { id, name: names[id] ?? id.toLowerCase() } });
      }
      case 'views.open':
        // The view id is derived from the trigger, so a test can submit the view it opened.
        return ok({ view: { id: `V-${String(args['trigger_id'])}` } });
      case 'chat.postMessage':
      case 'chat.update':
        return ok({ channel: args['channel'], ts: `1700000000.${String(++n).padStart(6, '0')}` });
      default:
        return ok();
    }
  });
  return {
    url: peer.url,
    apiUrl: `${peer.url}/api/`,
    hookUrl: (name: string) => `${peer.url}/hooks/${name}`,
    calls: (method?: string) => (method ? calls.filter((c) => c.method === method) : calls),
    hooks,
    close: peer.close,
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

const FORM = 'application/x-www-form-urlencoded';

/** Requests to the receiver, signed at the given clock. */
export function signer(secret: string, nowSec: () => number) {
  const signed = (
    body: string,
    contentType: string,
    opts: { ts?: number; secret?: string; headers?: Record<string, string> } = {},
  ) => {
    const ts = opts.ts ?? nowSec();
    return {
      method: 'POST' as const,
      url: '/api/slack/events',
      payload: body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(opts.secret ?? secret, ts, body),
        ...opts.headers,
      },
    };
  };
  return {
    signed,
    event: (e: Record<string, unknown>, opts?: Parameters<typeof signed>[2]) =>
      signed(JSON.stringify(e), 'application/json', opts),
    command: (fields: Record<string, string>, opts?: Parameters<typeof signed>[2]) =>
      signed(new URLSearchParams(fields).toString(), FORM, opts),
    interaction: (payload: Record<string, unknown>, opts?: Parameters<typeof signed>[2]) =>
      signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts),
  };
}

let seq = 0;

/** A block_actions payload for a button click on a channel message. */
export function buttonClick(o: {
  user: string;
  actionId: string;
  value: string;
  channel?: string;
  ts?: string;
  blocks?: unknown[];
  responseUrl: string;
}) {
  seq++;
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trigger-${seq}`,
    container: {
      type: 'message',
      channel_id: o.channel ?? 'CALERTS',
      message_ts: o.ts ?? '1700000000.000100',
      is_ephemeral: false,
    },
    channel: { id: o.channel ?? 'CALERTS', name: 'alerts' },
    message: {
      type: 'message',
      ts: o.ts ?? '1700000000.000100',
      text: 'x',
      blocks: o.blocks ?? [],
    },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'b',
        value: o.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `1700000000.${seq}`,
      },
    ],
  };
}

/** A view_submission payload for a modal the app opened. */
export function viewSubmission(o: {
  user: string;
  callbackId: string;
  viewId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
}) {
  seq++;
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'acme' },
    user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `trigger-${seq}`,
    view: {
      id: o.viewId,
      type: 'modal',
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata,
      state: { values: o.values },
      hash: `h${seq}`,
      team_id: 'T1',
      app_id: 'A1',
      blocks: [],
    },
  };
}
