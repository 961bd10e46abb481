/**
 * Email through SMTP (nodemailer): a plain-text and a simple HTML part with the same content as
 * the other channels. The transport is created per channel and closed after each send, so a
 * dispatch run leaves no sockets open.
 */
import nodemailer from 'nodemailer';
import type { Anomaly } from '../anomaly/anomaly-store.ts';
import {
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
import type { Channel, Delivery } from './channel.ts';
import { deliveryError } from './channel.ts';

const esc = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

function alertHtml(a: Anomaly): string {
  const rows = alertFacts(a)
    .map((f) => `<tr><th align="left">${esc(f.label)}</th><td>${esc(f.value)}</td></tr>`)
    .join('');
  return `<h2>${esc(alertTitle(a))}</h2><p>${esc(a.explanation)}</p><table>${rows}</table><p><code>costlens anomalies show ${esc(a.id)}</code></p>`;
}

/** Subject, text and HTML for a delivery. */
export function emailContent(d: Delivery): { subject: string; text: string; html: string } {
  if (d.kind === 'alert') {
    return {
      subject: alertTitle(d.anomaly),
      text: alertPlainText(d.anomaly),
      html: alertHtml(d.anomaly),
    };
  }
  if (d.kind === 'budget') {
    const b = d.alert;
    const rows = budgetFacts(b)
      .map((f) => `<tr><th align="left">${esc(f.label)}</th><td>${esc(f.value)}</td></tr>`)
      .join('');
    return {
      subject: budgetTitle(b),
      text: budgetPlainText(b),
      html: `<h2>${esc(budgetTitle(b))}</h2><p>${esc(b.text)}</p><table>${rows}</table><p><code>${esc(budgetCommand(b))}</code></p>`,
    };
  }
  const items = d.anomalies.map((a) => `<li>${esc(digestLine(a))}</li>`).join('');
  return {
    subject: digestTitle(d.day, d.anomalies),
    text: digestPlainText(d.day, d.anomalies),
    html: `<h2>${esc(digestTitle(d.day, d.anomalies))}</h2>${items ? `<ul>${items}</ul>` : '<p>Nothing needs attention.</p>'}`,
  };
}

export interface EmailChannelConfig {
  id: string;
  host: string;
  port: number;
  secure?: boolean | undefined;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
  to: readonly string[];
  allowSelfSigned?: boolean | undefined;
}

/** Email via an SMTP relay. */
export function emailChannel(cfg: EmailChannelConfig): Channel {
  return {
    id: cfg.id,
    async send(d) {
      const transport = nodemailer.createTransport({
        host: cfg.host,
        port: cfg.port,
        secure: cfg.secure ?? cfg.port === 465,
        ...(cfg.user ? { auth: { user: cfg.user, pass: cfg.pass ?? '' } } : {}),
        ...(cfg.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
      });
      try {
        await transport.sendMail({ from: cfg.from, to: [...cfg.to], ...emailContent(d) });
      } catch (e) {
        throw deliveryError(
          cfg.id,
          `SMTP ${cfg.host}:${cfg.port} refused the message (${e instanceof Error ? e.message : String(e)})`,
          e,
        );
      } finally {
        transport.close();
      }
    },
  };
}
