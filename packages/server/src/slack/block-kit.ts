/**
 * Small Block Kit builders with Slack's limits applied (header ≤ 150, section text ≤ 3000,
 * context element ≤ 2000, button value ≤ 2000 chars) and mrkdwn escaping for text that came from
 * data, so a tag value cannot ping a channel or forge a link.
 */
/** A Block Kit block (loosely typed; Slack validates the details). */
export type Block = { type: string; block_id?: string } & Record<string, unknown>;

export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Escapes &, <, > as Slack asks, so `<!channel>` or `<http://x|y>` in data stay text. */
export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clip(text, 3000) });
export const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: clip(text, max),
  emoji: true,
});

export const header = (text: string): Block => ({ type: 'header', text: plain(text) });
export const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
export const context = (...texts: string[]): Block => ({
  type: 'context',
  elements: texts.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: clip(t, 2000) })),
});
export const divider = (): Block => ({ type: 'divider' });

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): Block {
  return {
    type: 'button',
    text: plain(text, 75),
    action_id: actionId,
    value: clip(value, 2000),
    ...(style ? { style } : {}),
  };
}

export const actions = (blockId: string, elements: Block[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements,
});

/** A monospace table in a code block (Slack has no table block), cut to fit one section. */
export function textTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [columns, ...rows];
  const widths = columns.map((_, i) =>
    Math.min(40, Math.max(...all.map((r) => (r[i] ?? '').length))),
  );
  // Cells come from data: escaped after padding (so columns line up as shown), since Slack reads
  // `<!channel>` and `<url|text>` even inside a code block.
  const line = (r: readonly string[]) =>
    esc(
      r
        .map((c, i) => clip(c ?? '', widths[i]!).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) {
    if ([...out, line(r)].join('\n').length > 2900) {
      out.push(`… ${rows.length - (out.length - 2)} more rows`);
      break;
    }
    out.push(line(r));
  }
  return `\`\`\`\n${out.join('\n').replace(/```/g, "'''")}\n\`\`\``;
}
