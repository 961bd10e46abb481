/** Every command, one module per resource. */
import { registerAi } from './ai.ts';
import { registerAllocation } from './allocation.ts';
import { registerAnomalies } from './anomalies.ts';
import { registerAsk } from './ask.ts';
import { registerBudget } from './budget.ts';
import { registerDemo } from './demo.ts';
import { registerDetect } from './detect.ts';
import { registerExport } from './export.ts';
import { registerForecast } from './forecast.ts';
import { registerGpu } from './gpu.ts';
import { registerIngest } from './ingest.ts';
import { registerInitiative } from './initiative.ts';
import { registerMcp } from './mcp.ts';
import { registerMetrics } from './metrics.ts';
import { registerMonitors } from './monitors.ts';
import { registerQuality } from './quality.ts';
import { registerQuery } from './query.ts';
import { registerRecommend } from './recommend.ts';
import { registerServe } from './serve.ts';
import { registerShowback } from './showback.ts';
import { registerSlack } from './slack.ts';
import { registerSources } from './sources.ts';
import { registerSql } from './sql.ts';
import { registerStart } from './start.ts';
import { registerToken } from './token.ts';
import type { RegisterCommand } from './types.ts';
import { registerUtilization } from './utilization.ts';

export const COMMANDS: readonly RegisterCommand[] = [
  registerIngest,
  registerSources,
  registerSql,
  registerQuery,
  registerAsk,
  registerShowback,
  registerMetrics,
  registerAllocation,
  registerQuality,
  registerDetect,
  registerAnomalies,
  registerMonitors,
  registerRecommend,
  registerServe,
  registerSlack,
  registerStart,
  registerToken,
  registerExport,
  registerDemo,
  registerForecast,
  registerBudget,
  registerUtilization,
  registerInitiative,
  registerGpu,
  registerMcp,
  registerAi,
];
