/**
 * The one error type CostLens throws for things that should not happen or that stop an operation.
 * What a user can fix in bulk (a bad row, a bad metric name) comes back as `Issue` values instead.
 * Each edge (CLI exit code, HTTP status, Slack/MCP text) maps `code` through one table.
 */

export type CostLensErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'SOURCE_UNREADABLE'
  | 'UNKNOWN_FORMAT'
  | 'RECONCILIATION_FAILED'
  | 'GUARDRAIL_BLOCKED'
  | 'DATABASE_BUSY'
  | 'READ_ONLY'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'INTERNAL';

/** A problem a user can fix, located as precisely as we know. */
export interface Issue {
  file?: string;
  line?: number;
  column?: string;
  message: string;
  hint?: string;
}

export class CostLensError extends Error {
  readonly code: CostLensErrorCode;
  readonly issues: readonly Issue[];
  readonly hint: string | undefined;

  constructor(opts: {
    code: CostLensErrorCode;
    message: string;
    hint?: string;
    issues?: readonly Issue[];
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CostLensError';
    this.code = opts.code;
    this.hint = opts.hint;
    this.issues = opts.issues ?? [];
  }
}

/** Formats an issue as `file:line column: message (Hint: …)`. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line === undefined ? undefined : String(issue.line)]
    .filter(Boolean)
    .join(':');
  const col = issue.column ? ` column ${issue.column}` : '';
  const prefix = where || col ? `${where}${col}: ` : '';
  return `${prefix}${issue.message}${issue.hint ? `\n  Hint: ${issue.hint}` : ''}`;
}

export function isCostLensError(e: unknown): e is CostLensError {
  return e instanceof CostLensError;
}
