/**
 * Reads `nvidia-smi --query-gpu=… --format=csv` output, with or without `noheader,nounits`:
 * header cells like `memory.used [MiB]`, values like `19818 MiB`, `100 %`, `631.95 W`, `1980 MHz`,
 * and `[N/A]` / `[Not Supported]` for what a GPU does not report (MIG mode hides utilization).
 * Known fields map onto DCGM field names; other columns are ignored. A value that is neither a
 * number nor a bracketed "not available" is an error naming file, line and column.
 */
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { GpuSample } from './gpu-sample.ts';

/** The fields `costlens gpu collect` asks nvidia-smi for (in this order). */
export const NVIDIA_SMI_FIELDS = [
  'timestamp',
  'hostname',
  'name',
  'uuid',
  'index',
  'utilization.gpu',
  'utilization.memory',
  'memory.total',
  'memory.used',
  'memory.free',
  'power.draw',
  'temperature.gpu',
  'clocks.current.sm',
  'ecc.errors.uncorrected.volatile.total',
  'remapped_rows.uncorrectable',
  'remapped_rows.failure',
  'mig.mode.current',
] as const;

const METRICS: Record<string, { metric: string; type: 'gauge' | 'counter' }> = {
  'utilization.gpu': { metric: 'DCGM_FI_DEV_GPU_UTIL', type: 'gauge' },
  'utilization.memory': { metric: 'DCGM_FI_DEV_MEM_COPY_UTIL', type: 'gauge' },
  'utilization.encoder': { metric: 'DCGM_FI_DEV_ENC_UTIL', type: 'gauge' },
  'utilization.decoder': { metric: 'DCGM_FI_DEV_DEC_UTIL', type: 'gauge' },
  'memory.total': { metric: 'DCGM_FI_DEV_FB_TOTAL', type: 'gauge' },
  'memory.reserved': { metric: 'DCGM_FI_DEV_FB_RESERVED', type: 'gauge' },
  'memory.used': { metric: 'DCGM_FI_DEV_FB_USED', type: 'gauge' },
  'memory.free': { metric: 'DCGM_FI_DEV_FB_FREE', type: 'gauge' },
  'power.draw': { metric: 'DCGM_FI_DEV_POWER_USAGE', type: 'gauge' },
  'power.limit': { metric: 'DCGM_FI_DEV_POWER_MGMT_LIMIT', type: 'gauge' },
  'temperature.gpu': { metric: 'DCGM_FI_DEV_GPU_TEMP', type: 'gauge' },
  'temperature.memory': { metric: 'DCGM_FI_DEV_MEMORY_TEMP', type: 'gauge' },
  'clocks.current.sm': { metric: 'DCGM_FI_DEV_SM_CLOCK', type: 'gauge' },
  'clocks.sm': { metric: 'DCGM_FI_DEV_SM_CLOCK', type: 'gauge' },
  'clocks.current.memory': { metric: 'DCGM_FI_DEV_MEM_CLOCK', type: 'gauge' },
  'ecc.errors.uncorrected.volatile.total': {
    metric: 'DCGM_FI_DEV_ECC_DBE_VOL_TOTAL',
    type: 'counter',
  },
  'ecc.errors.corrected.volatile.total': {
    metric: 'DCGM_FI_DEV_ECC_SBE_VOL_TOTAL',
    type: 'counter',
  },
  'remapped_rows.uncorrectable': {
    metric: 'DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS',
    type: 'counter',
  },
  'remapped_rows.correctable': { metric: 'DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS', type: 'counter' },
  'remapped_rows.failure': { metric: 'DCGM_FI_DEV_ROW_REMAP_FAILURE', type: 'gauge' },
};

const HEADER_CELL = /^[a-z][a-z0-9_.]*(\s*\[[^\]]*\])?$/i;

export interface NvidiaSmiOptions {
  file: string;
  /** Field list for `noheader` output (defaults to NVIDIA_SMI_FIELDS). */
  fields?: readonly string[];
  /** Hostname when the output has no usable `hostname` column. */
  hostname?: string;
  /** Time for rows without a `timestamp` column. */
  at?: Date;
}

