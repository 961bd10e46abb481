/**
 * BM25 search over notes, runbooks and saved answers (minisearch): title boosted over body, prefix
 * and light fuzzy matching, stop words dropped and plurals folded so "commitments" finds
 * "commitment". Each hit carries `coverage`, the share of the query's content words it matched, so
 * callers can tell a real match from one shared word. Snippets are the paragraph matching most.
 */
import MiniSearch from 'minisearch';
import type { NoteDoc } from './load-notes.ts';

export interface NoteHit {
  id: string;
  title: string;
  kind: NoteDoc['kind'];
  score: number;
  /** Share (0–1) of the query's content words this document matched. */
  coverage: number;
  snippet: string;
}

export interface NoteIndex {
  readonly size: number;
  /** The best `k` documents for `query`, best first. */
  search(query: string, k?: number): NoteHit[];
}

const STOP = new Set(
  `a an and are as at be by can do does for from how i in is it me my of on or our should the this
   to us we what when where which who why will with you your about into was were has have had there
   their them they than then so if not no yes please tell show give get`.split(/\s+/),
);

/** Lower-cases, drops stop words and folds simple plurals; null drops the term. */
export function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us'))
    return t.slice(0, -1);
  return t;
}

/** The content words of `text`, normalized and de-duplicated. */
export function contentTerms(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[^\p{L}\p{N}_]+/u)) {
    const t = raw ? normalizeTerm(raw) : null;
    if (t) out.add(t);
  }
  return [...out];
}

/**
 * Builds the index over `docs` (in memory; rebuilt when the notes change — they are small).
 * @example buildNoteIndex(loadNotes('./notes')).search('how do commitments work', 3)
 */
export function buildNoteIndex(docs: readonly NoteDoc[]): NoteIndex {
  const mini = new MiniSearch<NoteDoc>({
    fields: ['title', 'body'],
    storeFields: ['title', 'kind'],
    processTerm: normalizeTerm,
    searchOptions: { boost: { title: 2 }, prefix: (t) => t.length >= 5, fuzzy: 0.15 },
  });
  mini.addAll(docs);
  const byId = new Map(docs.map((d) => [d.id, d]));
  return {
    size: docs.length,
    search(query, k = 3) {
      const terms = contentTerms(query);
      if (terms.length === 0) return [];
      return mini
        .search(terms.join(' '))
        .slice(0, k)
        .map((r) => {
          const doc = byId.get(String(r.id))!;
          const matched = new Set(r.queryTerms.map((t) => normalizeTerm(t) ?? t));
          return {
            id: doc.id,
            title: doc.title,
            kind: doc.kind,
            score: r.score,
            coverage: terms.filter((t) => matched.has(t)).length / terms.length,
            snippet: snippetOf(doc.body, terms),
          };
        });
    },
  };
}

/** The paragraph sharing most words with the query, trimmed to about 240 characters. */
function snippetOf(body: string, terms: readonly string[]): string {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/^#+\s.*$/gm, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
  let best = paragraphs[0] ?? '';
  let bestHits = -1;
  for (const p of paragraphs) {
    const words = new Set(contentTerms(p));
    const hits = terms.filter((t) => [...words].some((w) => w.startsWith(t))).length;
    if (hits > bestHits) {
      best = p;
      bestHits = hits;
    }
  }
  return best.length > 240 ? `${best.slice(0, 237).replace(/\s+\S*$/, '')}…` : best;
}
