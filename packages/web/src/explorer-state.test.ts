import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv } from './csv.ts';
import {
  DEFAULT_STATE,
  parseExplorerState,
  serializeExplorerState,
  toSemanticQuery,
} from './explorer-state.ts';
import type { ExplorerState } from './explorer-state.ts';

describe('explorer state in the URL', () => {
  it('round-trips a view with filters through the query string', () => {
    const s: ExplorerState = {
      metric: 'billed_cost',
      groupBy: 'tag:env',
      grain: 'week',
      start: '2025-01-01',
      end: '2025-04-01',
      filters: [
        { dimension: 'provider', op: 'in', value: ['AWS', 'Microsoft'] },
        { dimension: 'team', op: 'is_null' },
        { dimension: 'service', op: 'contains', value: 'a:b' },
      ],
    };
    assert.deepEqual(parseExplorerState(`?${serializeExplorerState(s)}`), s);
  });

  it('keeps an explicit "no group-by" and "no grain" distinct from the defaults', () => {
    const none = parseExplorerState(
      serializeExplorerState({ ...DEFAULT_STATE, groupBy: null, grain: null }),
    );
    assert.equal(none.groupBy, null);
    assert.equal(none.grain, null);
    assert.deepEqual(parseExplorerState(''), DEFAULT_STATE);
  });

  it('drops malformed parameters instead of sending them', () => {
    const s = parseExplorerState('grain=fortnight&start=yesterday&f=provider:like:x&f=oops');
    assert.equal(s.grain, null);
    assert.equal(s.start, null);
    assert.deepEqual(s.filters, []);
  });

  it('builds the semantic query: time range only when both ends are set', () => {
    const q = toSemanticQuery({ ...DEFAULT_STATE, start: '2025-01-01', end: null });
    assert.equal(q.timeRange, undefined);
    assert.deepEqual(q.groupBy, ['service']);
    assert.deepEqual(
      toSemanticQuery({ ...DEFAULT_STATE, start: '2025-01-01', end: '2025-02-01' }).timeRange,
      {
        start: '2025-01-01',
        end: '2025-02-01',
      },
    );
  });
});

describe('CSV download', () => {
  it('quotes commas, quotes and newlines and keeps decimals exact', () => {
    const csv = toCsv(
      [{ name: 'service' }, { name: 'cost' }],
      [
        { service: 'A, "B"', cost: '0.100000000000001' },
        { service: null, cost: '2' },
      ],
    );
    assert.equal(csv, 'service,cost\r\n"A, ""B""",0.100000000000001\r\n,2\r\n');
  });

  it('shows names that read as spreadsheet formulas as text; negative costs stay numbers', () => {
    const csv = toCsv(
      [{ name: 'service' }, { name: 'cost' }],
      [
        { service: '=HYPERLINK("http://evil.example","x")', cost: '-1.50' },
        { service: '@SUM(1+1)', cost: '+2' },
        { service: "-2+3+cmd|' /C calc'!A0", cost: '3' },
      ],
    );
    const lines = csv.split('\r\n');
    assert.equal(lines[1], `"'=HYPERLINK(""http://evil.example"",""x"")",-1.50`);
    assert.equal(lines[2], "'@SUM(1+1),+2");
    assert.equal(lines[3], "'-2+3+cmd|' /C calc'!A0,3");
  });
});
