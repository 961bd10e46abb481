/**
 * The assistant's question log and the patterns in it, so a FinOps team sees what people keep
 * asking. Questions and actors are redacted before they are written (redact.ts); the template
 * replaces numbers, dates, time words and matched entity values with slots, so "EC2 spend last
 * month" and "S3 spend in March" group together as "{entity} spend {time}".
 */
import { randomUUID } from 'node:crypto';
import type { Warehouse } from '../store/warehouse.ts';
import { redactText } from './redact.ts';
import type { AskIntent } from './types.ts';

export interface LogQuestionInput {
  question: string;
  intent: AskIntent;
  engine: string;
  answered: boolean;
  latencyMs: number;
  actor?: string;
  channel?: string;
  /** Entity phrases matched in the question (replaced by `{entity}` in the template). */
  entities?: readonly string[];
  /** Time phrases matched in the question (replaced by `{time}`). */
  times?: readonly string[];
  at?: Date;
}

export interface QuestionPattern {
  intent: AskIntent;
  template: string;
  count: number;
  answered: number;
  lastAskedAt: string;
  /** One (redacted) question of this pattern, the latest. */
  example: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The question with slots for what varies: `{time}`, `{entity}`, `{n}`, `{date}`, `{id}`.
 * @example questionTemplate('Top 5 services last month', { times: ['last month'] }) // 'top {n} services {time}'
 */
export function questionTemplate(
  question: string,
  found: { entities?: readonly string[]; times?: readonly string[] } = {},
): string {
  let t = redactText(question).toLowerCase().replace(/[’']/g, "'");
  const slot = (phrases: readonly string[] | undefined, name: string) => {
    for (const p of [...(phrases ?? [])].sort((a, b) => b.length - a.length)) {
      if (p.trim()) t = t.replace(new RegExp(`\\b${escape(p.toLowerCase())}\\b`, 'g'), name);
    }
  };
  slot(found.times, '{time}');
  slot(found.entities, '{entity}');
  t = t
    .replace(/<[a-z-]+>/g, '{id}')
    .replace(/\b\d{4}-\d{2}(-\d{2})?\b/g, '{date}')
    .replace(/\$?\d[\d,]*(\.\d+)?%?/g, '{n}')
    .replace(/[?!.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t;
}

/** Actors are kept as `token:<id>` / `cli:<user>` ids; anything else (an email) is redacted. */
function redactActor(actor: string): string {
  const kept = /^(token|cli|slack|mcp|web|system):[\w.-]{1,64}$/.test(actor);
  return (kept ? actor : redactText(actor)).slice(0, 200);
}

/**
 * Writes one question (redacted) to the log.
 * @example await logQuestion(wh, { question: 'total cost', intent: 'total', engine: 'offline', answered: true, latencyMs: 12 })
 */
export async function logQuestion(wh: Warehouse, input: LogQuestionInput): Promise<string> {
  const id = `q_${randomUUID().slice(0, 12)}`;
  const at = (input.at ?? new Date()).toISOString();
  await wh.exec(
    `INSERT INTO assistant_question VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      at,
      redactText(input.question).slice(0, 2000),
      questionTemplate(input.question, input).slice(0, 500),
      input.intent,
      input.engine,
      input.answered,
      Math.max(0, Math.round(input.latencyMs)),
      input.actor ? redactActor(input.actor) : null,
      input.channel?.slice(0, 40) ?? null,
    ],
  );
  return id;
}

/**
 * The most asked question patterns: grouped by intent and template, most asked first.
 * @example await questionPatterns(wh, { since: new Date('2026-06-01') })
 */
export async function questionPatterns(
  wh: Warehouse,
  opts: { since?: Date; limit?: number } = {},
): Promise<QuestionPattern[]> {
  const rows = await wh.query<{
    intent: AskIntent;
    template: string;
    n: number;
    answered: number;
    last_at: string;
    example: string;
  }>(
    `SELECT intent, template, count(*)::INTEGER AS n, count(*) FILTER (WHERE answered)::INTEGER AS answered,
       strftime(max(asked_at), '%Y-%m-%dT%H:%M:%SZ') AS last_at, arg_max(question, asked_at) AS example
     FROM assistant_question
     WHERE $1::TIMESTAMP IS NULL OR asked_at >= $1::TIMESTAMP
     GROUP BY intent, template
     ORDER BY n DESC, last_at DESC, template
     LIMIT $2`,
    [opts.since ? opts.since.toISOString() : null, Math.max(1, Math.min(opts.limit ?? 20, 500))],
  );
  return rows.map((r) => ({
    intent: r.intent,
    template: r.template,
    count: Number(r.n),
    answered: Number(r.answered),
    lastAskedAt: r.last_at,
    example: r.example,
  }));
}
