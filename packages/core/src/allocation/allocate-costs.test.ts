import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CostLensError } from '../errors.ts';
import { buildCatalog } from '../semantic/catalog.ts';
import { loadSemanticTestData } from '../semantic/test-dataset.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { allocateCosts } from './allocate-costs.ts';
import type { AllocationConfig } from './allocation-config.ts';
import { parseAllocationConfig } from './allocation-config.ts';
import { saveAllocationConfig } from './allocation-store.ts';
import { fromUnits, toUnits } from './exact-decimal.ts';
import { showback } from './showback.ts';

const TEAM_SQL = `coalesce(json_extract_string(Tags, '$.team'), json_extract_string(Tags, '$.Team'), json_extract_string(Tags, '$.TEAM'), json_extract_string(Tags, '$.owner'))`;

const CONFIG: AllocationConfig = {
  tagAliases: { team: ['team', 'owner'] },
  virtualDimensions: [],
  sharedCosts: [
    {
      id: 'support',
      match: [{ dimension: 'service', op: 'eq', value: 'AWS Support' }],
      across: 'team',
      method: 'even',
    },
    {
      id: 'cluster',
      match: [{ dimension: 'service', op: 'eq', value: 'Azure Kubernetes Service' }],
      across: 'team',
      method: 'proportional',
    },
    {
      id: 'untagged_platform',
      match: [
        { dimension: 'team', op: 'is_null' },
        { dimension: 'provider', op: 'eq', value: 'Microsoft' },
      ],
      across: 'team',
      method: 'fixed',
      percentages: { ml: 70, web: 30 },
    },
  ],
};

