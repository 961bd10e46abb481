/**
 * Slack delivery with Block Kit: through an incoming webhook (POST the message, Slack answers
 * `ok`) or a bot token (`chat.postMessage`, Slack answers `{ ok, error }` with HTTP 200 even on
 * failure, so the body decides). Block limits are respected: header ≤ 150 chars, text ≤ 3000.
 */
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import type { BudgetAlert } from '../budget/notify-budgets.ts';
import type { Channel, Delivery } from './channel.ts';
import { deliveryError } from './channel.ts';
import {
  alertCommand,
  alertFacts,
  alertPlainText,
  alertTitle,
  budgetCommand,
  budgetFacts,
  budgetPlainText,
  budgetTitle,
  digestLine,
  digestPlainText,
  digestTitle,
} from './alert-text.ts';

type Block = Record<string, unknown>;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
/**
 * Escapes &, <, > as Slack asks. Every mrkdwn text here (and the fallback `text`, which Slack also
 * parses) carries names from the bill — a team, a resource, a budget — so `<!channel>` or
 * `<https://x|y>` in a tag value would otherwise ping a channel or forge a link. CostLens's own
 * text in this module uses no angle brackets.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(esc(text), 3000) });
const fallback = (text: string) => clip(esc(text), 3000);

/** The Block Kit message for a delivery: `{ text, blocks }`. */
export function slackMessage(d: Delivery): { text: string; blocks: Block[] } {
  if (d.kind === 'alert') return alertBlocks(d.anomaly);
  if (d.kind === 'budget') return budgetBlocks(d.alert);
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(digestTitle(d.day, d.anomalies), 150) },
    },
  ];
  if (d.anomalies.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn('Nothing needs attention.') });
  }
  // Sections hold up to 3000 characters: pack lines, at most 40 anomalies in one message.
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length > 0) blocks.push({ type: 'section', text: mrkdwn(chunk.join('\n')) });
    chunk = [];
  };
  for (const a of d.anomalies.slice(0, 40)) {
    const line = `• ${digestLine(a)}`;
    if ([...chunk, line].join('\n').length > 2900) flush();
    chunk.push(line);
  }
  flush();
  if (d.anomalies.length > 40) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `… and ${d.anomalies.length - 40} more: \`costlens anomalies list --status active\``,
        ),
      ],
    });
  }
  return { text: fallback(digestPlainText(d.day, d.anomalies)), blocks };
}

function alertBlocks(a: Anomaly): { text: string; blocks: Block[] } {
  return {
    text: fallback(alertPlainText(a)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(alertTitle(a), 150) } },
      { type: 'section', text: mrkdwn(a.explanation) },
      {
        type: 'section',
        fields: alertFacts(a).map((f) => mrkdwn(`*${f.label}*\n${f.value}`)),
      },
      {
        type: 'context',
        elements: [mrkdwn(`\`${alertCommand(a)}\` · anomaly ${a.id} · monitor ${a.monitorId}`)],
      },
    ],
  };
}

function budgetBlocks(b: BudgetAlert): { text: string; blocks: Block[] } {
  return {
    text: fallback(budgetPlainText(b)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(budgetTitle(b), 150) } },
      { type: 'section', text: mrkdwn(b.text) },
      { type: 'section', fields: budgetFacts(b).map((f) => mrkdwn(`*${f.label}*\n${f.value}`)) },
      {
        type: 'context',
        elements: [mrkdwn(`\`${budgetCommand(b)}\` · budget ${b.budgetId}`)],
      },
    ],
  };
}

async function post(
  channelId: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw deliveryError(channelId, `cannot reach ${new URL(url).host}`, e);
  }
}

/** Slack through an incoming webhook. */
export function slackWebhookChannel(cfg: { id: string; webhookUrl: string }): Channel {
  return {
    id: cfg.id,
    async send(d) {
      const res = await post(cfg.id, cfg.webhookUrl, slackMessage(d));
      const text = await res.text();
      if (!res.ok)
        throw deliveryError(cfg.id, `Slack webhook answered ${res.status}: ${clip(text, 200)}`);
    },
  };
}

/** Slack through a bot token and `chat.postMessage`. */
export function slackBotChannel(cfg: {
  id: string;
  token: string;
  channel: string;
  apiUrl?: string;
}): Channel {
  const url = `${(cfg.apiUrl ?? 'https://slack.com/api/').replace(/\/?$/, '/')}chat.postMessage`;
  return {
    id: cfg.id,
    async send(d) {
      const res = await post(
        cfg.id,
        url,
        { channel: cfg.channel, unfurl_links: false, ...slackMessage(d) },
        { authorization: `Bearer ${cfg.token}` },
      );
      const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
      if (!res.ok || !body?.ok) {
        throw deliveryError(
          cfg.id,
          `chat.postMessage failed: ${body?.error ?? `HTTP ${res.status}`}`,
        );
      }
    },
  };
}
