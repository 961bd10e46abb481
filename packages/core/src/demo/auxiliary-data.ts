/**
 * The data beside the bill that later features ingest, written next to the billing exports:
 * business metrics (unit economics), EC2 utilization (rightsizing), LLM usage (Bedrock invocation
 * logs, OpenAI usage/costs pages) and GPU metrics (DCGM snapshots, nvidia-smi captures).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../store/warehouse.ts';
import { writeBusinessMetrics } from './business-metrics.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import { writeEc2Utilization } from './ec2-utilization.ts';
import { writeDcgmSnapshots, writeGpuInventory, writeNvidiaSmi } from './gpu-metrics.ts';
import type { BuildContext } from './item-factory.ts';
import { writeBedrockLogs, writeOpenAiUsage } from './llm-usage.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface AuxiliaryFile {
  kind:
    | 'business-metrics'
    | 'ec2-utilization'
    | 'bedrock-invocation-log'
    | 'openai-usage'
    | 'dcgm-snapshot'
    | 'nvidia-smi'
    | 'gpu-hosts'
    | 'gpu-criticality';
  format: string;
  path: string;
}

export async function writeAuxiliaryData(
  wh: Warehouse,
  o: { outDir: string; cal: DemoCalendar; ctx: BuildContext; rnd: SeededRandom },
): Promise<AuxiliaryFile[]> {
  const files: AuxiliaryFile[] = [];
  const metricsDir = join(o.outDir, 'metrics');
  mkdirSync(metricsDir, { recursive: true });
  const business = join(metricsDir, 'business-metrics.csv');
  writeBusinessMetrics(business, o.cal, o.ctx.scale, o.rnd.fork('business'));
  files.push({ kind: 'business-metrics', format: 'csv date,metric,value,app', path: business });
  const util = join(metricsDir, 'ec2-utilization.csv');
  writeEc2Utilization(util, o.cal, o.ctx.inventory.instances, o.rnd.fork('utilization'));
  files.push({ kind: 'ec2-utilization', format: 'csv resource_id,date,…', path: util });
  const bedrock = await writeBedrockLogs(wh, {
    dir: join(o.outDir, 'llm', 'aws-bedrock'),
    cal: o.cal,
    days: o.ctx.scale >= 0.5 ? 2 : 1,
    scale: o.ctx.scale,
    rnd: o.rnd.fork('bedrock'),
  });
  for (const path of bedrock)
    files.push({ kind: 'bedrock-invocation-log', format: 'jsonl ModelInvocationLog 1.0', path });
  for (const path of writeOpenAiUsage({
    dir: join(o.outDir, 'llm', 'openai'),
    cal: o.cal,
    scale: o.ctx.scale,
    rnd: o.rnd.fork('openai'),
  })) {
    files.push({ kind: 'openai-usage', format: 'json OpenAI Usage/Costs API page', path });
  }
  for (const path of writeDcgmSnapshots({
    dir: join(o.outDir, 'gpu', 'dcgm'),
    cal: o.cal,
    hosts: o.ctx.inventory.gpuHosts,
    rnd: o.rnd.fork('dcgm'),
  })) {
    files.push({ kind: 'dcgm-snapshot', format: 'prometheus text exposition', path });
  }
  for (const path of writeNvidiaSmi({
    dir: join(o.outDir, 'gpu', 'nvidia-smi'),
    cal: o.cal,
    hosts: o.ctx.inventory.gpuHosts,
    rnd: o.rnd.fork('nvidia-smi'),
  })) {
    files.push({ kind: 'nvidia-smi', format: 'csv nvidia-smi --query-gpu', path });
  }
  const inventory = writeGpuInventory({
    dir: join(o.outDir, 'gpu'),
    hosts: o.ctx.inventory.gpuHosts,
  });
  files.push({
    kind: 'gpu-hosts',
    format: 'csv hostname,resource_id,instance_type,team',
    path: inventory.hostMap,
  });
  files.push({
    kind: 'gpu-criticality',
    format: 'json criticality registry',
    path: inventory.criticality,
  });
  return files;
}
