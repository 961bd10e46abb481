/** Reads the alerting settings JSON (`{ channels, rules, digest?, budgets? }`) named on the command line. */
import { readFileSync } from 'node:fs';
import { CostLensError, parseAlertingConfig } from '@costlens/core';
import type { AlertingConfig } from '@costlens/core';

export function readAlertingFile(path: string): AlertingConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${path}: cannot read the alerting settings (${e instanceof Error ? e.message : String(e)})`,
      hint: 'The file must be JSON: { "channels": [...], "rules": [...], "digest": { "channels": [...] }, "budgets": { "channels": [...] } }.',
    });
  }
  return parseAlertingConfig(raw, path);
}
