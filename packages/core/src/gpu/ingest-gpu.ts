/**
 * Loads GPU metrics into `gpu_sample`: dcgm-exporter scrapes (Prometheus text, from files or a
 * URL) and nvidia-smi CSV captures, detected from the content. A file is parsed completely before
 * anything is written; re-loading the same file (or source name) replaces its rows in one
 * transaction, so a re-run never double-counts.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';
import { jsonParam } from '../util/json-param.ts';
import { dcgmSamples } from './dcgm-samples.ts';
import type { GpuSample } from './gpu-sample.ts';
import { deviceIdOf } from './gpu-sample.ts';
import { parseNvidiaSmiCsv } from './nvidia-smi-csv.ts';
import { parsePrometheusText } from './prometheus-text.ts';

export type GpuFormat = 'prometheus' | 'nvidia-smi';

export interface GpuIngestOptions {
  /** Scrape / capture time for readings without their own timestamp. */
  at?: Date;
  /** Hostname when the data carries none. */
  hostname?: string;
  /** nvidia-smi field list for `noheader` captures. */
  fields?: readonly string[];
}

export interface GpuIngestResult {
  file: string;
  format: GpuFormat;
  samples: number;
  devices: number;
  hosts: string[];
  /** Where readings without a timestamp got their time: `line`, `option`, `file-name`, `file-mtime`. */
  timeSource: string;
}

/** Prometheus text vs nvidia-smi CSV, from the first lines. */
export function detectGpuFormat(text: string): GpuFormat {
  for (const raw of text.split(/\r?\n/, 50)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^#\s*(HELP|TYPE)\s/.test(line)) return 'prometheus';
    if (line.startsWith('#')) continue;
    if (/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?\s+[-+0-9.NI]/.test(line)) return 'prometheus';
    return 'nvidia-smi';
  }
  return 'prometheus';
}

/** An ISO-8601 time in a file name (`metrics-20261127T220000Z.prom`, `…2026-11-27T22:00:00Z…`). */
export function timeFromFileName(name: string): Date | null {
  const basic = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name);
  const ext = /(\d{4})-(\d{2})-(\d{2})T(\d{2})[:-]?(\d{2})[:-]?(\d{2})Z/.exec(name);
  const m = basic ?? ext;
  if (!m) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Parses text from `source` (a path or URL) into samples; throws INVALID_INPUT on bad lines. */
export function parseGpuText(
  text: string,
  source: string,
  opts: GpuIngestOptions & { mtime?: Date } = {},
): { format: GpuFormat; samples: GpuSample[]; timeSource: string } {
  const format = detectGpuFormat(text);
  const fromName = timeFromFileName(basename(source));
  const at = opts.at ?? fromName ?? opts.mtime ?? new Date();
  const timeSource = opts.at
    ? 'option'
    : fromName
      ? 'file-name'
      : opts.mtime
        ? 'file-mtime'
        : 'now';
  if (format === 'prometheus') {
    const expo = parsePrometheusText(text, source);
    const samples = dcgmSamples(expo, {
      file: source,
      scrapedAt: at,
      ...(opts.hostname ? { hostname: opts.hostname } : {}),
    });
    const stamped = expo.samples.some((s) => s.timestampMs !== undefined);
    return { format, samples, timeSource: stamped ? 'line' : timeSource };
  }
  const samples = parseNvidiaSmiCsv(text, {
    file: source,
    at,
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
    ...(opts.fields ? { fields: opts.fields } : {}),
  });
  return { format, samples, timeSource: 'line' };
}

/** Reads and loads one file. */
export async function ingestGpuFile(
  wh: Warehouse,
  file: string,
  opts: GpuIngestOptions = {},
): Promise<GpuIngestResult> {
  let text: string;
  let mtime: Date;
  try {
    text = readFileSync(file, 'utf8');
    mtime = statSync(file).mtime;
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)}).`,
      cause: e,
    });
  }
  return ingestGpuText(wh, text, file, { ...opts, mtime });
}

/** Loads text already in hand (a URL scrape, an nvidia-smi run) under the source name `source`. */
export async function ingestGpuText(
  wh: Warehouse,
  text: string,
  source: string,
  opts: GpuIngestOptions & { mtime?: Date } = {},
): Promise<GpuIngestResult> {
  const { format, samples, timeSource } = parseGpuText(text, source, opts);
  await writeSamples(wh, source, samples);
  return {
    file: source,
    format,
    samples: samples.length,
    devices: new Set(samples.map(deviceIdOf)).size,
    hosts: [...new Set(samples.map((s) => s.hostname))].sort(),
    timeSource,
  };
}

const JSON_SHAPE = JSON.stringify([
  {
    ts: 'VARCHAR',
    hostname: 'VARCHAR',
    gpuUuid: 'VARCHAR',
    gpuIndex: 'INTEGER',
    model: 'VARCHAR',
    migProfile: 'VARCHAR',
    migInstance: 'VARCHAR',
    metric: 'VARCHAR',
    metricType: 'VARCHAR',
    value: 'DOUBLE',
    namespace: 'VARCHAR',
    pod: 'VARCHAR',
    container: 'VARCHAR',
    source: 'VARCHAR',
    sourceFile: 'VARCHAR',
    sourceLine: 'BIGINT',
  },
]);

/** Replaces the rows of `source` with `samples` in one transaction. */
export async function writeSamples(
  wh: Warehouse,
  source: string,
  samples: readonly GpuSample[],
): Promise<void> {
  // ±Inf cannot travel through JSON; a GPU never reports it for the fields we read.
  const rows = samples.filter((s) => Number.isFinite(s.value));
  await wh.transaction(async (tx) => {
    await tx.exec(`DELETE FROM gpu_sample WHERE source_file = $1`, [source]);
    for (let i = 0; i < rows.length; i += 20_000) {
      await tx.exec(
        `INSERT INTO gpu_sample
         SELECT ts::TIMESTAMP, hostname, gpuUuid, gpuIndex, model, migProfile, migInstance, metric,
           metricType, value, namespace, pod, container, source, sourceFile, sourceLine
         FROM (SELECT unnest(from_json($1::JSON, '${JSON_SHAPE}'), recursive := true))`,
        [jsonParam(rows.slice(i, i + 20_000))],
      );
    }
  });
}
