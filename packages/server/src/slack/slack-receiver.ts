/**
 * Bolt's receiver, mounted in the CostLens server instead of Bolt's own HTTP server: POST
 * /api/slack/events takes events, slash commands and interactions. Every request is verified (v0
 * signature over the raw body, timestamp within 5 minutes, a signature seen before is a replay →
 * 401); event retries are answered 200 without running twice (by event id). Then Bolt's
 * `processEvent` runs the listeners; the HTTP answer goes out when a listener acks (or, with
 * `processBeforeResponse`, when it finishes). Access is 'public' in the policy: Slack's signature
 * is the authentication here, not an API token.
 */
import { parse as parseQuery } from 'node:querystring';
import type { App as BoltApp, Receiver } from '@slack/bolt';
import type { App } from '../app-types.ts';
import { SeenSet, MAX_AGE_SECONDS, verifySlackRequest } from './verify-request.ts';

export const SLACK_EVENTS_PATH = '/api/slack/events';

export interface SlackReceiverOptions {
  signingSecret: string;
  processBeforeResponse: boolean;
  /** Milliseconds since the epoch (tests move it). */
  nowMs?: () => number;
}

type Ack = { done: boolean; body: unknown };

/** A Bolt Receiver whose transport is a Fastify route. */
export class FastifySlackReceiver implements Receiver {
  private bolt: BoltApp | undefined;
  private readonly signatures = new SeenSet((MAX_AGE_SECONDS + 60) * 1000);
  private readonly events = new SeenSet(60 * 60 * 1000);
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly nowMs: () => number;

  constructor(private readonly opts: SlackReceiverOptions) {
    this.nowMs = opts.nowMs ?? Date.now;
  }

  init(app: BoltApp): void {
    this.bolt = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves when every listener still running after its ack has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Adds the route (in its own scope: Slack bodies must stay raw for the signature). */
  register(app: App): void {
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'string', bodyLimit: 1_048_576 },
        (_r, body, done) => done(null, body),
      );
      scope.post(
        SLACK_EVENTS_PATH,
        { schema: { summary: 'Slack events, slash commands and interactions (signed by Slack)' } },
        async (req, reply) => {
          const raw = typeof req.body === 'string' ? req.body : '';
          const header = (name: string) => {
            const v = req.headers[name];
            return Array.isArray(v) ? v[0] : v;
          };
          const refuse = (reason: string) => {
            req.log.warn({ reason }, 'Slack request refused');
            return reply.status(401).send({
              error: {
                code: 'UNAUTHORIZED',
                message: `Slack request refused: ${reason}`,
                hint: 'Requests must be signed with this app’s signing secret and sent within 5 minutes.',
                issues: [],
              },
            });
          };
          const isForm = (header('content-type') ?? '').startsWith(
            'application/x-www-form-urlencoded',
          );
          if (isForm && parseQuery(raw)['ssl_check'] === '1') return reply.status(200).send();
          const signature = header('x-slack-signature');
          const verdict = verifySlackRequest({
            secret: this.opts.signingSecret,
            body: raw,
            timestamp: header('x-slack-request-timestamp'),
            signature,
            nowMs: this.nowMs(),
          });
          if (!verdict.ok) return refuse(verdict.reason);
          let body: Record<string, unknown>;
          try {
            body = parseBody(raw, isForm);
          } catch {
            return reply.status(400).send({
              error: { code: 'INVALID_INPUT', message: 'malformed Slack payload', issues: [] },
            });
          }
          if (body['type'] === 'url_verification') return { challenge: body['challenge'] };
          const eventId = typeof body['event_id'] === 'string' ? body['event_id'] : null;
          if (eventId && this.events.check(`event:${eventId}`, this.nowMs())) {
            // A retry of an event already taken: acknowledge so Slack stops, run nothing.
            req.log.info({ eventId, retry: header('x-slack-retry-num') }, 'Slack retry ignored');
            return reply.header('x-slack-no-retry', '1').status(200).send();
          }
          if (this.signatures.check(`sig:${signature}`, this.nowMs())) {
            return refuse('replayed request (signature already used)');
          }
          return this.dispatch(
            body,
            header('x-slack-retry-num'),
            header('x-slack-retry-reason'),
            req.log,
            reply,
          );
        },
      );
    });
  }

  private async dispatch(
    body: Record<string, unknown>,
    retryNum: string | undefined,
    retryReason: string | undefined,
    log: { error(o: unknown, msg: string): void },
    reply: { status(n: number): { send(b?: unknown): unknown } },
  ): Promise<unknown> {
    const bolt = this.bolt;
    if (!bolt) return reply.status(503).send();
    const state: Ack = { done: false, body: undefined };
    let acked!: () => void;
    const ackSeen = new Promise<void>((resolve) => (acked = resolve));
    const processing = bolt
      .processEvent({
        body,
        ...(retryNum ? { retryNum: Number(retryNum) } : {}),
        ...(retryReason ? { retryReason } : {}),
        ack: async (response?: unknown) => {
          if (state.done) return;
          state.done = true;
          state.body = response;
          acked();
        },
      })
      .catch((e: unknown) => {
        log.error({ err: e }, 'Slack listener failed');
        throw e;
      });
    if (this.opts.processBeforeResponse) {
      const failed = await processing.then(
        () => false,
        () => true,
      );
      if (failed && !state.done) return reply.status(500).send();
    } else {
      const tracked = processing.catch(() => undefined);
      this.inFlight.add(tracked);
      void tracked.finally(() => this.inFlight.delete(tracked));
      const first = await Promise.race([ackSeen.then(() => 'ack'), tracked.then(() => 'done')]);
      if (first === 'done' && !state.done) {
        const failed = await processing.then(
          () => false,
          () => true,
        );
        if (failed) return reply.status(500).send();
      }
    }
    const out = state.body;
    if (out === undefined || out === '') return reply.status(200).send();
    return reply.status(200).send(out);
  }
}

/** JSON (events) or form-encoded with a `payload` field (interactions) or fields (commands). */
function parseBody(raw: string, isForm: boolean): Record<string, unknown> {
  if (!isForm) return JSON.parse(raw) as Record<string, unknown>;
  const q = parseQuery(raw);
  if (typeof q['payload'] === 'string') return JSON.parse(q['payload']) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/**
 * The route when no HTTP-mode Slack app is mounted: a clear 404 instead of an unknown route, so
 * the API document and access policy list the same routes on every server.
 */
export function registerSlackOff(app: App, why: string): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1_048_576 }, (_r, body, done) =>
      done(null, body),
    );
    scope.post(
      SLACK_EVENTS_PATH,
      { schema: { summary: 'Slack events, slash commands and interactions (signed by Slack)' } },
      async (_req, reply) =>
        reply.status(404).send({
          error: {
            code: 'NOT_FOUND',
            message: why,
            hint: 'Start the server with --slack <file>, or SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN set (docs/slack.md).',
            issues: [],
          },
        }),
    );
  });
}
