/** Printing: pretty for a person at a terminal, plain and machine-readable when piped or --json. */
import Table from 'cli-table3';

export interface Output {
  readonly json: boolean;
  readonly tty: boolean;
  /** Machine-readable result on stdout. */
  data(value: unknown): void;
  /** Human text on stdout. */
  line(text?: string): void;
  /** Status and diagnostics on stderr (never mixed into data). */
  info(text: string): void;
  table(head: readonly string[], rows: readonly (readonly unknown[])[]): void;
}

export function createOutput(
  opts: { json: boolean },
  stdout = process.stdout,
  stderr = process.stderr,
): Output {
  const tty = Boolean(stdout.isTTY);
  // `costlens … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return {
    json: opts.json,
    tty,
    data: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    line: (text = '') => stdout.write(`${text}\n`),
    info: (text) => stderr.write(`${text}\n`),
    table(head, rows) {
      if (!tty) {
        stdout.write(`${[head, ...rows].map((r) => r.map(cell).join('\t')).join('\n')}\n`);
        return;
      }
      const t = new Table({ head: [...head], style: { head: [], border: [] } });
      for (const r of rows) t.push(r.map(cell));
      stdout.write(`${t.toString()}\n`);
    },
  };
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Formats a decimal string as money without float conversion: `1234.5` → `1,234.50`. */
export function money(value: string | null | undefined, currency = ''): string {
  if (value === null || value === undefined) return '';
  const neg = value.startsWith('-');
  const [int = '0', frac = ''] = (neg ? value.slice(1) : value).split('.');
  const cents = (frac + '000').slice(0, 3);
  let whole = BigInt(int);
  let c = Number(cents.slice(0, 2));
  if (Number(cents[2]) >= 5) c += 1;
  if (c === 100) {
    whole += 1n;
    c = 0;
  }
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${String(c).padStart(2, '0')}${currency ? ` ${currency}` : ''}`;
}
