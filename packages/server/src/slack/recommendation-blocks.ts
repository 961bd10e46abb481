/**
 * A recommendation up for approval: what, why, savings, risk, plan and Approve / Reject buttons
 * while it is proposed; afterwards who decided and why in place of the buttons.
 */
import type { Recommendation } from '@costlens/core';
import { ACTION } from './action-ids.ts';
import type { Block } from './block-kit.ts';
import { actions, button, clip, context, esc, section } from './block-kit.ts';
import { recommendationsLink } from './dashboard-link.ts';

const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** One line, for lists (digests). */
export function recommendationLine(r: Recommendation): string {
  return `*${esc(r.title)}* — saves ~${usd(r.estimatedMonthlySavingsUsd)}/month · confidence ${Math.round(r.confidence * 100)} % (\`${r.id}\`)`;
}

/** The blocks for one recommendation (a message of its own, or part of a list). */
export function recommendationBlocks(
  r: Recommendation,
  opts: { publicUrl?: string; outcome?: string } = {},
): Block[] {
  const blocks: Block[] = [
    tagged(
      `rec:${r.id}:body`,
      section(
        [
          recommendationLine(r),
          ...r.why.slice(0, 3).map((w) => `• ${esc(w)}`),
          `_Risk:_ ${esc(r.risk)}`,
          r.plan.steps.length ? `_Plan:_ ${esc(clip(r.plan.steps.join(' → '), 500))}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    ),
  ];
  const link = recommendationsLink(opts.publicUrl);
  blocks.push(
    tagged(
      `rec:${r.id}:status`,
      context(
        `status *${r.status}* · \`costlens recommend show ${r.id}\`${link ? ` · <${link}|Open in CostLens>` : ''}`,
      ),
    ),
  );
  if (opts.outcome) blocks.push(tagged(`rec:${r.id}:outcome`, context(opts.outcome)));
  if (r.status === 'proposed') {
    blocks.push(
      actions(`rec:${r.id}:actions`, [
        button('Approve', ACTION.approve, r.id, 'primary'),
        button('Reject', ACTION.reject, r.id, 'danger'),
      ]),
    );
  }
  return blocks;
}

const tagged = (blockId: string, b: Block): Block => ({ ...b, block_id: blockId });

/**
 * A message's blocks with one recommendation's blocks swapped for fresh ones (the rest of a
 * digest stays as it was); null when the recommendation is not in the message.
 */
export function replaceRecommendation(
  blocks: readonly Block[],
  r: Recommendation,
  opts: { publicUrl?: string; outcome?: string } = {},
): Block[] | null {
  const mine = (b: Block) =>
    typeof b['block_id'] === 'string' && b['block_id'].startsWith(`rec:${r.id}:`);
  const at = blocks.findIndex(mine);
  if (at < 0) return null;
  const rest = blocks.filter((b) => !mine(b));
  return [...rest.slice(0, at), ...recommendationBlocks(r, opts), ...rest.slice(at)];
}
