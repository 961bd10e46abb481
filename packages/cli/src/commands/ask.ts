/**
 * `costlens ask "<question>"` — a plain-language cost question answered by the assistant (offline
 * unless a model is configured; relevant notes cited):
 * the answer, a small table, and the semantic queries and SQL behind every number. `--json`
 * prints the whole AskResult; `--patterns` lists what people keep asking. When `costlens serve`
 * holds the database the question goes to its API, so it is answered and logged there.
 */
import {
  ask as askAssistant,
  assistantRuntime,
  assistantSettingsFrom,
  questionPatterns,
  redactText,
  saveAnswer,
} from '@costlens/core';
import type { AskResult, QuestionPattern } from '@costlens/core';
import type { CommandContext } from '../context.ts';
import type { RegisterCommand } from './types.ts';

interface AskOptions {
  patterns?: boolean;
  save?: boolean;
  since?: string;
  fyStart?: string;
  asOf?: string;
}

export const registerAsk: RegisterCommand = (program, ctx) => {
  program
    .command('ask')
    .description(
      'Ask a cost question in plain language, e.g. costlens ask "top 5 services last month"',
    )
    .argument('[question...]', 'the question (quote it or not)')
    .option('--patterns', 'list the most asked question patterns instead')
    .option(
      '--save',
      'keep this answer (redacted) in the answers folder, so later questions cite it',
    )
    .option('--since <date>', 'with --patterns: only questions asked since this day (YYYY-MM-DD)')
    .option('--fy-start <month>', 'first month of the fiscal year, 1-12 (default 1)')
    .option(
      '--as-of <date>',
      'read "this month", "yesterday"… as of this day (default: the data\'s last day)',
    )
    .action(async (words: string[], opts: AskOptions) => {
      const c = ctx();
      if (opts.patterns) return printPatterns(c, await patterns(c, opts.since));
      const question = words.join(' ').trim();
      if (!question) {
        c.out.info('Ask a question, e.g. costlens ask "How much did we spend on EC2 last month?"');
        return;
      }
      const result = await ask(c, question, opts);
      if (opts.save) {
        const settings = assistantSettingsFrom(process.env, c.config.assistant, c.config.baseDir);
        c.out.info(`saved to ${saveAnswer(settings.answersDir, result, { redact: redactText })}`);
      }
      if (c.out.json) return c.out.data(result);
      printResult(c, result);
    });
};

async function ask(c: CommandContext, question: string, opts: AskOptions): Promise<AskResult> {
  const fy = opts.fyStart === undefined ? undefined : Number(opts.fyStart);
  const now = opts.asOf ? new Date(`${opts.asOf}T00:00:00Z`) : undefined;
  const server = c.server();
  if (server) {
    return server.request<AskResult>('POST', '/api/ask', {
      question,
      ...(fy ? { fiscalYearStartMonth: fy } : {}),
      ...(opts.asOf ? { asOf: opts.asOf } : {}),
    });
  }
  const wh = await c.openStore();
  // The configured model when there is one (COSTLENS_LLM_* or config), else offline; notes cited.
  const settings = assistantSettingsFrom(process.env, c.config.assistant, c.config.baseDir);
  return askAssistant(wh, question, {
    ...assistantRuntime(settings),
    actor: c.actor,
    channel: 'cli',
    ...(fy ? { fiscalYearStartMonth: fy } : {}),
    ...(now && !Number.isNaN(now.getTime()) ? { now } : {}),
  });
}

async function patterns(c: CommandContext, since: string | undefined): Promise<QuestionPattern[]> {
  const server = c.server();
  if (server) {
    const r = await server.request<{ patterns: QuestionPattern[] }>(
      'GET',
      `/api/ask/patterns${since ? `?since=${encodeURIComponent(since)}` : ''}`,
    );
    return r.patterns;
  }
  const wh = await c.openStore();
  return questionPatterns(wh, since ? { since: new Date(`${since}T00:00:00Z`) } : {});
}

function printResult(c: CommandContext, r: AskResult): void {
  const { out } = c;
  out.line(r.answer);
  if (r.clarification?.options?.length) {
    out.line();
    out.line(r.clarification.question);
    for (const o of r.clarification.options) out.line(`  costlens ask "${o}"`);
    return;
  }
  if (r.table && r.table.rows.length > 0) {
    out.line();
    out.table(r.table.columns, r.table.rows.slice(0, 25));
  }
  for (const w of r.warnings ?? []) out.info(`warning: ${w}`);
  if (r.citations?.length) {
    out.line();
    out.line('Notes:');
    for (const n of r.citations) out.line(`  ${n.title} (${n.id}): ${n.snippet}`);
  }
  if (r.queries.length === 0 && !r.analyses?.length) return;
  out.line();
  out.line('Behind it:');
  r.queries.forEach((q, i) => {
    out.line(`  query ${i + 1}: ${JSON.stringify(q)}`);
    if (r.sql[i]) out.line(`  sql ${i + 1}: ${r.sql[i]!.replace(/\s+/g, ' ')}`);
  });
  for (const a of r.analyses ?? []) out.line(`  analysis: ${a.tool} ${JSON.stringify(a.args)}`);
}

function printPatterns(c: CommandContext, list: readonly QuestionPattern[]): void {
  if (c.out.json) return c.out.data(list);
  if (list.length === 0) {
    c.out.info('No questions asked yet.');
    return;
  }
  c.out.table(
    ['asked', 'answered', 'intent', 'pattern', 'latest example'],
    list.map((p) => [p.count, p.answered, p.intent, p.template, p.example]),
  );
}
