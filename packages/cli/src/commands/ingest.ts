/** `costlens ingest <paths…>` — one export (one or more files) in one transaction. */
import { SingleBar } from 'cli-progress';
import type { IngestPhase, IngestResult, SourceKind } from '@costlens/core';
import { CostLensError, ingestFilesInto } from '@costlens/core';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

const PHASE_LABEL: Record<IngestPhase, string> = {
  hash: 'hashing',
  read: 'reading',
  validate: 'validating',
  write: 'writing',
  reconcile: 'reconciling',
  done: 'done',
};

interface IngestCliOptions {
  format?: string;
  kind?: SourceKind;
  wait?: string;
}

export const registerIngest: RegisterCommand = (program, ctx) => {
  program
    .command('ingest')
    .description(
      'Ingest billing export files (CSV, CSV.gz, Parquet, JSON). Several files of one export go in one call; a billing period × account already stored is replaced, never doubled.',
    )
    .argument('<paths...>', 'files to ingest')
    .option('--format <id>', 'force the source format instead of detecting it')
    .option('--kind <kind>', 'force how files are read: csv | parquet | json')
    .option(
      '--wait <seconds>',
      'when another costlens process (not a server) holds the database, wait up to this long for it instead of failing (ingests then run one after the other)',
    )
    .action(async (paths: string[], opts: IngestCliOptions) => {
      const { out, openStore } = ctx();
      const waitSeconds = opts.wait === undefined ? 0 : Number(opts.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `--wait "${opts.wait}" is not a number of seconds`,
          hint: 'Use e.g. --wait 120 (0, the default, fails at once when the database is busy).',
          issues: [{ column: '--wait', message: 'expected seconds ≥ 0' }],
        });
      }
      const wh = await openStore({ waitMs: waitSeconds * 1000, forWrite: true });
      const started = Date.now();
      const bar =
        out.tty && !out.json
          ? new SingleBar({ format: ' {phase} |{bar}| {percentage}% {file}', hideCursor: true })
          : undefined;
      let current: IngestPhase = 'hash';
      let file = '';
      let timer: NodeJS.Timeout | undefined;
      if (bar) {
        bar.start(100, 0, { phase: PHASE_LABEL.hash, file: '' });
        timer = setInterval(() => {
          const p = wh.progress();
          bar.update(p ? Math.min(99, Math.round(p.percentage)) : 0, {
            phase: PHASE_LABEL[current],
            file,
          });
        }, 150);
      }
      let result: IngestResult;
      try {
        result = await ingestFilesInto(wh, paths, {
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.kind ? { kind: opts.kind } : {}),
          onPhase: (phase, detail) => {
            current = phase;
            file = detail.file ?? '';
            if (!bar && !out.json)
              out.info(`${PHASE_LABEL[phase]}${detail.file ? ` ${detail.file}` : ''}`);
          },
        });
      } finally {
        if (timer) clearInterval(timer);
        if (bar) {
          bar.update(100, { phase: PHASE_LABEL[current], file: '' });
          bar.stop();
        }
      }
      if (out.json) {
        out.data(result);
        return;
      }
      if (result.status === 'unchanged') {
        out.line('Unchanged: these files are already ingested; nothing was written.');
        return;
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      out.line(
        `Ingested ${result.rowCount} rows from ${result.files.length} file(s) as ${[...new Set(result.files.map((f) => f.format))].join(', ')} in ${secs} s (ingest ${result.ingestId}).`,
      );
      if (result.replacedPartitions > 0) {
        out.line(
          `Replaced ${result.replacedPartitions} billing period/account partition(s) from earlier ingests.`,
        );
      }
      out.line('Reconciliation (stored vs source, exact):');
      out.table(
        [
          'period',
          'account',
          'currency',
          'rows',
          'billed',
          'source billed',
          'effective',
          'source effective',
          'ok',
        ],
        result.partitions.map((p) => [
          p.billingPeriodStart?.slice(0, 7),
          p.billingAccountId,
          p.billingCurrency,
          p.rowCount,
          money(p.billedCost),
          money(p.sourceBilledCost),
          money(p.effectiveCost),
          money(p.sourceEffectiveCost),
          p.matches ? 'yes' : 'NO',
        ]),
      );
      if (result.findings.length > 0) {
        const errors = result.findings.filter((f) => f.severity === 'error').length;
        out.line(
          `${result.findings.length} data-quality finding(s) while reading (${errors} error-level); see \`costlens quality\`.`,
        );
      }
    });
};
