/** Every API resource, one module each. Each route must also appear in access-policy.ts. */
import type { RegisterRoutes } from '../app-types.ts';
import { registerAiSpendRoutes } from './ai-spend.ts';
import { registerAnomalyRoutes } from './anomalies.ts';
import { registerAskRoutes } from './ask.ts';
import { registerAuditRoutes } from './audit.ts';
import { registerForecastRoutes } from './forecast.ts';
import { registerGpuRoutes } from './gpu.ts';
import { registerHealthRoutes } from './health.ts';
import { registerInitiativeRoutes } from './initiatives.ts';
import { registerMcpRoutes } from './mcp.ts';
import { registerMetricRoutes } from './metrics.ts';
import { registerQualityRoutes } from './quality.ts';
import { registerQueryRoutes } from './query.ts';
import { registerRecommendationRoutes } from './recommendations.ts';
import { registerShowbackRoutes } from './showback.ts';
import { registerSourceRoutes } from './sources.ts';
import { registerSqlRoutes } from './sql.ts';
import { registerTokenRoutes } from './tokens.ts';

export const ROUTES: readonly RegisterRoutes[] = [
  registerHealthRoutes,
  registerQueryRoutes,
  registerMetricRoutes,
  registerShowbackRoutes,
  registerSourceRoutes,
  registerQualityRoutes,
  registerAuditRoutes,
  registerTokenRoutes,
  registerSqlRoutes,
  registerRecommendationRoutes,
  registerForecastRoutes,
  registerAnomalyRoutes,
  registerInitiativeRoutes,
  registerGpuRoutes,
  registerAskRoutes,
  registerMcpRoutes,
  registerAiSpendRoutes,
];
