/**
 * `costlens gpu …` — the GPU fleet: ingest dcgm-exporter scrapes and nvidia-smi captures (and a
 * host map), collect from nvidia-smi on this machine or a dcgm-exporter URL, show the fleet and
 * the utilization × criticality matrix (optionally saved as recommendations), keep the
 * criticality registry. Thin: core parses, computes and audits; this file runs processes and prints.
 */
import { spawnSync } from 'node:child_process';
import { hostname as osHostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import {
  buildGpuMatrix,
  computeGpuFleet,
  CostLensError,
  CRITICALITY_SCOPES,
  CriticalityEntry,
  gpuRecommendations,
  gpuTimeline,
  ingestGpuFile,
  ingestGpuText,
  ingestHostMap,
  listCriticality,
  loadCriticalityFile,
  NVIDIA_SMI_FIELDS,
  setCriticality,
} from '@costlens/core';
import type { GpuIngestResult } from '@costlens/core';
import type { Output } from '../output.ts';
import type { RegisterCommand } from './types.ts';

const actor = () => `cli:${userInfo().username}`;

/** `H100=4.10` pairs → a price table. */
function prices(list: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list) {
    const m = /^(.+)=(\d+(\.\d+)?)$/.exec(p);
    if (!m) {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `--price "${p}" is not MODEL=USD_PER_GPU_HOUR`,
        hint: 'e.g. --price H100=4.10 --price A10G=1.00',
      });
    }
    out[m[1]!] = m[2]!;
  }
  return out;
}

const collectList = (v: string, prev: string[] = []) => [...prev, v];
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);
const usd = (v: string | null) => (v === null ? '—' : `$${Number(v).toFixed(2)}`);

function printIngest(out: Output, results: readonly GpuIngestResult[]): void {
  if (out.json) return out.data(results);
  for (const r of results) {
    out.line(
      `${r.file}: ${r.format}, ${r.samples} samples, ${r.devices} devices on ${r.hosts.join(', ') || '—'} (time from ${r.timeSource})`,
    );
  }
}

/** Fields every driver since the Kepler era answers; the fallback when a newer field is refused. */
const BASIC_FIELDS = [
  'timestamp',
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
];

function spawnSmi(fields: readonly string[]) {
  const args = [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
  return spawnSync('nvidia-smi', args, { encoding: 'utf8', timeout: 30_000 });
}

/**
 * Runs nvidia-smi (found on PATH) and returns its CSV with the fields it answered; older drivers
 * that refuse a field (`hostname`, `remapped_rows.*`) are asked again for the basic set.
 */
export function runNvidiaSmi(): { text: string; fields: readonly string[] } {
  let fields: readonly string[] = NVIDIA_SMI_FIELDS;
  let r = spawnSmi(fields);
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message:
        'nvidia-smi was not found on PATH: this machine has no NVIDIA driver (or it is not on PATH).',
      hint: 'Run collect on a GPU host, scrape a dcgm-exporter with --url http://host:9400/metrics, or load captures with costlens gpu ingest.',
    });
  }
  if (!r.error && r.status !== 0 && /not a valid field/i.test(`${r.stdout}${r.stderr}`)) {
    fields = BASIC_FIELDS;
    r = spawnSmi(fields);
  }
  if (r.error || r.status !== 0) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `nvidia-smi failed (exit ${r.status ?? 'none'}): ${(r.stderr || r.stdout || r.error?.message || '').trim().slice(0, 300)}`,
      hint: 'Check the driver with `nvidia-smi` on its own.',
    });
  }
  return { text: r.stdout, fields };
}

