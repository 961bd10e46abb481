/**
 * Daily EC2 utilization for the last 30 days, CloudWatch-style (`resource_id,date,instance_type,
 * cpu_avg,cpu_p95,mem_p95,network_out_gb`), for every instance running then. Planted idle and
 * oversized instances show the utilization their ground-truth entries state; the rest are busy
 * enough that no rightsizing rule should fire.
 */
import { writeFileSync } from 'node:fs';
import type { DemoCalendar } from './demo-calendar.ts';
import type { Ec2Instance } from './demo-inventory.ts';
import { OVERSIZED_UTILIZATION } from './planted-savings.ts';
import type { SeededRandom } from './seeded-random.ts';

const fixed = (n: number) => n.toFixed(1);

/** Writes the CSV; returns its row count. */
export function writeEc2Utilization(
  path: string,
  cal: DemoCalendar,
  instances: readonly Ec2Instance[],
  rnd: SeededRandom,
): number {
  const lines = ['resource_id,date,instance_type,cpu_avg,cpu_p95,mem_p95,network_out_gb'];
  const first = Math.max(0, cal.days.length - 30);
  for (const inst of instances) {
    const r = rnd.fork(inst.resourceId);
    for (let day = first; day < cal.days.length; day++) {
      if (day < inst.startDay || day >= inst.endDay) continue;
      let cpuP95: number;
      let memP95: number;
      switch (inst.utilization) {
        case 'idle':
          cpuP95 = r.range(0.3, 2.5);
          memP95 = r.range(4, 9);
          break;
        case 'oversized':
          cpuP95 = OVERSIZED_UTILIZATION.cpuP95 + r.range(-1, 1);
          memP95 = OVERSIZED_UTILIZATION.memP95 + r.range(-1, 1);
          break;
        case 'gpu':
          cpuP95 = r.range(35, 70);
          memP95 = r.range(55, 85);
          break;
        default:
          cpuP95 = r.range(45, 88);
          memP95 = r.range(52, 86);
      }
      const cpuAvg = cpuP95 * r.range(0.45, 0.7);
      const net = inst.utilization === 'idle' ? r.range(0, 0.05) : r.range(2, 80);
      lines.push(
        `${inst.resourceId},${cal.days[day]},${inst.type},${fixed(cpuAvg)},${fixed(cpuP95)},${fixed(memP95)},${net.toFixed(3)}`,
      );
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length - 1;
}
