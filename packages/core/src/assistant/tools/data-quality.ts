/**
 * `data_quality`: the data-quality report in brief — score, counts by severity and the worst
 * findings (rows and cost affected). Read-only; the full report is `costlens quality`.
 */
import { z } from 'zod';
import { qualityReport } from '../../quality/quality-report.ts';
import type { AssistantTool } from '../types.ts';

export const DataQualityArgs = z
  .object({ limit: z.number().int().min(1).max(50).default(10) })
  .strict();

export const dataQualityTool: AssistantTool<z.infer<typeof DataQualityArgs>> = {
  name: 'data_quality',
  description:
    'Data-quality report of the stored billing data: score 0-100, error/warning/info counts and the worst findings (FOCUS conformance, missing owner tags, unallocated or negative cost, gaps).',
  inputSchema: DataQualityArgs,
  minRole: 'viewer',
  async run(ctx, args) {
    const report = await qualityReport(ctx.wh);
    const s = report.summary;
    const findings = report.findings.slice(0, args.limit).map((f) => ({
      severity: f.severity,
      check: f.check,
      ...(f.column ? { column: f.column } : {}),
      message: f.message,
      rowsAffected: f.rowsAffected,
      costAffected: f.costAffected,
    }));
    const values = [
      { label: 'data quality score', value: s.score, unit: 'score' },
      { label: 'errors', value: s.errors, unit: 'count' },
      { label: 'warnings', value: s.warnings, unit: 'count' },
      { label: 'rows checked', value: s.rows, unit: 'count' },
      ...findings.flatMap((f) => [
        { label: `${f.check} rows affected`, value: f.rowsAffected, unit: 'count' },
        { label: `${f.check} cost affected`, value: f.costAffected, unit: 'USD' },
      ]),
    ].map((v) => ({ ...v, source: { kind: 'analysis' as const, index: 0 } }));
    return {
      summary: `Data quality score ${s.score}/100: ${s.errors} error(s), ${s.warnings} warning(s) over ${s.rows} rows.`,
      values,
      data: { summary: s, findings },
    };
  },
};
