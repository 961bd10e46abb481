/**
 * Prometheus-style long exports (`instance,timestamp,metric,value`, one sample per row) turned
 * into the wide daily shape the loader reads: per instance and UTC day, the highest sample of each
 * CPU and memory metric (percent). Rows of other metrics are ignored; bad rows are reported with
 * the original file line. Timestamps may be ISO or Unix seconds / milliseconds.
 */
import type { Issue } from '../errors.ts';

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** An ISO date from an ISO timestamp or Unix seconds / milliseconds; '' when unreadable. */
export function dayOf(raw: string): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) return raw.slice(0, 10);
  if (/^\d{9,13}(\.\d+)?$/.test(raw)) {
    const n = Number(raw);
    const ms = n < 1e11 ? n * 1000 : n;
    return new Date(ms).toISOString().slice(0, 10);
  }
  return '';
}

/** The wide CSV text for a long export, or null when `text` is not in the long shape. */
export function pivotLongUtilization(text: string, file: string, issues: Issue[]): string | null {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map(norm);
  const metric = header.indexOf('metric');
  const value = header.indexOf('value');
  const id = header.findIndex((h) => ['instance', 'instanceid', 'resourceid'].includes(h));
  const time = header.findIndex((h) => ['timestamp', 'time', 'date'].includes(h));
  if (metric === -1 || value === -1 || id === -1 || time === -1) return null;
  const days = new Map<string, { cpu: number | null; mem: number | null }>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const f = line.split(',').map((x) => x.trim());
    const name = (f[metric] ?? '').toLowerCase();
    const field = name.includes('cpu') ? 'cpu' : name.includes('mem') ? 'mem' : null;
    if (!field) continue;
    const day = dayOf(f[time] ?? '');
    const v = Number(f[value]);
    if (!day) {
      issues.push({
        file,
        line: i + 1,
        column: 'timestamp',
        message: `timestamp "${f[time]}" is not a date.`,
        hint: 'Use ISO 8601 or Unix seconds.',
      });
      continue;
    }
    if (f[value] === '' || !Number.isFinite(v) || v < 0 || v > 100) {
      issues.push({
        file,
        line: i + 1,
        column: 'value',
        message: `value "${f[value]}" is not a percentage.`,
        hint: 'Export utilization as percent (0–100).',
      });
      continue;
    }
    const key = `${f[id]}\u0000${day}`;
    const cur = days.get(key) ?? { cpu: null, mem: null };
    cur[field] = Math.max(cur[field] ?? 0, v);
    days.set(key, cur);
  }
  const out = ['resource_id,date,cpu_p95,mem_p95'];
  for (const [key, v] of days) {
    if (v.cpu === null) continue;
    const [rid, day] = key.split('\u0000');
    out.push(`${rid},${day},${v.cpu},${v.mem ?? ''}`);
  }
  return out.join('\n');
}
