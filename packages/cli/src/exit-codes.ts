/** The one table from error codes to process exit codes (documented in the README). */
import type { CostLensErrorCode } from '@costlens/core';

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidInput: 3,
  reconciliation: 4,
  databaseBusy: 5,
  notFound: 6,
  qualityErrors: 7,
} as const;

export const EXIT_BY_CODE: Record<CostLensErrorCode, number> = {
  INVALID_INPUT: EXIT.invalidInput,
  UNKNOWN_FORMAT: EXIT.invalidInput,
  SOURCE_UNREADABLE: EXIT.invalidInput,
  RECONCILIATION_FAILED: EXIT.reconciliation,
  DATABASE_BUSY: EXIT.databaseBusy,
  NOT_FOUND: EXIT.notFound,
  GUARDRAIL_BLOCKED: EXIT.invalidInput,
  READ_ONLY: EXIT.usage,
  UNAUTHORIZED: EXIT.usage,
  FORBIDDEN: EXIT.usage,
  INTERNAL: EXIT.internal,
};
