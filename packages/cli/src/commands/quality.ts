/**
 * `costlens quality` — the data-quality report: FOCUS conformance (from the validator's rule
 * model), FinOps checks and what ingest read leniently. Grouped by severity on a terminal, one
 * tab-separated line per finding when piped, the whole report with --json. `--fail-on` turns
 * findings at or above a severity into exit code 7, for CI gates.
 */
import { CostLensError, SEVERITY_RANK, qualityReport } from '@costlens/core';
import type { QualityFinding, QualityReport, Severity } from '@costlens/core';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const IDENTIFYING = new Set([
  'BillingAccountId',
  'ChargePeriodStart',
  'ChargeCategory',
  'ServiceName',
  'ResourceId',
  'BilledCost',
]);

interface QualityFlags {
  failOn?: string;
  applicability?: string;
  notChecked?: boolean;
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (value === 'error' || value === 'warning' || value === 'info') return value;
  throw new CostLensError({
    code: 'INVALID_INPUT',
    message: `--fail-on must be error, warning or info (got "${value}").`,
    hint: 'Use --fail-on error to fail only on MUST violations and other errors.',
  });
}

function exampleText(f: QualityFinding): string {
  if (!f.example) return '';
  const e = f.example;
  const where =
    e['x_source_file'] !== undefined
      ? `${String(e['x_source_file']).split('/').pop()}:${String(e['x_source_line'] ?? '?')}`
      : '';
  // The checked column first, then the other columns the check reads, then identifying ones.
  const rank = (k: string) => (k === f.column ? 0 : IDENTIFYING.has(k) ? 2 : 1);
  const rest = Object.entries(e)
    .filter(([k, v]) => !k.startsWith('x_source') && v !== null)
    .sort(([a], [b]) => rank(a) - rank(b))
    .slice(0, 5)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [where, ...rest].filter(Boolean).join(' ');
}

function printPretty(out: Output, report: QualityReport, showNotChecked: boolean): void {
  const s = report.summary;
  out.line(
    `Data quality: score ${s.score}/100 — ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info — ${s.rows} rows, ${money(s.totalCost)} |BilledCost|`,
  );
  out.line(
    `FOCUS ${report.model.focusVersion} validator model: ${s.rulesChecked} rules checked (${s.rulesPassed} passed), ${s.rulesNotApplicable} not applicable, ${report.notChecked.length} not checked.`,
  );
  for (const sev of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === sev);
    if (list.length === 0) continue;
    out.line();
    out.line(`${sev.toUpperCase()} (${list.length})`);
    for (const f of list) {
      out.line(
        `  ${f.check}${f.column ? ` [${f.column}]` : ''} — ${f.rowsAffected} rows, ${money(f.costAffected)} (${f.source})`,
      );
      out.line(`      ${f.message}`);
      const ex = exampleText(f);
      if (ex) out.line(`      e.g. ${ex}`);
    }
  }
  if (showNotChecked) {
    out.line();
    out.line(`NOT CHECKED (${report.notChecked.length})`);
    out.table(
      ['rule', 'keyword', 'reason'],
      report.notChecked.map((n) => [n.ruleId, n.keyword, n.reason]),
    );
  } else if (report.notChecked.length > 0) {
    out.info(
      `${report.notChecked.length} rules are stated only in prose or not applicable as declared; --not-checked lists them.`,
    );
  }
  out.info(report.costBasis);
}

export const registerQuality: RegisterCommand = (program, ctx, setExitCode) => {
  program
    .command('quality')
    .description(
      'Data-quality report: FOCUS conformance (validator rule model: MUST → error, SHOULD → warning, MAY → info), FinOps checks (owner tags, unallocated and negative cost, missing resource ids, currency mix, daily gaps) and ingest findings.',
    )
    .option(
      '--fail-on <severity>',
      'exit 7 when findings at or above this severity exist (error | warning | info)',
    )
    .option(
      '--applicability <criteria>',
      'comma-separated provider capabilities to assume (e.g. COMMITMENT_DISCOUNT_SUPPORTED), or "all"',
    )
    .option('--not-checked', 'list the validator rules that were not checked, with the reason')
    .action(async (flags: QualityFlags) => {
      const failOn = parseFailOn(flags.failOn);
      const { out, openStore, config } = ctx();
      // Opened for writing so an older database gets migrated (ingest_column); nothing is written.
      const wh = await openStore();
      const applicability =
        flags.applicability === undefined
          ? undefined
          : flags.applicability === 'all'
            ? ('all' as const)
            : flags.applicability
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
      const report = await qualityReport(wh, {
        ownerTagKeys: config.ownerTagKeys,
        ...(applicability ? { applicability } : {}),
      });
      if (out.json) out.data(report);
      else if (report.summary.rows === 0 && report.findings.length === 0) {
        out.line('Nothing ingested yet. Run `costlens ingest <file>` first.');
      } else if (out.tty) printPretty(out, report, Boolean(flags.notChecked));
      else {
        out.table(
          ['severity', 'source', 'check', 'column', 'rows', 'cost', 'message'],
          report.findings.map((f) => [
            f.severity,
            f.source,
            f.check,
            f.column ?? '',
            f.rowsAffected,
            f.costAffected,
            f.message,
          ]),
        );
        if (flags.notChecked) {
          out.table(
            ['not_checked', 'keyword', 'reason'],
            report.notChecked.map((n) => [n.ruleId, n.keyword, n.reason]),
          );
        }
      }
      if (
        failOn &&
        report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn])
      ) {
        setExitCode(EXIT.qualityErrors);
      }
    });
};
