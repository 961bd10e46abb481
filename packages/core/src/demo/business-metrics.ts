/**
 * Business metrics for unit economics, as `date,metric,value,app` CSV: daily requests per
 * customer-facing app, orders (checkout) and active customers. They follow the same growth and
 * weekly shape as the apps' costs, so cost per request moves sensibly.
 */
import { writeFileSync } from 'node:fs';
import { dayFactor } from './cost-profiles.ts';
import type { DemoCalendar } from './demo-calendar.ts';
import type { SeededRandom } from './seeded-random.ts';

const SERIES: readonly [metric: string, app: string, basePerDay: number][] = [
  ['requests', 'search-api', 42_000_000],
  ['requests', 'checkout-api', 6_500_000],
  ['requests', 'mobile-bff', 18_000_000],
  ['requests', 'marketing-site', 2_400_000],
  ['requests', 'assistant', 310_000],
  ['orders', 'checkout-api', 58_000],
  ['active_customers', 'all', 410_000],
];

/** Writes the CSV; returns its row count. */
export function writeBusinessMetrics(
  path: string,
  cal: DemoCalendar,
  scale: number,
  rnd: SeededRandom,
): number {
  const lines = ['date,metric,value,app'];
  for (let day = 0; day < cal.days.length; day++) {
    for (const [metric, app, base] of SERIES) {
      const profile = app === 'assistant' ? 'ai' : 'web';
      const noise = 1 + (rnd.next() - 0.5) * 0.06;
      const value = Math.round(base * Math.max(scale, 0.01) * dayFactor(profile, cal, day) * noise);
      lines.push(`${cal.days[day]},${metric},${value},${app}`);
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length - 1;
}
