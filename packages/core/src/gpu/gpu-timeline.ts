/**
 * One GPU's (or MIG slice's) timeline: busy, framebuffer used and power per time bucket, busy from
 * PROF_GR_ENGINE_ACTIVE where the device reports it, else DEV_GPU_UTIL (said in `busySource`).
 * Parameterized SQL; the device id is `<uuid>` or `<uuid>.mig<GPU_I_ID>` as the fleet names it.
 */
import { CostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';

export interface GpuTimeline {
  deviceId: string;
  hostname: string;
  model: string | null;
  busySource: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' | 'DCGM_FI_DEV_GPU_UTIL' | null;
  bucketMinutes: number;
  points: { ts: string; busy: number | null; fbUsedMiB: number | null; powerW: number | null }[];
}

/** `GPU-x.mig7` → ['GPU-x', '7']. */
export function parseDeviceId(id: string): [string, string | null] {
  const m = /^(.*)\.mig([^.]+)$/.exec(id);
  return m ? [m[1]!, m[2]!] : [id, null];
}

/**
 * @example await gpuTimeline(wh, 'GPU-00000000-…', { days: 2 })
 */
export async function gpuTimeline(
  wh: Warehouse,
  deviceId: string,
  opts: { days?: number; bucketMinutes?: number } = {},
): Promise<GpuTimeline> {
  const [uuid, mig] = parseDeviceId(deviceId);
  const bucket = Math.max(1, Math.trunc(opts.bucketMinutes ?? 60));
  const where = `gpu_uuid = $1 AND mig_instance IS NOT DISTINCT FROM $2`;
  const [info] = await wh.query<{
    hostname: string;
    model: string | null;
    last: string | null;
    prof: number | bigint;
  }>(
    `SELECT max(hostname) AS hostname, max(model) AS model, max(ts)::VARCHAR AS last,
       count(*) FILTER (WHERE metric = 'DCGM_FI_PROF_GR_ENGINE_ACTIVE') AS prof
     FROM gpu_sample WHERE ${where}`,
    [uuid, mig],
  );
  if (!info?.last) {
    throw new CostLensError({
      code: 'NOT_FOUND',
      message: `no GPU samples for device ${deviceId}`,
      hint: 'List devices with costlens gpu fleet (ids are the GPU UUID, or <uuid>.mig<id> for a MIG slice).',
    });
  }
  const busyMetric =
    Number(info.prof) > 0 ? 'DCGM_FI_PROF_GR_ENGINE_ACTIVE' : 'DCGM_FI_DEV_GPU_UTIL';
  const rows = await wh.query<{
    t: string;
    busy: number | null;
    fb: number | null;
    power: number | null;
  }>(
    `SELECT strftime(time_bucket(to_minutes($3::BIGINT), ts), '%Y-%m-%dT%H:%M:%SZ') AS t,
       avg(value) FILTER (WHERE metric = $4) * $5::DOUBLE AS busy,
       avg(value) FILTER (WHERE metric = 'DCGM_FI_DEV_FB_USED') AS fb,
       avg(value) FILTER (WHERE metric = 'DCGM_FI_DEV_POWER_USAGE') AS power
     FROM gpu_sample
     WHERE ${where} AND ts > (SELECT max(ts) FROM gpu_sample WHERE ${where}) - to_days($6::INTEGER)
     GROUP BY 1 ORDER BY 1`,
    [
      uuid,
      mig,
      bucket,
      busyMetric,
      busyMetric === 'DCGM_FI_DEV_GPU_UTIL' ? 0.01 : 1,
      opts.days ?? 7,
    ],
  );
  return {
    deviceId,
    hostname: info.hostname,
    model: info.model,
    busySource: rows.some((r) => r.busy !== null) ? busyMetric : null,
    bucketMinutes: bucket,
    points: rows.map((r) => ({ ts: r.t, busy: r.busy, fbUsedMiB: r.fb, powerW: r.power })),
  };
}
