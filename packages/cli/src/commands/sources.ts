/** `costlens sources` — the ingest manifest. */
import { listSources } from '@costlens/core';
import { money } from '../output.ts';
import type { RegisterCommand } from './types.ts';

export const registerSources: RegisterCommand = (program, ctx) => {
  program
    .command('sources')
    .description(
      'List what was ingested: files, formats, hashes, billing periods, totals, and what replaced what.',
    )
    .action(async () => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const sources = await listSources(wh);
      if (out.json) {
        out.data(sources);
        return;
      }
      if (sources.length === 0) {
        out.line('Nothing ingested yet. Run `costlens ingest <file>`.');
        return;
      }
      out.table(
        ['ingest', 'status', 'format', 'finished', 'rows', 'files', 'periods', 'billed (active)'],
        sources.map((s) => {
          const active = s.partitions.filter((p) => p.replacedBy === null);
          const billed = active.reduce((sum, p) => addDecimal(sum, p.billedCost), '0');
          return [
            s.ingestId,
            s.status,
            s.format,
            s.finishedAt,
            s.rowCount,
            s.files.map((f) => f.path.split('/').pop()).join(', '),
            [...new Set(s.partitions.map((p) => p.billingPeriodStart?.slice(0, 7)))].join(', '),
            money(billed),
          ];
        }),
      );
    });
};

/** Adds two decimal strings exactly (scaled BigInt). */
export function addDecimal(a: string, b: string): string {
  const scale = 15;
  const toInt = (s: string) => {
    const neg = s.startsWith('-');
    const [i = '0', f = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(i + (f + '0'.repeat(scale)).slice(0, scale));
    return neg ? -v : v;
  };
  const sum = toInt(a) + toInt(b);
  const neg = sum < 0n;
  const digits = (neg ? -sum : sum).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
