/**
 * What was sent to a model, recorded before it leaves the process: one entry per HTTP request
 * (time, provider, model, URL, the request body as sent — already redacted — and how many
 * redactions of each kind were made for this answer). Headers are never recorded: they carry the
 * API key. The default log appends JSON lines to a file; tests may keep entries in memory.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SentEntry {
  at: string;
  engine: string;
  url: string;
  /** The request body as sent (parsed JSON when it is JSON). */
  body: unknown;
  /** Redactions made in this answer so far, by kind. */
  redactions: Record<string, number>;
  actor?: string;
}

export interface SendLog {
  record(entry: SentEntry): void;
}

/**
 * Appends each entry as one JSON line to `path` (created with its folder when missing).
 * @example jsonlSendLog('.costlens/llm-sent.jsonl')
 */
export function jsonlSendLog(path: string): SendLog {
  return {
    record(entry) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
  };
}

/** Keeps entries in memory (tests, or a caller that stores them itself). */
export function memorySendLog(): SendLog & { entries: SentEntry[] } {
  const entries: SentEntry[] = [];
  return { entries, record: (e) => void entries.push(e) };
}
