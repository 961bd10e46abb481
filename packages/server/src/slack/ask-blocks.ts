/**
 * An assistant answer (AskResult) as a Slack message: the question, the answer, a small table,
 * the queries behind it (a context block, so every number can be traced) and a dashboard link.
 * A clarification is shown as the question back with its options; nothing is recomputed here.
 */
import type { AskResult, SemanticQuery } from '@costlens/core';
import type { Block } from './block-kit.ts';
import { clip, context, esc, section, textTable } from './block-kit.ts';
import { explorerLink } from './dashboard-link.ts';

/** One line per query: `effective_cost by service · 2025-01-01…2025-02-01 · team = ml`. */
export function describeQuery(q: SemanticQuery): string {
  const parts = [q.metric];
  if (q.groupBy?.length) parts.push(`by ${q.groupBy.join(', ')}`);
  if (q.grain) parts.push(`per ${q.grain}`);
  if (q.timeRange) {
    parts.push(
      'start' in q.timeRange
        ? `${q.timeRange.start}…${q.timeRange.end}`
        : q.timeRange.relative === 'last_n_days' || q.timeRange.relative === 'last_n_months'
          ? `${q.timeRange.relative.replace('n', String(q.timeRange.n))}`
          : q.timeRange.relative,
    );
  }
  for (const f of q.filters ?? []) {
    const v = Array.isArray(f.value) ? f.value.join('|') : (f.value ?? '');
    parts.push(`${f.dimension} ${f.op === 'eq' ? '=' : f.op} ${v}`.trim());
  }
  if (q.compareTo) parts.push(`vs ${q.compareTo.replace(/_/g, ' ')}`);
  if (q.limit) parts.push(`top ${q.limit}`);
  return parts.join(' · ');
}

/** The Block Kit message for an answer. */
export function askBlocks(
  r: AskResult,
  opts: { publicUrl?: string; askedBy?: string },
): { text: string; blocks: Block[] } {
  const who = opts.askedBy ? `<@${opts.askedBy}> asked: ` : '';
  const blocks: Block[] = [context(`${who}_${esc(clip(r.question, 500))}_`)];
  if (r.clarification) {
    const options = (r.clarification.options ?? []).map((o) => `• ${esc(o)}`).join('\n');
    blocks.push(section(`${esc(r.clarification.question)}${options ? `\n${options}` : ''}`));
    return { text: clip(esc(r.clarification.question), 3000), blocks };
  }
  blocks.push(section(esc(r.answer)));
  if (r.table && r.table.rows.length > 0) {
    blocks.push(section(textTable(r.table.columns, r.table.rows.slice(0, 15))));
  }
  for (const w of r.warnings ?? []) blocks.push(context(`⚠️ ${esc(w)}`));
  if (r.queries.length > 0) {
    const lines = r.queries.slice(0, 5).map((q, i) => {
      const link = explorerLink(opts.publicUrl, q);
      const text = `\`${esc(describeQuery(q))}\``;
      return `Query ${i + 1}: ${link ? `<${link}|${text}>` : text}`;
    });
    blocks.push(context(...lines, `engine: ${esc(r.engine)}`));
  }
  // The fallback text is mrkdwn too (notifications): escaped like the blocks.
  return { text: clip(esc(r.answer), 3000), blocks };
}
