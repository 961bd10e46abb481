/** Every command, one module per resource. */
import { registerDetect } from './detect.ts';
import { registerExport } from './export.ts';
import { registerIngest } from './ingest.ts';
import { registerQuality } from './quality.ts';
import { registerRecommend } from './recommend.ts';
import { registerSources } from './sources.ts';
import { registerSql } from './sql.ts';
import type { RegisterCommand } from './types.ts';

export const COMMANDS: readonly RegisterCommand[] = [
  registerIngest,
  registerSources,
  registerSql,
  registerQuality,
  registerDetect,
  registerRecommend,
  registerExport,
];
