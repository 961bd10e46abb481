/**
 * Turns a semantic result into the numbers a tool states: one AnswerValue per money/quantity cell,
 * labelled by its row's dimensions and period, each pointing at the query that produced it. The
 * values are copied, never recomputed, so grounding can compare text against them exactly.
 */
import type { SemanticResult } from '../../semantic/types.ts';
import type { AnswerValue } from '../types.ts';

/** Rows a tool returns to a model or MCP client at most (the rest is counted, not sent). */
export const MAX_TOOL_ROWS = 200;

/**
 * The numeric cells of `result` (first `MAX_TOOL_ROWS` rows) as values citing query `queryIndex`.
 * @example resultValues(await runQuery(wh, q), 0)[0] // { label: 'Amazon EC2 · effective_cost', value: '12.5', unit: 'USD', … }
 */
export function resultValues(result: SemanticResult, queryIndex = 0): AnswerValue[] {
  const dims = result.columns.filter((c) => c.role === 'dimension' || c.role === 'period');
  const nums = result.columns.filter((c) => c.role !== 'dimension' && c.role !== 'period');
  const out: AnswerValue[] = [];
  for (const row of result.rows.slice(0, MAX_TOOL_ROWS)) {
    const where = dims.map((d) => String(row[d.name] ?? '(none)')).join(' · ');
    for (const c of nums) {
      const v = row[c.name];
      if (v === null || v === undefined) continue;
      out.push({
        label: where ? `${where} · ${c.name}` : c.name,
        value: v,
        unit:
          c.role === 'delta_pct'
            ? '%'
            : c.unit === undefined || c.unit === 'currency'
              ? 'USD'
              : c.unit,
        source: { kind: 'query', index: queryIndex },
      });
    }
  }
  return out;
}
