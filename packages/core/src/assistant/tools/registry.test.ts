import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertCostRows } from '../../anomaly/cost-rows-fixture.ts';
import type { CostRow } from '../../anomaly/cost-rows-fixture.ts';
import { listAudit } from '../../audit/audit-log.ts';
import { isCostLensError } from '../../errors.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { ASSISTANT_TOOLS, runTool, toolsForRole } from './registry.ts';

/** `12.500000` → `12.5`: the same decimal however many places the engine keeps. */
const trimDec = (d: string) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);

const rows: CostRow[] = [];
for (let d = 1; d <= 28; d++) {
  const day = `2025-02-${String(d).padStart(2, '0')}`;
  rows.push({ day, cost: '10.10', service: 'Amazon EC2', tags: { team: 'ml' } });
  rows.push({ day, cost: '3.33', service: 'Amazon S3', resource: 'b-1', tags: { team: 'web' } });
}
// A spike on March 3: i-gpu appears at $500.
rows.push({ day: '2025-03-03', cost: '10.10', service: 'Amazon EC2', tags: { team: 'ml' } });
rows.push({ day: '2025-03-03', cost: '500.00', resource: 'i-gpu', tags: { team: 'ml' } });

describe('assistant tool registry', () => {
  let wh: DuckDbWarehouse;
  before(async () => {
    wh = await DuckDbWarehouse.open();
    await insertCostRows(wh, rows);
  });
  after(async () => wh.close());

  it('names every tool once, in snake_case, with an object input schema', () => {
    const names = ASSISTANT_TOOLS.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    for (const t of ASSISTANT_TOOLS) {
      assert.match(t.name, /^[a-z][a-z0-9_]*$/);
      assert.ok(t.description.length > 20, t.name);
    }
    for (const n of ['query_costs', 'explain_change', 'list_anomalies', 'forecast']) {
      assert.ok(names.includes(n), n);
    }
  });

  it('offers a viewer only read-only tools and an approver the mutating one too', () => {
    assert.ok(toolsForRole('viewer').every((t) => !t.mutates));
    assert.ok(toolsForRole('approver').some((t) => t.name === 'approve_recommendation'));
  });

  it('query_costs returns the same sums as SQL over the rows, as exact decimals', async () => {
    const r = await runTool(
      'query_costs',
      { wh, role: 'viewer', actor: 'test' },
      {
        metric: 'effective_cost',
        groupBy: ['service'],
        timeRange: { start: '2025-02-01', end: '2025-03-01' },
      },
    );
    const expected = await wh.query<{ s: string; c: string }>(
      `SELECT "ServiceName" AS s, sum("EffectiveCost")::VARCHAR AS c FROM focus_cost
       WHERE "ChargePeriodStart" >= '2025-02-01' AND "ChargePeriodStart" < '2025-03-01' GROUP BY 1`,
    );
    assert.equal(expected.length, 2);
    for (const e of expected) {
      const v = r.values.find((x) => x.label.startsWith(`${e.s} ·`));
      assert.ok(v, e.s);
      assert.equal(trimDec(String(v.value)), trimDec(e.c));
    }
    assert.equal(r.queries?.length, 1);
    assert.match(r.sql?.[0] ?? '', /SELECT/);
  });

  it('explain_change names the new GPU box as the top driver of the spike', async () => {
    const r = await runTool(
      'explain_change',
      { wh, role: 'viewer', actor: 'test' },
      { start: '2025-03-03', end: '2025-03-03' },
    );
    const data = r.data as { drivers: { dimension: string; value: string | null }[] };
    assert.ok(data.drivers.some((d) => d.dimension === 'resource_id' && d.value === 'i-gpu'));
    assert.match(r.summary, /500/);
  });

  it('refuses bad arguments with every problem named, before running anything', async () => {
    await assert.rejects(
      runTool('query_costs', { wh, role: 'viewer', actor: 'test' }, { metric: 3, limit: -1 }),
      (e) =>
        isCostLensError(e) &&
        e.code === 'INVALID_INPUT' &&
        e.issues.some((i) => i.column === 'metric') &&
        e.issues.some((i) => i.column === 'limit'),
    );
    await assert.rejects(
      runTool('no_such_tool', { wh, role: 'admin', actor: 'test' }, {}),
      (e) => isCostLensError(e) && e.code === 'NOT_FOUND',
    );
  });

  it('refuses a mutating tool to a viewer and writes no audit entry', async () => {
    const before = (await listAudit(wh)).length;
    await assert.rejects(
      runTool(
        'approve_recommendation',
        { wh, role: 'viewer', actor: 'token:v' },
        { id: 'rec_x', reason: 'because' },
      ),
      (e) => isCostLensError(e) && e.code === 'FORBIDDEN',
    );
    assert.equal((await listAudit(wh)).length, before);
  });

  it('data_quality and list_anomalies answer on a small store', async () => {
    const q = await runTool('data_quality', { wh, role: 'viewer', actor: 'test' }, {});
    assert.ok(q.values.some((v) => v.label === 'data quality score'));
    const a = await runTool('list_anomalies', { wh, role: 'viewer', actor: 'test' }, {});
    assert.match(a.summary, /No active anomalies/);
  });
});