describe('cost allocation', () => {
  let wh: DuckDbWarehouse;
  const catalog = buildCatalog({ allocation: CONFIG });
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await loadSemanticTestData(wh, 600, 7);
  });
  after(() => wh.close());

  it('keeps every month’s total equal to the total before allocation, to the last digit', async () => {
    const r = await allocateCosts(wh, { catalog });
    const want = await wh.query<{ p: string; s: string }>(
      `SELECT strftime(date_trunc('month', ChargePeriodStart), '%Y-%m-%d') AS p, sum(EffectiveCost)::VARCHAR AS s FROM focus_cost GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(
      r.totals.map((t) => [t.period, t.before, t.after]),
      want.map((w) => [w.p, w.s, w.s]),
    );
    for (const t of r.totals) {
      const rows = r.rows.filter((x) => x.period === t.period);
      assert.equal(fromUnits(rows.reduce((a, x) => a + toUnits(x.total), 0n)), t.after);
    }
  });

  it('splits each pool evenly, proportionally to direct spend, or by fixed percentages', async () => {
    const r = await allocateCosts(wh, {
      catalog,
      timeRange: { start: '2025-01-01', end: '2025-02-01' },
    });
    const rows = r.rows;
    const direct = await wh.query<{ team: string | null; s: string }>(
      `SELECT ${TEAM_SQL} AS team, sum(EffectiveCost)::VARCHAR AS s FROM focus_cost
       WHERE ChargePeriodStart >= '2025-01-01' AND ChargePeriodStart < '2025-02-01'
         AND ServiceName NOT IN ('AWS Support', 'Azure Kubernetes Service')
         AND NOT (${TEAM_SQL} IS NULL AND coalesce(ServiceProviderName, ProviderName) = 'Microsoft')
       GROUP BY 1`,
    );
    const pool = async (where: string) =>
      toUnits(
        (
          await wh.query<{ s: string }>(
            `SELECT coalesce(sum(EffectiveCost), 0)::VARCHAR AS s FROM focus_cost
             WHERE ChargePeriodStart >= '2025-01-01' AND ChargePeriodStart < '2025-02-01' AND ${where}`,
          )
        )[0]!.s,
      );
    const support = await pool(`ServiceName = 'AWS Support'`);
    const cluster = await pool(`ServiceName = 'Azure Kubernetes Service'`);
    const untagged = await pool(
      `ServiceName NOT IN ('AWS Support', 'Azure Kubernetes Service') AND ${TEAM_SQL} IS NULL AND coalesce(ServiceProviderName, ProviderName) = 'Microsoft'`,
    );
    assert.ok(
      support !== 0n && cluster !== 0n && untagged !== 0n,
      'the fixture has all three pools',
    );

    const teams = direct
      .filter((d) => d.team !== null)
      .map((d) => d.team!)
      .sort();
    assert.deepEqual(teams, ['data', 'ml', 'web']);
    const byTeam = new Map(rows.map((x) => [x.value, x]));
    for (const d of direct) assert.equal(byTeam.get(d.team)!.direct, fromUnits(toUnits(d.s)));

    // Even: each team within one unit of a third, summing to the pool.
    const even = teams.map((t) => toUnits(byTeam.get(t)!.sharedByRule['support']!));
    assert.equal(
      even.reduce((a, x) => a + x, 0n),
      support,
    );
    for (const e of even) assert.ok(e - support / 3n <= 1n && e - support / 3n >= -1n);
    // Proportional: team share ≈ pool × team direct / all teams' direct.
    const dir = teams.map((t) => toUnits(direct.find((d) => d.team === t)!.s));
    const allDirect = dir.reduce((a, x) => a + x, 0n);
    const prop = teams.map((t) => toUnits(byTeam.get(t)!.sharedByRule['cluster']!));
    assert.equal(
      prop.reduce((a, x) => a + x, 0n),
      cluster,
    );
    prop.forEach((p, i) => {
      const exact = (cluster * dir[i]!) / allDirect;
      assert.ok(p - exact <= 1n && p - exact >= -1n);
    });
    // Fixed 70/30 between ml and web; data gets none of it.
    const ml = toUnits(byTeam.get('ml')!.sharedByRule['untagged_platform']!);
    const web = toUnits(byTeam.get('web')!.sharedByRule['untagged_platform']!);
    assert.equal(ml + web, untagged);
    assert.ok(ml - (untagged * 7n) / 10n <= 1n && ml - (untagged * 7n) / 10n >= -1n);
    assert.equal(byTeam.get('data')!.sharedByRule['untagged_platform'], undefined);
    // Untagged cost that no rule covers stays visible as unallocated.
    assert.ok(byTeam.has(null));
    assert.equal(byTeam.get(null)!.shared, '0.000000000000000');
  });

  it('leaves a pool unallocated when no team has direct cost in that period', async () => {
    const lonely = buildCatalog({
      allocation: {
        tagAliases: {},
        virtualDimensions: [],
        sharedCosts: [
          {
            id: 'all',
            match: [{ dimension: 'provider', op: 'is_not_null' }],
            across: 'team',
            method: 'even',
          },
        ],
      },
    });
    const r = await allocateCosts(wh, {
      catalog: lonely,
      timeRange: { start: '2025-01-01', end: '2025-02-01' },
    });
    assert.equal(r.rows.length, 1);
    assert.equal(r.rows[0]!.value, null);
    assert.equal(r.rows[0]!.total, r.totals[0]!.before);
    assert.match(r.splits[0]!.note ?? '', /left unallocated/);
  });

  it('produces a month-over-month showback from the stored config, totals unchanged', async () => {
    await saveAllocationConfig(wh, CONFIG, { source: 'test' });
    const s = await showback(wh, { month: '2025-02', by: 'team' });
    assert.equal(s.previousMonth, '2025-01');
    assert.equal(s.total.before, s.total.after);
    const jan = await allocateCosts(wh, {
      catalog,
      timeRange: { start: '2025-01-01', end: '2025-02-01' },
    });
    for (const row of s.rows) {
      const j = jan.rows.find((x) => x.value === row.value);
      assert.equal(row.previousTotal, j?.total ?? '0.000000000000000');
      assert.equal(fromUnits(toUnits(row.total) - toUnits(row.previousTotal)), row.delta);
      assert.equal(fromUnits(toUnits(row.direct) + toUnits(row.shared)), row.total);
    }
    assert.equal(s.rows.at(-1)!.value, null, 'unallocated comes last');
    assert.equal(s.total.previous, jan.totals[0]!.after);
  });

  it('rejects a non-money metric and a malformed month', async () => {
    await assert.rejects(
      allocateCosts(wh, { catalog, metric: 'row_count' }),
      /allocation splits money metrics/,
    );
    await assert.rejects(
      showback(wh, { month: '2025-13' }),
      (e: unknown) => e instanceof CostLensError && e.code === 'INVALID_INPUT',
    );
  });
});

describe('allocation config files', () => {
  it('names the file, line and field of every problem', () => {
    const text = `{
  "tagAliases": { "Team": ["team"] },
  "sharedCosts": [
    { "id": "support", "match": [], "method": "fixed", "percentages": { "a": 60, "b": 30 } }
  ]
}`;
    try {
      parseAllocationConfig(text, 'alloc.json');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof CostLensError);
      const cols = e.issues.map((i) => i.column).sort();
      assert.deepEqual(cols, [
        'sharedCosts.0.match',
        'sharedCosts.0.percentages',
        'tagAliases.Team',
      ]);
      assert.ok(e.issues.every((i) => i.file === 'alloc.json' && typeof i.line === 'number'));
      assert.equal(e.issues.find((i) => i.column === 'tagAliases.Team')!.line, 2);
    }
  });

  it('reports the line of a JSON syntax error', () => {
    assert.throws(
      () => parseAllocationConfig('{\n  "tagAliases": {\n  }\n  oops\n}', 'a.json'),
      /a\.json:4: not valid JSON/,
    );
  });
});
