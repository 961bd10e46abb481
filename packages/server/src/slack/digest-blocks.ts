/**
 * A digest (core `buildDigest`) as a Slack message and as plain text (the CLI preview): spend
 * against the previous period, movers, budget status, active anomalies, and the top proposals with
 * Approve / Reject buttons. Money is formatted from the exact decimal strings, never re-added.
 */
import type { Digest } from '@costlens/core';
import { formatSignedUsd, formatUsd } from '@costlens/core';
import type { Block } from './block-kit.ts';
import { clip, context, divider, esc, header, section } from './block-kit.ts';
import { describeQuery } from './ask-blocks.ts';
import { explorerLink } from './dashboard-link.ts';
import { recommendationBlocks } from './recommendation-blocks.ts';

const ICON = { critical: '🔴', high: '🟠', medium: '🟡', low: '⚪' } as const;
const STATE = {
  ok: '✅ on track',
  warning: '🟡 warning',
  forecast_over: '🟠 forecast over',
  over: '🔴 over',
} as const;

function pct(current: string, previous: string): string {
  const p = Number(previous);
  if (p === 0) return '';
  const v = ((Number(current) - p) / Math.abs(p)) * 100;
  return `, ${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;
}

export function digestTitle(d: Digest): string {
  const what = d.period === 'daily' ? 'Daily' : 'Weekly';
  const days = d.range
    ? d.period === 'daily'
      ? d.range.start
      : `${d.range.start}…${lastDay(d.range.end)}`
    : 'no data yet';
  return `${what} cost digest${d.team ? ` · team ${d.team}` : ''} · ${days}`;
}

const lastDay = (end: string) =>
  new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The digest's sections as mrkdwn lines (shared by Slack and the plain-text preview). */
export function digestSections(d: Digest): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  out.push({
    title: 'Spend',
    lines: d.spend
      ? [
          `${formatUsd(d.spend.current)} (${d.period === 'daily' ? 'day' : 'week'} before: ${formatUsd(d.spend.previous)}, ${formatSignedUsd(d.spend.delta)}${pct(d.spend.current, d.spend.previous)})`,
        ]
      : ['No cost data before this digest’s day.'],
  });
  if (d.movers.length > 0) {
    out.push({
      title: 'Movers',
      lines: d.movers.map(
        (m) =>
          `${esc(m.service)}: ${formatSignedUsd(m.delta)} (${formatUsd(m.previous)} → ${formatUsd(m.current)})`,
      ),
    });
  }
  if (d.budgets.length > 0) {
    out.push({
      title: 'Budgets',
      lines: d.budgets.map(
        (b) =>
          `${esc(b.budget.name)}: ${STATE[b.state]} — ${formatUsd(b.actual)} of ${formatUsd(b.budget.amount)} (${Math.round(b.actualPct)} %), forecast ${formatUsd(b.forecast.mean)} (${Math.round(b.forecastPct)} %)`,
      ),
    });
  }
  out.push({
    title: `Active anomalies (${d.anomalyCount})`,
    lines:
      d.anomalies.length > 0
        ? [
            ...d.anomalies.map(
              (a) =>
                `${ICON[a.severity]} ${esc(a.title)}: ${formatSignedUsd(a.impactUsd)} [${a.status}] (\`${a.id}\`)`,
            ),
            ...(d.anomalyCount > d.anomalies.length
              ? [`… and ${d.anomalyCount - d.anomalies.length} more`]
              : []),
          ]
        : ['None.'],
  });
  return out;
}

/** The Slack message. */
export function digestBlocks(
  d: Digest,
  opts: { publicUrl?: string; recommendations?: number } = {},
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [header(digestTitle(d))];
  for (const s of digestSections(d)) {
    blocks.push(section(clip(`*${s.title}*\n${s.lines.join('\n')}`, 3000)));
  }
  const recs = d.recommendations.slice(0, opts.recommendations ?? 3);
  if (recs.length > 0) {
    blocks.push(divider(), section('*Top proposals awaiting approval*'));
    for (const r of recs) blocks.push(...recommendationBlocks(r, opts));
  }
  if (d.queries.length > 0) {
    const link = explorerLink(opts.publicUrl, d.queries[1] ?? d.queries[0]!);
    blocks.push(
      context(
        ...d.queries.map((q) => `\`${esc(describeQuery(q))}\``),
        ...(link ? [`<${link}|Open in CostLens>`] : []),
      ),
    );
  }
  return { text: clip(digestText(d), 3000), blocks };
}

/** Plain text (the CLI's `--dry-run` and the notification fallback). */
export function digestText(d: Digest): string {
  const lines = [digestTitle(d), ''];
  for (const s of digestSections(d)) lines.push(`${s.title}:`, ...s.lines.map((l) => `  ${l}`));
  if (d.recommendations.length > 0) {
    lines.push('Top proposals awaiting approval:');
    for (const r of d.recommendations) {
      lines.push(
        `  ${esc(r.title)} — ~$${r.estimatedMonthlySavingsUsd.toFixed(2)}/month (${r.id})`,
      );
    }
  }
  return lines.join('\n').replace(/[*`]/g, '');
}
