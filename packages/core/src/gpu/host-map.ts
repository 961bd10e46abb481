/**
 * The host map: which cloud resource a GPU host is, for hosts whose metrics carry only a hostname
 * (an EC2 private DNS name is not in the bill). Loaded from an inventory export with a header —
 * `hostname,resource_id[,instance_type][,team]`, spellings like PrivateDnsName / InstanceId
 * accepted, comma or tab separated. Re-loading a hostname replaces its entry.
 */
import { readFileSync } from 'node:fs';
import { CostLensError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';

export interface HostMapEntry {
  hostname: string;
  resourceId: string;
  instanceType: string | null;
  team: string | null;
}

const ALIASES: Record<keyof HostMapEntry, string[]> = {
  hostname: ['hostname', 'host', 'privatednsname', 'nodename', 'node'],
  resourceId: ['resourceid', 'instanceid', 'instance', 'id'],
  instanceType: ['instancetype', 'type'],
  team: ['team', 'owner'],
};
const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Parses a host map; throws INVALID_INPUT naming file, line and column. */
export function parseHostMap(text: string, file: string): HostMapEntry[] {
  const lines = text.split(/\r?\n/);
  const sep = (lines[0] ?? '').includes('\t') ? '\t' : ',';
  const header = (lines[0] ?? '').split(sep).map(norm);
  const at = (k: keyof HostMapEntry) => header.findIndex((h) => ALIASES[k].includes(h));
  const issues: Issue[] = [];
  if (at('hostname') === -1 || at('resourceId') === -1) {
    issues.push({
      file,
      line: 1,
      message: 'a host map needs hostname and resource_id columns.',
      hint: 'e.g. aws ec2 describe-instances --query "Reservations[].Instances[].[PrivateDnsName,InstanceId,InstanceType]" with the header hostname,resource_id,instance_type.',
    });
  }
  const out: HostMapEntry[] = [];
  for (let i = 1; i < lines.length && issues.length === 0; i++) {
    if (lines[i]!.trim() === '') continue;
    const f = lines[i]!.split(sep).map((c) => c.trim());
    const get = (k: keyof HostMapEntry) => (at(k) === -1 ? '' : (f[at(k)] ?? ''));
    if (!get('hostname') || !get('resourceId')) {
      issues.push({
        file,
        line: i + 1,
        column: get('hostname') ? 'resource_id' : 'hostname',
        message: 'empty hostname or resource id.',
      });
      continue;
    }
    out.push({
      hostname: get('hostname'),
      resourceId: get('resourceId'),
      instanceType: get('instanceType') || null,
      team: get('team') || null,
    });
  }
  if (issues.length) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `${file}:${issues[0]!.line}: ${issues[0]!.message}`,
      hint: issues[0]!.hint,
      issues,
    });
  }
  return out;
}

/** Loads a host map file into `gpu_host`. */
export async function ingestHostMap(wh: Warehouse, file: string): Promise<{ hosts: number }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CostLensError({
      code: 'SOURCE_UNREADABLE',
      message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)}).`,
      cause: e,
    });
  }
  const entries = parseHostMap(text, file);
  await wh.transaction(async (tx) => {
    for (const e of entries) {
      await tx.exec(`DELETE FROM gpu_host WHERE hostname = $1`, [e.hostname]);
      await tx.exec(`INSERT INTO gpu_host VALUES ($1, $2, $3, $4, $5)`, [
        e.hostname,
        e.resourceId,
        e.instanceType,
        e.team,
        file,
      ]);
    }
  });
  return { hosts: entries.length };
}
