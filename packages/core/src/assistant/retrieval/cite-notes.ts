/**
 * When to cite notes: a how-to, policy or runbook question gets the best notes that match it; a
 * data question gets a note only when one matches it strongly (most of its content words), so a
 * cost total is not decorated with an unrelated runbook. Citations carry id, title and snippet, the
 * shape AskResult.citations takes.
 */
import type { AskResult } from '../types.ts';
import { contentTerms } from './note-index.ts';
import type { NoteIndex } from './note-index.ts';

export type Citation = NonNullable<AskResult['citations']>[number];

const HOW_TO =
  /\b(how (do|should|can|to|does)|what should|what('s| is) (our|the) (policy|process|runbook)|runbook|policy|playbook|process for|steps? (to|for)|best practice|guide|explain how|what do i do|who (owns|should))\b/i;

/** Words every cost question uses: they say nothing about which note is relevant. */
const COST_VOCABULARY = new Set(
  contentTerms(
    `cost costs spend spent spending total much many money bill billed dollars usd amount day days
     week weeks month months monthly year years quarter last this previous next since ago current
     service services account accounts region regions provider by top biggest largest compare
     trend go went up down grow grew increase increased change changed over per each all our`,
  ),
);

/** True when the question asks how to do something rather than for a number. */
export function isHowToQuestion(question: string): boolean {
  return HOW_TO.test(question);
}

export interface CiteOptions {
  /** Most citations returned (default 3 for how-to questions, 1 otherwise). */
  k?: number;
  /** Coverage a data question's note needs (default 0.6). */
  minCoverage?: number;
}

/**
 * Notes to cite for `question` (possibly none).
 * @example citationsFor(index, 'how do we respond to a cost anomaly?') // [{ id: 'note:respond-to-a-cost-anomaly.md', … }]
 */
export function citationsFor(
  index: NoteIndex,
  question: string,
  opts: CiteOptions = {},
): Citation[] {
  if (index.size === 0) return [];
  const howTo = isHowToQuestion(question);
  const k = opts.k ?? (howTo ? 3 : 1);
  let query = question;
  let minCoverage = 0.34;
  if (!howTo) {
    // A data question cites a note only when two or more of its topical words all point at it.
    const topical = contentTerms(question).filter((t) => !COST_VOCABULARY.has(t));
    if (topical.length < 2) return [];
    query = topical.join(' ');
    minCoverage = opts.minCoverage ?? 0.6;
  }
  const hits = index.search(query, k).filter((h) => h.coverage >= minCoverage);
  // Keep hits within reach of the best one: a distant second is noise.
  const top = hits[0]?.score ?? 0;
  return hits
    .filter((h) => h.score >= top * 0.35)
    .map((h) => ({ id: h.id, title: h.title, snippet: h.snippet }));
}
