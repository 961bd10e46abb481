/**
 * How usage moves over the window: per profile, a factor per day combining growth, weekly and
 * monthly seasonality, and holidays. Instance-hour items are capped at 24 h by their template, so
 * `office` (dev boxes stopped at night and on weekends) shows as fewer hours, not cheaper hours.
 * Pure: the same calendar gives the same table.
 */
import type { DemoCalendar } from './demo-calendar.ts';

export const PROFILES = [
  'flat',
  'always',
  'office',
  'weekday',
  'web',
  'batch',
  'storage',
  'ai',
  'internal',
] as const;
export type ProfileId = (typeof PROFILES)[number];

interface Shape {
  /** Monthly compound growth. */
  growth: number;
  /** Factor per weekday, Sunday first. */
  week: readonly number[];
  monthEnd?: number;
  holidayDip?: number;
  cyberWeek?: number;
}

const SHAPES: Record<ProfileId, Shape> = {
  flat: { growth: 0, week: [1, 1, 1, 1, 1, 1, 1] },
  always: { growth: 0, week: [1, 1, 1, 1, 1, 1, 1] },
  office: { growth: 0, week: [0, 14 / 24, 14 / 24, 14 / 24, 14 / 24, 14 / 24, 0] },
  weekday: { growth: 0, week: [0, 1, 1, 1, 1, 1, 0] },
  web: {
    growth: 0.025,
    week: [0.74, 1, 1.02, 1.02, 1, 0.95, 0.78],
    holidayDip: 0.82,
    cyberWeek: 1.3,
  },
  batch: { growth: 0.015, week: [0.85, 1, 1, 1, 1, 1, 0.85], monthEnd: 1.7 },
  storage: { growth: 0.03, week: [1, 1, 1, 1, 1, 1, 1] },
  ai: { growth: 0.09, week: [0.62, 1, 1.04, 1.04, 1.02, 0.95, 0.65], holidayDip: 0.8 },
  internal: { growth: 0.005, week: [0.5, 1, 1, 1, 1, 1, 0.5], holidayDip: 0.7 },
};

function isHoliday(date: string): boolean {
  const md = date.slice(5);
  return md >= '12-24' || md <= '01-01';
}

/** The Friday after the fourth Thursday of November, through the following Monday. */
function isCyberWeek(date: string): boolean {
  if (date.slice(5, 7) !== '11') return false;
  const year = Number(date.slice(0, 4));
  const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - nov1 + 7) % 7) + 21;
  const day = Number(date.slice(8, 10));
  return day >= thanksgiving + 1 && day <= thanksgiving + 4;
}

/** Factor of one profile on one day. */
export function dayFactor(profile: ProfileId, cal: DemoCalendar, day: number): number {
  const shape = SHAPES[profile];
  const date = cal.days[day]!;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  let f = Math.pow(1 + shape.growth, day / 30.4375) * shape.week[weekday]!;
  if (shape.monthEnd) {
    const month = cal.months.find((m) => day >= m.firstDay && day <= m.lastDay)!;
    const lastOfMonth =
      Math.round(
        (Date.parse(`${month.end}T00:00:00Z`) - Date.parse(`${cal.startDate}T00:00:00Z`)) /
          86_400_000,
      ) - 1;
    if (day >= lastOfMonth - 2) f *= shape.monthEnd;
    else if (day === month.firstDay) f *= 1 + (shape.monthEnd - 1) / 2;
  }
  if (shape.holidayDip && isHoliday(date)) f *= shape.holidayDip;
  if (shape.cyberWeek && isCyberWeek(date)) f *= shape.cyberWeek;
  return f;
}

/** Rows of the `demo_factor` table: `[profile, day, factor]`. */
export function factorTable(cal: DemoCalendar): [string, number, number][] {
  const rows: [string, number, number][] = [];
  for (const p of PROFILES) {
    for (let d = 0; d < cal.days.length; d++) rows.push([p, d, dayFactor(p, cal, d)]);
  }
  return rows;
}