/** `2026/07/14 08:12:38.696` (nvidia-smi's format, read as UTC) or ISO → ISO. */
function parseTimestamp(v: string): string | null {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/.exec(v);
  if (!m) return null;
  const ms = Date.parse(
    `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}Z`,
  );
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `[N/A]`, `[Not Supported]`, `N/A`, empty → null; `19818 MiB` → 19818; Yes/No → 1/0. */
function parseValue(v: string): number | null | 'bad' {
  if (v === '' || /^\[.*\]$/.test(v) || v === 'N/A') return null;
  if (/^(yes|no)$/i.test(v)) return /^yes$/i.test(v) ? 1 : 0;
  const m = /^(-?\d+(?:\.\d+)?)\s*(MiB|GiB|KiB|%|W|MHz|C)?$/.exec(v);
  if (!m) return 'bad';
  return Number(m[1]);
}

/**
 * @example parseNvidiaSmiCsv(readFileSync('smi.csv', 'utf8'), { file: 'smi.csv' })
 */
export function parseNvidiaSmiCsv(text: string, opts: NvidiaSmiOptions): GpuSample[] {
  const file = opts.file;
  const lines = text.split(/\r?\n/);
  const first = (lines[0] ?? '').split(',').map((c) => c.trim());
  const hasHeader = first.length > 0 && first.every((c) => HEADER_CELL.test(c));
  const fields = (hasHeader ? first : (opts.fields ?? NVIDIA_SMI_FIELDS)).map((c) =>
    c.replace(/\s*\[[^\]]*\]$/, '').toLowerCase(),
  );
  const issues: Issue[] = [];
  const col = (name: string) => fields.indexOf(name);
  if (col('uuid') === -1 && col('index') === -1) {
    issues.push({
      file,
      line: 1,
      message: 'no uuid or index column: cannot tell GPUs apart.',
      hint: hasHeader
        ? 'Query at least uuid (and timestamp, utilization.gpu, memory.used): nvidia-smi --query-gpu=timestamp,uuid,utilization.gpu,memory.used --format=csv'
        : 'This output has no header (noheader): pass the --query-gpu field list it was produced with.',
    });
  }
  if (issues.length) throw invalid(file, issues);
  const out: GpuSample[] = [];
  for (let i = hasHeader ? 1 : 0; i < lines.length && issues.length < 50; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== fields.length) {
      issues.push({
        file,
        line: i + 1,
        message: `${cells.length} values for ${fields.length} columns.`,
        hint: 'Every row must have one value per queried field; a capture cut off mid-row shows up here.',
      });
      continue;
    }
    const get = (name: string) => {
      const k = col(name);
      return k === -1 ? null : cells[k]!;
    };
    const tsRaw = get('timestamp');
    const ts = tsRaw === null ? ((opts.at ?? null)?.toISOString() ?? null) : parseTimestamp(tsRaw);
    if (ts === null) {
      issues.push({
        file,
        line: i + 1,
        column: 'timestamp',
        message: `timestamp "${tsRaw ?? ''}" is not a time.`,
        hint: 'nvidia-smi writes YYYY/MM/DD HH:MM:SS.mmm; without a timestamp column pass the capture time.',
      });
      continue;
    }
    const hostCell = get('hostname');
    const hostname =
      hostCell && parseValue(hostCell) !== null && !/^\[/.test(hostCell)
        ? hostCell
        : (opts.hostname ?? 'unknown');
    const index = get('index');
    const uuid = get('uuid') ?? `${hostname}/gpu${index ?? '0'}`;
    const base = {
      ts,
      hostname,
      gpuUuid: uuid,
      gpuIndex: index !== null && /^\d+$/.test(index) ? Number(index) : null,
      model: get('name'),
      migProfile: null,
      migInstance: null,
      namespace: null,
      pod: null,
      container: null,
      source: 'nvidia-smi' as const,
      sourceFile: file,
      sourceLine: i + 1,
    };
    for (const [k, field] of fields.entries()) {
      const m = METRICS[field];
      if (!m) continue;
      const v = parseValue(cells[k]!);
      if (v === 'bad') {
        issues.push({
          file,
          line: i + 1,
          column: field,
          message: `${field} "${cells[k]}" is not a number.`,
          hint: 'Values are numbers with an optional unit (MiB, %, W, MHz) or [N/A] / [Not Supported].',
        });
        continue;
      }
      if (v === null) continue;
      out.push({ ...base, metric: m.metric, metricType: m.type, value: v });
    }
  }
  if (issues.length) throw invalid(file, issues);
  return out;
}

function invalid(file: string, issues: Issue[]): CostLensError {
  return new CostLensError({
    code: 'INVALID_INPUT',
    message: `${file}: ${issues.length} problem(s) in the nvidia-smi CSV; nothing was loaded (first: line ${issues[0]?.line}: ${issues[0]?.message})`,
    hint: issues[0]?.hint,
    issues,
  });
}
