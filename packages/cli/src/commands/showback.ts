/**
 * `costlens showback --month YYYY-MM [--by team]` — per team (or any dimension): direct cost,
 * shared cost received under the allocation rules, total, and the change from the month before.
 * Totals before and after allocation are printed so anyone can see nothing was lost or invented.
 */
import { showback } from '@costlens/core';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

export const registerShowback: RegisterCommand = (program, ctx) => {
  program
    .command('showback')
    .description(
      'Direct + shared cost per team (or any dimension) for a month, after allocation rules, month over month.',
    )
    .requiredOption('--month <YYYY-MM>', 'the month to report')
    .option(
      '--by <dimension>',
      'who receives costs (a normalized tag, tag:<key> or a virtual dimension)',
      'team',
    )
    .option('--metric <metric>', 'a money metric', 'effective_cost')
    .option('--sql', 'also print the SQL that read the costs')
    .option('--all', 'also list values with no cost in either month')
    .action(
      async (opts: { month: string; by: string; metric: string; sql?: boolean; all?: boolean }) => {
        const { out, openStore } = ctx();
        const wh = await openStore();
        const report = await showback(wh, { month: opts.month, by: opts.by, metric: opts.metric });
        if (out.json) return out.data(report);
        const rules = [...new Set(report.rows.flatMap((r) => Object.keys(r.sharedByRule)))].sort();
        const isZero = (v: string) => /^-?0(\.0*)?$/.test(v);
        const shown = opts.all
          ? report.rows
          : report.rows.filter(
              (r) => !isZero(r.total) || !isZero(r.previousTotal) || r.value === null,
            );
        out.line(
          `Showback of ${report.metric} by ${report.by}, ${report.month} (vs ${report.previousMonth}):`,
        );
        out.table(
          [
            report.by,
            'direct',
            ...rules.map((r) => `shared: ${r}`),
            'total',
            report.previousMonth,
            'change',
            'change %',
          ],
          shown.map((r) => [
            r.value ?? '(unallocated)',
            money(r.direct),
            ...rules.map((k) => money(r.sharedByRule[k] ?? '0')),
            money(r.total),
            money(r.previousTotal),
            money(r.delta),
            r.deltaPct === null ? '' : `${r.deltaPct.toFixed(1)}%`,
          ]),
        );
        out.line(
          `Total ${money(report.total.after)} after allocation = ${money(report.total.before)} before (exact: ${report.total.after === report.total.before ? 'equal' : 'DIFFERENT'}); ${report.previousMonth}: ${money(report.total.previous)}.`,
        );
        for (const w of report.evidence.warnings ?? []) out.info(`warning: ${w}`);
        if (shown.length < report.rows.length) {
          out.info(
            `${report.rows.length - shown.length} value(s) with no cost in either month not shown (--all).`,
          );
        }
        if (rules.length === 0) {
          out.info(
            'No shared-cost rules apply to this dimension; see `costlens allocation example`.',
          );
        }
        if (opts.sql) {
          out.line();
          out.line(report.evidence.sql);
          out.line(`-- params: ${JSON.stringify(report.evidence.params)}`);
        }
      },
    );
};
