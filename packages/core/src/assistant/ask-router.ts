/**
 * `ask`: the one entry every surface calls. With a model configured it answers through
 * `answerWithModel` (which falls back to the offline engine on any doubt); otherwise through the
 * offline `answerQuestion`. Either way relevant notes are cited, and a question the engine answers
 * without numbers (not understood, or a how-to it would only ask back about) gets the runbooks that
 * match it instead of "I can't answer that" or a clarifying question.
 */
import type { Role } from '../auth/roles.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { answerQuestion } from './ask.ts';
import type { AnswerOptions } from './ask.ts';
import { answerWithModel } from './llm/answer-with-model.ts';
import type { FetchLike } from './llm/create-model.ts';
import type { ModelConfig } from './llm/model-config.ts';
import type { SendLog } from './llm/send-log.ts';
import { citationsFor, isHowToQuestion } from './retrieval/cite-notes.ts';
import type { Citation } from './retrieval/cite-notes.ts';
import type { NoteIndex } from './retrieval/note-index.ts';
import type { AskResult } from './types.ts';

export interface AskRouterOptions extends AnswerOptions {
  /** A configured model, or null/undefined for offline only. */
  model?: ModelConfig | null;
  /** The caller's role (the model gets the read-only tools it allows). */
  role?: Role;
  notes?: NoteIndex;
  sensitiveTagKeys?: readonly string[];
  sendLog?: SendLog;
  fetch?: FetchLike;
}

/**
 * Answers `question` on the configured path.
 * @example await ask(wh, 'How do we respond to a cost anomaly?', { ...assistantRuntime(settings), actor: 'cli:me' })
 */
export async function ask(
  wh: Warehouse,
  question: string,
  opts: AskRouterOptions = {},
): Promise<AskResult> {
  const { model, ...rest } = opts;
  if (model) return answerWithModel(wh, question, { ...rest, model });
  const result = await answerQuestion(wh, question, rest);
  const citations = opts.notes ? citationsFor(opts.notes, question) : [];
  if (citations.length === 0 || result.citations) return result;
  // No numbers and either nothing understood or a how-to question: the notes are the answer.
  const noNumbers = result.values.length === 0;
  if (noNumbers && (result.intent === 'unsupported' || isHowToQuestion(question))) {
    return fromNotes(result, citations);
  }
  return { ...result, citations };
}

/** An answer made of the matching notes: titles quoted, excerpts in the table, no numbers added. */
function fromNotes(result: AskResult, citations: Citation[]): AskResult {
  const { clarification: _asked, ...rest } = result;
  return {
    ...rest,
    intent: 'retrieval',
    answer: `I have no numbers for that, but these notes cover it: ${citations.map((c) => `"${c.title}"`).join(', ')}.`,
    table: { columns: ['note', 'excerpt'], rows: citations.map((c) => [c.title, c.snippet]) },
    citations,
  };
}
