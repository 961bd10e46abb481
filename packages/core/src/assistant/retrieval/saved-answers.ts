/**
 * Saved past answers: an AskResult a person chose to keep, written as a markdown file (question as
 * title, the answer, its values and the queries behind them) into the answers folder, so retrieval
 * can cite it later and a person can read or delete it with ordinary tools. Text is redacted by the
 * caller-supplied function before it is written; nothing else is stored.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AskResult } from '../types.ts';

export interface SaveAnswerOptions {
  /** Applied to every line written (e.g. part of the assistant's redaction). Default: identity. */
  redact?: (text: string) => string;
  now?: Date;
}

/**
 * Writes `result` to `<dir>/<date>-<slug>.md` and returns the path.
 * @example saveAnswer('./notes/answers', result, { redact: redactText })
 */
export function saveAnswer(dir: string, result: AskResult, opts: SaveAnswerOptions = {}): string {
  const redact = opts.redact ?? ((t: string) => t);
  const day = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const slug =
    result.question
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'answer';
  const lines = [
    `# ${redact(result.question)}`,
    '',
    `Saved ${day} (${result.intent}, ${result.engine}).`,
    '',
    redact(result.answer),
    '',
    ...(result.values.length
      ? [
          '## Values',
          '',
          ...result.values.map((v) => redact(`- ${v.label}: ${v.value} ${v.unit}`)),
          '',
        ]
      : []),
    ...(result.queries.length
      ? ['## Queries', '', ...result.queries.map((q) => `- \`${redact(JSON.stringify(q))}\``), '']
      : []),
  ];
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${day}-${slug}.md`);
  writeFileSync(path, lines.join('\n'));
  return path;
}