export const registerGpu: RegisterCommand = (program, ctx) => {
  const gpu = program
    .command('gpu')
    .description(
      'GPU fleet: DCGM / nvidia-smi metrics, utilization, idle $, and the utilization × criticality matrix.',
    );

  gpu
    .command('ingest')
    .description(
      'Load dcgm-exporter scrapes (Prometheus text) or nvidia-smi --query-gpu CSV captures.',
    )
    .argument('[files...]', 'metric files (format detected from the content)')
    .option(
      '--at <iso>',
      'time of readings without a timestamp (default: from the file name, else its mtime)',
    )
    .option('--hostname <name>', 'hostname for data that carries none')
    .option('--fields <list>', 'comma-separated --query-gpu fields of a noheader capture')
    .option(
      '--host-map <file>',
      'hostname → resource id inventory (hostname,resource_id[,instance_type][,team])',
    )
    .action(
      async (
        files: string[],
        opts: { at?: string; hostname?: string; fields?: string; hostMap?: string },
      ) => {
        const { out, openStore } = ctx();
        const wh = await openStore();
        if (opts.hostMap) {
          const r = await ingestHostMap(wh, resolve(opts.hostMap));
          if (!out.json) out.line(`${opts.hostMap}: ${r.hosts} hosts mapped`);
        }
        const at = opts.at ? new Date(opts.at) : undefined;
        if (at && Number.isNaN(at.getTime())) {
          throw new CostLensError({
            code: 'INVALID_INPUT',
            message: `--at "${opts.at}" is not a time`,
            hint: 'Use ISO 8601, e.g. 2026-11-28T10:00:00Z.',
          });
        }
        const results = [];
        for (const f of files) {
          results.push(
            await ingestGpuFile(wh, resolve(f), {
              ...(at ? { at } : {}),
              ...(opts.hostname ? { hostname: opts.hostname } : {}),
              ...(opts.fields ? { fields: opts.fields.split(',').map((s) => s.trim()) } : {}),
            }),
          );
        }
        printIngest(out, results);
      },
    );

  gpu
    .command('collect')
    .description(
      'Collect now: run nvidia-smi on this machine, or scrape a dcgm-exporter URL (--url), --count times every --interval seconds.',
    )
    .option('--url <url>', 'dcgm-exporter metrics URL, e.g. http://gpu-node:9400/metrics')
    .option('--interval <seconds>', 'seconds between collections', '30')
    .option('--count <n>', 'collections to make', '1')
    .action(async (opts: { url?: string; interval: string; count: string }) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const count = Math.max(1, Number(opts.count) || 1);
      const results: GpuIngestResult[] = [];
      for (let i = 0; i < count; i++) {
        if (i > 0)
          await new Promise((r) => setTimeout(r, Math.max(0, Number(opts.interval)) * 1000));
        const at = new Date();
        if (opts.url) {
          let text: string;
          try {
            const res = await fetch(opts.url, { signal: AbortSignal.timeout(15_000) });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            text = await res.text();
          } catch (e) {
            throw new CostLensError({
              code: 'SOURCE_UNREADABLE',
              message: `${opts.url}: cannot scrape (${e instanceof Error ? e.message : String(e)}).`,
              hint: 'Check the exporter is up: curl the URL; dcgm-exporter listens on :9400/metrics by default.',
            });
          }
          results.push(await ingestGpuText(wh, text, `${opts.url}#${at.toISOString()}`, { at }));
        } else {
          const smi = runNvidiaSmi();
          results.push(
            await ingestGpuText(wh, smi.text, `nvidia-smi@${osHostname()}#${at.toISOString()}`, {
              at,
              hostname: osHostname(),
              fields: smi.fields,
            }),
          );
        }
      }
      printIngest(out, results);
    });

  gpu
    .command('fleet')
    .description(
      'Per GPU / MIG slice: effective utilization, allocation, idle hours, composite score, cost and idle $.',
    )
    .option('--days <n>', 'window in days back from the last sample', '7')
    .option(
      '--price <model=usd>',
      'price per GPU-hour for hosts not in the bill (repeatable)',
      collectList,
    )
    .action(async (opts: { days: string; price?: string[] }) => {
      const { out, openStore } = ctx();
      const fleet = await computeGpuFleet(await openStore(), {
        windowDays: Number(opts.days),
        pricePerGpuHour: prices(opts.price),
      });
      if (out.json) return out.data(fleet);
      out.line(`GPU fleet ${fleet.window.start} … ${fleet.window.end}`);
      out.table(
        [
          'device',
          'host',
          'model',
          'busy',
          'alloc',
          'score',
          'cost',
          'idle $',
          '$/useful h',
          'cost basis',
        ],
        fleet.devices.map((d) => [
          d.id,
          d.hostname,
          d.migProfile ? `${d.model ?? ''} ${d.migProfile}` : (d.model ?? ''),
          `${pct(d.effectiveUtilization)}${d.fallback ? ' *' : ''}`,
          pct(d.allocationRate),
          d.compositeScore ?? '—',
          usd(d.costUsd),
          usd(d.idleUsd),
          usd(d.costPerUsefulGpuHourUsd),
          d.costBasis,
        ]),
      );
      const t = fleet.totals;
      out.line(
        `Total ${usd(t.costUsd)}, idle ${usd(t.idleUsd)} (allocated but idle ${usd(t.allocatedIdleUsd)}, unallocated ${usd(t.unallocatedUsd)}); allocation ${pct(t.allocationRate)}, effective utilization ${pct(t.effectiveUtilization)}.`,
      );
      for (const n of fleet.notes) out.line(`* ${n}`);
    });

  gpu
    .command('matrix')
    .description(
      'The utilization × criticality 2×2 with $ and reasons; --save turns placements into recommendations.',
    )
    .option('--days <n>', 'window in days back from the last sample', '7')
    .option('--high-use-at <ratio>', 'effective utilization from which use is high', '0.4')
    .option(
      '--price <model=usd>',
      'price per GPU-hour for hosts not in the bill (repeatable)',
      collectList,
    )
    .option('--save', 'save the placements as recommendations (guardrail-checked)')
    .action(async (opts: { days: string; highUseAt: string; price?: string[]; save?: boolean }) => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const matrix = await buildGpuMatrix(wh, {
        windowDays: Number(opts.days),
        highUseAt: Number(opts.highUseAt),
        pricePerGpuHour: prices(opts.price),
      });
      const recs = opts.save ? await gpuRecommendations(wh, matrix, { save: true }) : undefined;
      if (out.json) return out.data({ ...matrix, ...(recs ? { recommendations: recs } : {}) });
      out.table(
        ['quadrant', 'devices', 'cost', '$/month at stake'],
        Object.values(matrix.quadrants).map((q) => [
          q.label,
          q.devices,
          usd(q.costUsd),
          usd(q.opportunityMonthlyUsd),
        ]),
      );
      out.table(
        ['device', 'workload', 'use', 'criticality', 'placement', '$/month', 'why'],
        matrix.placements.map((p) => [
          p.deviceId,
          p.workload ?? p.namespace ?? p.hostname,
          pct(p.utilization),
          p.criticality,
          p.quadrant,
          usd(p.opportunityMonthlyUsd),
          p.reasons[0] ?? '',
        ]),
      );
      if (recs) {
        out.line(
          `Recommendations: ${recs.saved?.created ?? 0} new, ${recs.saved?.refreshed ?? 0} refreshed, ${recs.refused.length} refused by the guardrail, ${recs.skipped.length} placements without one.`,
        );
      }
    });

  gpu
    .command('timeline')
    .description('One GPU or MIG slice over time (busy, framebuffer, power).')
    .argument('<device>', 'GPU UUID, or <uuid>.mig<id> for a slice')
    .option('--days <n>', 'days back from its last sample', '7')
    .action(async (device: string, opts: { days: string }) => {
      const { out, openStore } = ctx();
      const t = await gpuTimeline(await openStore(), device, { days: Number(opts.days) });
      if (out.json) return out.data(t);
      out.line(
        `${t.deviceId} on ${t.hostname} (${t.model ?? 'unknown model'}), busy from ${t.busySource ?? '—'}`,
      );
      out.table(
        ['time', 'busy', 'FB used MiB', 'power W'],
        t.points.map((p) => [
          p.ts,
          pct(p.busy),
          p.fbUsedMiB?.toFixed(0) ?? '—',
          p.powerW?.toFixed(1) ?? '—',
        ]),
      );
    });

  const crit = gpu
    .command('criticality')
    .description('Business criticality registry (by device, workload, namespace, team or host).');
  crit.command('list').action(async () => {
    const { out, openStore } = ctx();
    const list = await listCriticality(await openStore());
    if (out.json) return out.data(list);
    out.table(
      ['scope', 'value', 'criticality', 'note', 'updated', 'by'],
      list.map((e) => [e.scope, e.value, e.criticality, e.note ?? '', e.updatedAt, e.updatedBy]),
    );
  });
  crit
    .command('set')
    .argument('<scope>', CRITICALITY_SCOPES.join(' | '))
    .argument('<value>')
    .argument('<criticality>', 'high | low')
    .option('--note <text>')
    .action(async (scope: string, value: string, criticality: string, opts: { note?: string }) => {
      const { out, openStore } = ctx();
      const parsed = CriticalityEntry.safeParse({
        scope,
        value,
        criticality,
        ...(opts.note ? { note: opts.note } : {}),
      });
      if (!parsed.success) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          hint: `scope is one of ${CRITICALITY_SCOPES.join(', ')}; criticality is high or low.`,
        });
      }
      await setCriticality(await openStore(), [parsed.data], { actor: actor() });
      if (out.json) out.data(parsed.data);
      else out.line(`${scope} ${value} is ${criticality} criticality.`);
    });
  crit
    .command('load')
    .argument('<file>', 'JSON [{scope,value,criticality,note}] or CSV scope,value,criticality,note')
    .action(async (file: string) => {
      const { out, openStore } = ctx();
      const r = await loadCriticalityFile(await openStore(), resolve(file), { actor: actor() });
      if (out.json) out.data(r);
      else out.line(`${file}: ${r.saved} entries saved.`);
    });
};
