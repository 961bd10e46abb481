/**
 * `costlens monitors list|add|remove` — what anomaly detection watches. A scope is a list of
 * `--filter dimension=value` (also `!=` and `~` for contains) over semantic-layer dimensions;
 * `--granularity hour` scores the scope by hour where the data has hourly charge periods.
 */
import type { Filter, MonitorGranularity } from '@costlens/core';
import {
  CostLensError,
  MONITOR_GRANULARITIES,
  SCOPE_DIMENSIONS,
  addMonitor,
  listMonitors,
  monitorPrecision,
  removeMonitor,
  setMonitorEnabled,
} from '@costlens/core';
import type { RegisterCommand } from './types.ts';

/** Parses `service=Amazon EC2`, `tag:env!=prod`, `resource_id~gpu`. */
export function parseFilter(text: string): Filter {
  const m = /^([A-Za-z_]+(?::[^=!~]+)?)\s*(!=|=|~)\s*(.*)$/.exec(text);
  if (!m || m[3] === '') {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `cannot read the filter "${text}"`,
      hint: `Write dimension=value (or != / ~ for contains), e.g. service=Amazon EC2; dimensions: ${SCOPE_DIMENSIONS.join(', ')}, tag:<key>.`,
    });
  }
  const op = m[2] === '=' ? 'eq' : m[2] === '!=' ? 'neq' : 'contains';
  return { dimension: m[1]!, op, value: m[3]! };
}

export const registerMonitors: RegisterCommand = (program, ctx) => {
  const group = program.command('monitors').description('What anomaly detection watches.');

  group
    .command('list')
    .description('List monitors with their sensitivity, floors and precision from feedback.')
    .action(async () => {
      const c = ctx();
      const wh = await c.openStore();
      const monitors = await listMonitors(wh);
      const precision = new Map((await monitorPrecision(wh)).map((p) => [p.monitorId, p]));
      if (c.out.json) {
        c.out.data(monitors.map((m) => ({ ...m, precision: precision.get(m.id) ?? null })));
        return;
      }
      if (monitors.length === 0) {
        c.out.line(
          'No monitors yet. `costlens anomalies detect` creates the defaults; `costlens monitors add` adds yours.',
        );
        return;
      }
      c.out.table(
        [
          'id',
          'name',
          'metric',
          'every',
          'origin',
          'sensitivity',
          'min $',
          'min %',
          'anomalies',
          'precision',
        ],
        monitors.map((m) => {
          const p = precision.get(m.id);
          return [
            m.id,
            m.name,
            m.metric,
            m.granularity,
            m.origin,
            m.sensitivity.toFixed(2),
            m.minImpactUsd,
            `${Math.round(m.minRelative * 100)}`,
            p?.anomalies ?? 0,
            p?.precision === null || p?.precision === undefined
              ? ''
              : `${Math.round(p.precision * 100)} % of ${p.labelled}`,
          ];
        }),
      );
    });

  group
    .command('add')
    .description('Add a monitor over a scope.')
    .option(
      '--filter <dimension=value>',
      'scope filter (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--name <name>', 'display name')
    .option('--metric <id>', 'effective_cost (default), billed_cost, list_cost, contracted_cost')
    .option('--team <team>', 'owning team, for alert routing')
    .option('--min-impact <usd>', 'dollar floor an anomaly must move (default 25)')
    .option('--min-relative <fraction>', 'relative floor, e.g. 0.1 for 10 % (default 0.1)')
    .option(
      '--granularity <day|hour>',
      'score daily (default) or hourly cost; hourly needs data with hourly charge periods',
    )
    .action(
      async (opts: {
        filter: string[];
        name?: string;
        metric?: string;
        team?: string;
        minImpact?: string;
        minRelative?: string;
        granularity?: string;
      }) => {
        const c = ctx();
        if (
          opts.granularity !== undefined &&
          !(MONITOR_GRANULARITIES as readonly string[]).includes(opts.granularity)
        ) {
          throw new CostLensError({
            code: 'INVALID_INPUT',
            message: `--granularity must be one of ${MONITOR_GRANULARITIES.join(', ')}, got "${opts.granularity}"`,
          });
        }
        const minRelative = opts.minRelative === undefined ? undefined : Number(opts.minRelative);
        if (minRelative !== undefined && !(minRelative >= 0)) {
          throw new CostLensError({
            code: 'INVALID_INPUT',
            message: `--min-relative must be a number ≥ 0, got "${opts.minRelative}"`,
          });
        }
        const wh = await c.openStore();
        const m = await addMonitor(
          wh,
          {
            filters: opts.filter.map(parseFilter),
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.metric ? { metric: opts.metric } : {}),
            ...(opts.team ? { team: opts.team } : {}),
            ...(opts.minImpact ? { minImpactUsd: opts.minImpact } : {}),
            ...(minRelative === undefined ? {} : { minRelative }),
            ...(opts.granularity ? { granularity: opts.granularity as MonitorGranularity } : {}),
          },
          { now: new Date(), actor: c.actor },
        );
        if (c.out.json) c.out.data(m);
        else c.out.line(`monitor ${m.id} (${m.name}) is watching.`);
      },
    );

  group
    .command('remove')
    .description(
      'Remove a monitor you added (its anomalies and their history stay); disable a default one.',
    )
    .argument('<id>', 'monitor id')
    .action(async (id: string) => {
      const c = ctx();
      await removeMonitor(await c.openStore(), id, { actor: c.actor, now: new Date() });
      if (c.out.json) c.out.data({ removed: id });
      else c.out.line(`monitor ${id} removed.`);
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    group
      .command(verb)
      .description(
        enabled
          ? 'Score a disabled monitor again.'
          : 'Stop scoring a monitor (a disabled default monitor stays off).',
      )
      .argument('<id>', 'monitor id')
      .action(async (id: string) => {
        const c = ctx();
        const m = await setMonitorEnabled(await c.openStore(), id, enabled, {
          actor: c.actor,
          now: new Date(),
        });
        if (c.out.json) c.out.data(m);
        else c.out.line(`monitor ${id} ${enabled ? 'enabled' : 'disabled'}.`);
      });
  }
};
