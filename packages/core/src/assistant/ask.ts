/**
 * `answerQuestion`: the offline assistant. A question is parsed deterministically against the
 * data's own values, answered by semantic queries or analysis calls, checked for grounding (every
 * number in the text is one of `values`), and logged redacted. Ambiguous questions get a
 * clarifying question with options; anything outside what it knows gets "I can't answer that
 * yet" — never a guessed number. Relative time is anchored at the data's last charge day.
 */
import { costDataSpan } from '../semantic/data-span.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { answerCompare, answerGroups, answerTotal, answerTrend } from './answer-costs.ts';
import type { Answer } from './answer-costs.ts';
import {
  answerAnomalies,
  answerBudget,
  answerByTool,
  answerForecast,
  answerQuality,
  answerRecommendations,
  answerUnitCost,
  answerWhy,
  unsupported,
} from './answer-insights.ts';
import { loadEntityIndex } from './entity-index.ts';
import { groundingIssues } from './grounding.ts';
import { parseQuestion } from './parse-question.ts';
import type { ParsedQuestion } from './parse-question.ts';
import { logQuestion } from './question-log.ts';
import type { AskOptions, AskResult } from './types.ts';

/** Options for `answerQuestion` beyond the contract's: whether to write the question log. */
export interface AnswerOptions extends AskOptions {
  /** Write the question to the log (default true). */
  log?: boolean;
}

const MAX_QUESTION_CHARS = 2000;

/**
 * Answers a plain-language cost question offline.
 * @example const r = await answerQuestion(wh, 'How much did we spend on EC2 last month?'); r.answer
 */
export async function answerQuestion(
  wh: Warehouse,
  question: string,
  opts: AnswerOptions = {},
): Promise<AskResult> {
  const started = performance.now();
  const text = question.slice(0, MAX_QUESTION_CHARS);
  const now = opts.now ?? (await anchorDay(wh));
  const today = now.toISOString().slice(0, 10);
  const index = await loadEntityIndex(wh);
  const parsed = parseQuestion(text, index, {
    today,
    ...(opts.fiscalYearStartMonth ? { fiscalYearStartMonth: opts.fiscalYearStartMonth } : {}),
  });
  const answer = await dispatch(wh, parsed, text, now, opts.actor ?? 'anonymous');
  const result = grounded({ question: text, engine: 'offline', ...answer });
  if (opts.log !== false) {
    await logQuestion(wh, {
      question: text,
      intent: result.intent,
      engine: result.engine,
      answered: !['unsupported', 'clarify'].includes(result.intent) && result.values.length > 0,
      latencyMs: performance.now() - started,
      ...(opts.actor ? { actor: opts.actor } : {}),
      ...(opts.channel ? { channel: opts.channel } : {}),
      entities: [
        ...parsed.matches.map((m) => m.phrase),
        ...(parsed.ambiguity ? [parsed.ambiguity.phrase] : []),
      ],
      times: parsed.timeGiven
        ? [parsed.time.matched, ...(parsed.versus ? [parsed.versus.matched] : [])]
        : [],
    });
  }
  return result;
}

/** The last day with cost data (so "this month" means the data's month), or today. */
async function anchorDay(wh: Warehouse): Promise<Date> {
  const span = await costDataSpan(wh);
  return span ? new Date(`${span.last}T00:00:00Z`) : new Date();
}

async function dispatch(
  wh: Warehouse,
  p: ParsedQuestion,
  question: string,
  now: Date,
  actor: string,
): Promise<Answer> {
  if (p.intent === 'unsupported')
    return unsupported(p.reason ?? 'I did not understand the question');
  if (p.ambiguity) return clarify(p, question);
  if (p.unknownName) {
    return {
      intent: 'clarify',
      answer: `I could not find "${p.unknownName}" in your data (providers, services, categories, regions, accounts, teams, resources or tags). Check the spelling, or put the dimension before it (service, account, team, region, app …).`,
      values: [],
      queries: [],
      sql: [],
      clarification: { question: `What is "${p.unknownName}"?` },
      table: { columns: ['name'], rows: [[p.unknownName]] },
    };
  }
  switch (p.intent) {
    case 'total':
      return answerTotal(wh, p);
    case 'breakdown':
    case 'top_n':
      return answerGroups(wh, p);
    case 'trend':
      return answerTrend(wh, p);
    case 'compare':
      return answerCompare(wh, p);
    case 'why':
      return answerWhy(wh, p);
    case 'forecast':
      return answerForecast(wh, p);
    case 'budget':
      return answerBudget(wh, p, now);
    case 'anomalies':
      return answerAnomalies(wh, p);
    case 'recommendations':
      return answerRecommendations(wh, p);
    case 'unit_cost':
      return answerUnitCost(wh, p);
    case 'data_quality':
      return answerQuality(wh);
    case 'ai_spend':
    case 'gpu':
      return answerByTool(wh, p.intent, p, actor, now);
    default:
      return unsupported('that kind of question is not supported');
  }
}

/** Asks which value was meant; each option is the question rewritten with that choice. */
function clarify(p: ParsedQuestion, question: string): Answer {
  const a = p.ambiguity!;
  const re = new RegExp(`\\b${a.phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  const options = a.options.map((o) =>
    re.test(question)
      ? question.replace(re, o.label.replaceAll('"', ''))
      : `${question} (${o.label})`,
  );
  return {
    intent: 'clarify',
    answer: `"${a.phrase}" could mean several things: ${a.options.map((o) => o.label).join(', ')}. Which one?`,
    values: [],
    queries: [],
    sql: [],
    clarification: { question: `Which "${a.phrase}" do you mean?`, options },
    table: { columns: ['option'], rows: a.options.map((o) => [o.label]) },
  };
}

/**
 * The answer as built, or — if a number in its text is not among its values (a bug, never a
 * data problem) — a plain refusal that keeps the values and queries for inspection.
 */
function grounded(result: AskResult): AskResult {
  const issues = groundingIssues(result);
  if (issues.length === 0) return result;
  return {
    ...result,
    answer:
      "I can't answer that reliably yet: the answer's numbers could not be checked against its queries. The values and queries are listed below.",
    warnings: [
      ...(result.warnings ?? []),
      `grounding check failed: ${issues.map((i) => i.text).join(', ')}`,
    ],
  };
}
