/** Retrieval over notes, runbooks and saved answers: load, index (BM25), search, cite. */
export { BUNDLED_NOTES_DIR, loadNotes } from './load-notes.ts';
export type { NoteDoc } from './load-notes.ts';
export { buildNoteIndex, contentTerms } from './note-index.ts';
export type { NoteHit, NoteIndex } from './note-index.ts';
export { citationsFor, isHowToQuestion } from './cite-notes.ts';
export type { Citation, CiteOptions } from './cite-notes.ts';
export { saveAnswer } from './saved-answers.ts';
export type { SaveAnswerOptions } from './saved-answers.ts';
